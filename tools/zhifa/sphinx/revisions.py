"""Amendments on the site: each clause's history (releases and commits that changed it), the number a
repealed clause last had, the {releases} page (manifests, the normalisation rule and the 修订对照表 of
the latest release against the previous one) and each standard as one .docx."""

from __future__ import annotations

import hashlib
import json
import pickle
import posixpath
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData

from zhifa import forks
from zhifa.amend import compare, history, release
from zhifa.codekey import code_key
from zhifa.model import status
from zhifa.model.repo import STANDARDS_DIR
from zhifa.sphinx import background, validate
from zhifa.sphinx.collector import facts
from zhifa.sphinx.state import build_date, env_state, role, run_state

logger = logging.getLogger(__name__)
DOCX_DIR = "docx/standards"


class releases_placeholder(nodes.General, nodes.Element):
    """Replaced, once every object is known, by the releases, the normalisation rule and the 对照表."""


class ReleasesDirective(SphinxDirective):
    def run(self):
        for path in sorted((release.home(self.env.srcdir) / release.RELEASES_DIR).glob("v*.json")):
            self.env.note_dependency(str(path))  # a new release re-reads the page
        return [releases_placeholder()]


def load_history(app) -> None:
    """builder-inited: the clauses' history, read from git again only when the history changed (kept with the
    build state, for this code)."""
    path = Path(app.doctreedir) / "zhifa-history.pickle"
    try:
        kept = pickle.loads(path.read_bytes())
        cache = kept["history"] if kept.get("code") == code_key() else {}
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, KeyError, TypeError):
        cache = {}
    before = cache.get("key")
    run_state(app).history = history.load(release.home(app.srcdir), cache)  # a layer's own history
    if cache.get("key") != before:
        path.write_bytes(pickle.dumps({"code": code_key(), "history": cache}, pickle.HIGHEST_PROTOCOL))


def printed_standards(app, env) -> None:
    """env-updated: which standards are printed as .docx (the numbers repealed clauses last had come
    from the core outline, with every other number)."""
    env_state(env).printed = _with_clauses(env)


def was_number(env, need_id: str) -> str:
    return env_state(env).last_numbers.get(need_id, "")


def history_section(app, need) -> nodes.Element | None:
    """修订记录 of one clause: releases and commits that changed its text or dates, oldest first."""
    found = run_state(app).history
    if found is None:
        return None
    box = nodes.container(classes=["zf-history"])
    box += nodes.paragraph("", "修订记录：", classes=["zf-link-label"])
    entries = found.of(need["id"])
    if entries:
        items = nodes.bullet_list()
        for c in entries:
            if c.kind == "发布":
                text = f"{c.date} 发布 {c.ref}：{c.subject}"
            elif c.kind == "待发布":
                text = f"待发布的修改：{c.subject}"
            else:  # commit subjects are English and rewritten by squash merges: the reasons come with releases
                text = f"{c.date} {c.kind}（提交 {c.ref}）"
            items += nodes.list_item("", nodes.paragraph("", text))
        box += items
    if found.note:
        box += nodes.paragraph("", found.note, classes=["zf-note"])
    elif not entries:
        box += nodes.paragraph("", "尚未提交到版本库。")
    return box


def history_changed(app, env) -> list[str]:
    """env-get-updated: pages whose clauses' history changed (a new commit or release with no source
    edit) are written again, so an incremental build never shows a stale 修订记录."""
    found = run_state(app).history
    if found is None:
        return []
    before = env_state(env).history_digest
    now = {}
    for doc, info in facts(env).items():
        ids = [i for i, t in info["objects"] if t == role(env, "article")]
        if ids:
            now[doc] = hashlib.sha256(repr([(i, found.of(i), found.note) for i in ids]).encode()).hexdigest()
    env_state(env).history_digest = now
    return [d for d, h in now.items() if before.get(d) != h]


# ---- the {releases} page -------------------------------------------------------------------------


def _manifests(app) -> list[dict]:
    out = []
    for path in (release.home(app.srcdir) / release.RELEASES_DIR).glob("v*.json"):
        try:
            out.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            logger.warning(f"发布清单无法读取：{exc}", location=str(path), type="zhifa", subtype="release")
    return sorted(out, key=lambda m: history.release_key(m.get("release", "")))


