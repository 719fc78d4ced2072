"""Law objects: the official text link (:url:) should point at the law's own page, not a site's home page.

Legal staff fill in each law's page in the official database (国家法律法规数据库 and the like); until then the
link is the site's home page and ``zhifa check`` warns, one warning per law, without failing."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from zhifa.checks import Context, advisory
from zhifa.model.problems import Problem


def is_home_page(url: str) -> bool:
    """https://flk.npc.gov.cn/ or https://www.samr.gov.cn: a site, not one law's page."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query and not parts.fragment


@advisory
def official_text_is_a_home_page(ctx: Context):
    by_law: dict[tuple[str, str], list] = defaultdict(list)
    for o in ctx.repo.objects:
        if o.type == ctx.repo.model.role("law_article") and o.value("url") and is_home_page(o.value("url")):
            by_law[(o.value("law") or o.title, o.value("url"))].append(o)
    for (law, url), objs in sorted(by_law.items()):
        first = min(objs, key=lambda o: (o.path, o.line))
        yield Problem(
            first.path,
            first.line_of("url"),
            f"《{law}》的 {len(objs)} 个条文对象的官方文本网址（:url:）仍是网站首页 {url}",
            "请法制人员在官方数据库中打开这部法律本身的页面，把该页面的网址填入这些条文对象的 :url:",
            kind="warning",
        )