def _table(headers: list[str], rows: list[list], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["zf-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group += [nodes.colspec(colwidth=w) for w in widths]
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph("", h)) for h in headers))
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += nodes.row("", *(nodes.entry("", *(c if isinstance(c, list) else [c])) for c in cells))
    group += body
    return table


def _cell(row: compare.Row, side: int) -> list[nodes.Node]:
    """One side of a 对照表 row, a paragraph per 款/项: deletions struck on the left, additions bold and
    underlined on the right (the runs of compare.sides, as every format renders them)."""
    label = row.old_label if side == 0 else row.new_label
    out = [nodes.paragraph("", "", nodes.strong("", label))] if label else []
    mark = "zf-del" if side == 0 or row.kind == "废止" else "zf-ins"
    for runs in compare.sides(row)[side]:
        para = nodes.paragraph()
        for piece, changed in runs:
            para += nodes.inline("", piece, classes=[mark]) if changed else nodes.Text(piece)
        out.append(para)
    return out


def _comparison(app, older: str, newer: str) -> list[nodes.Node]:
    on = build_date(app)
    try:
        report = compare.compare(release.home(app.srcdir), older, newer, on)  # each version merged, if layered
    except (subprocess.CalledProcessError, OSError) as exc:
        logger.info(f"对照表未生成：{exc}")
        return [
            nodes.paragraph(
                "",
                f"无法从版本库读取 {older} 和 {newer}（浅克隆或缺少标签），对照表未生成；"
                f"可运行 zhifa diff {older} {newer}。",
            )
        ]
    out = [
        nodes.paragraph("", report.versions),
        nodes.paragraph("", report.summary),
        nodes.paragraph("", compare.LEGEND),
    ]
    if not report.rows:
        return [*out, nodes.paragraph("", "两个发布之间条款没有变化。")]
    rows = [[_cell(r, 0), _cell(r, 1), [nodes.paragraph("", r.explanation)]] for r in report.rows]
    out.append(_table(list(compare.HEADERS), rows, [5, 5, 3]))
    if report.renumbering_note:
        out.append(nodes.paragraph("", report.renumbering_note))
    return out


def _releases(app, docname: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    manifests = _manifests(app)
    rule = nodes.paragraph()
    rule += nodes.strong("", "规范化规则：")
    rule += nodes.Text(release.NORMALISATION)
    out.append(rule)
    if not manifests:
        return [*out, nodes.paragraph("", "尚无发布。法制人员运行 zhifa release 发布后，这里列出各发布及其清单。")]
    rows = []
    for m in reversed(manifests):
        link = nodes.paragraph()
        uri = posixpath.relpath(f"{release.RELEASES_DIR}/{m['release']}.json", posixpath.dirname(docname) or ".")
        link += nodes.reference("", f"{m['release']}.json", refuri=uri)
        hashes = nodes.paragraph()
        for k, (title, digest) in enumerate(m.get("standards", {}).items()):
            if k:
                hashes += nodes.inline("", "；")
            hashes += nodes.Text(f"{title} ")
            hashes += nodes.literal("", digest)
        rows.append(
            [
                nodes.paragraph("", m["release"]),
                nodes.paragraph("", m.get("date", "")),
                nodes.paragraph("", str(len(m.get("clauses", {})))),
                hashes,
                link,
            ]
        )
    out.append(_table(["发布", "日期", "条款数", "规范整体指纹（SHA-256）", "发布清单"], rows, [2, 2, 1, 8, 2]))
    title = nodes.rubric("", "修订对照表")
    out.append(title)
    if len(manifests) < 2:
        out.append(
            nodes.paragraph(
                "",
                f"目前只有一个发布（{manifests[0]['release']}），尚无可对照的上一发布。"
                f"查看此后未发布的修改：zhifa diff {manifests[0]['release']} HEAD。",
            )
        )
    else:
        older, newer = manifests[-2]["release"], manifests[-1]["release"]
        out.append(nodes.paragraph("", f"最新发布 {newer} 与上一发布 {older} 相比："))
        out += _comparison(app, older, newer)
    return out


def _with_clauses(env) -> dict[str, list[str]]:
    """Standards that have clauses (a list of 合规事项 is not printed as articles), with their chapters."""
    docs = facts(env)
    standards = [
        (std, [d for d in env.toctree_includes.get(std, []) if d in docs])
        for std in env.toctree_includes.get(f"{STANDARDS_DIR}/index", [])
        if std.endswith("/index")
    ]
    return {
        std: chapters
        for std, chapters in standards
        if any(t == role(env, "article") for d in chapters for _, t in docs[d]["objects"])
    }


def _standard_docx(app, docname: str) -> str | None:
    """Relative link from a standard's index page to its .docx, or None on other pages."""
    if docname in env_state(app.env).printed:
        return posixpath.relpath(f"{DOCX_DIR}/{docname.split('/')[1]}.docx", posixpath.dirname(docname))
    return None


def resolve(app, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(releases_placeholder)):
        node.replace_self(_releases(app, docname))
    uri = _standard_docx(app, docname)
    if uri:
        para = nodes.paragraph(classes=["zf-download"])
        para += nodes.reference(
            "", "下载本规范全文（.docx，公文格式，按本站构建日期施行的条款编号）", refuri=uri, classes=["zf-docx"]
        )
        section = next(iter(doctree.findall(nodes.section)), doctree)
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(title) + 1 if title is not None and title.parent is section else 0, para)


def copy_releases(app, exception) -> None:
    """build-finished: a layered repository publishes the layer's own release manifests next to the pages."""
    if exception is not None or app.builder.format != "html":
        return
    src = release.home(app.srcdir) / release.RELEASES_DIR
    if src.is_dir():
        (app.outdir / release.RELEASES_DIR).mkdir(exist_ok=True)
        for path in src.glob("*.json"):
            shutil.copyfile(path, app.outdir / release.RELEASES_DIR / path.name)


def write(app, env) -> None:
    """env-updated (the pages read, before sphinx-needs' post-processing): one .docx per standard, only when
    its clauses, their dates or the build date changed, written by a helper process while Sphinx goes on. The
    helper reads the standard's sources itself, so it starts as soon as the pages are read."""
    if app.builder.format != "html":
        return
    needs = SphinxNeedsData(env).get_needs_mutable()
    docs = facts(env)
    stamp_file = app.doctreedir / "zhifa-standard-docx.json"  # build cache, not published
    try:
        stamps = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    on = build_date(app)
    todo = {}
    for std, chapters in env_state(env).printed.items():
        key = repr(
            [
                on.isoformat(),
                [
                    (i, needs[i]["title"], needs[i].get("content"), status.of(needs[i], on))
                    for d in chapters
                    for i, t in docs[d]["objects"]
                    if t == role(env, "article") and i in needs
                ],
                [docs[d]["title"] for d in chapters],
            ]
        )
        digest = hashlib.sha256(key.encode()).hexdigest()
        target = app.outdir / DOCX_DIR / f"{std.split('/')[1]}.docx"
        if stamps.get(std) != digest or not target.is_file():
            todo[std] = (target, digest)
    if not todo:
        return

    def written(results: list) -> None:
        for std, (_, digest) in todo.items():
            stamps[std] = digest
        stamp_file.write_text(json.dumps(stamps, ensure_ascii=False, indent=1), encoding="utf-8")

    targets = {std: target for std, (target, _) in todo.items()}
    model, cache = env_state(app.env).model, validate.parsed_cache(app)  # the parse, kept for the next checker
    job = forks.Call("zhifa.docx.standard:write_printed", Path(app.srcdir), model, cache, code_key(), targets, on)
    background.start(app, "standards", [job], then=written)


def register(app) -> None:
    app.add_node(releases_placeholder)
    app.add_directive("releases", ReleasesDirective)
    app.connect("builder-inited", load_history)
    app.connect("env-updated", printed_standards, priority=560)
    app.connect("env-get-updated", history_changed)
    app.connect("doctree-resolved", resolve, priority=540)
    app.connect("env-updated", write, priority=900)  # after printed_standards
    app.connect("build-finished", copy_releases)
