"""Resolve our nodes into plain docutils nodes once all objects and numbers are known."""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from zhifa.model import outline, procedures
from zhifa.sphinx import layers, revisions, uses
from zhifa.sphinx.charts import chart_node
from zhifa.sphinx.nodes import object_block, object_heading, object_ref
from zhifa.sphinx.state import env_state, run_state

logger = logging.getLogger(__name__)
# shown another way: in the heading, as a combined deadline, as links, or not at all
HIDDEN_FIELDS = {"article", "law", "url", "time_limit", "time_unit", "time_from", "branches", "flowchart"}


def display(need, numbers: dict, from_standard: str | None = None) -> str:
    """How one object is named wherever it is mentioned: 第三条 / 《行政处罚法》第五十四条 / its title."""
    if need.get("law") and need.get("article") is not None:  # a law article: its fields say so
        return outline.law_name(need["law"] or "", need["article"])
    if need.get("status"):  # a dated object (the metamodel's dated types): by number, or title and status
        info = numbers.get(need["id"], {})
        elsewhere = info.get("standard") and info.get("standard_doc") != from_standard
        return outline.clause_name(
            info.get("number") or "", need["title"], need["status"], info["standard"] if elsewhere else ""
        )
    return need["title"]


def deadline_text(need) -> str:
    """15 个工作日（自发现线索之日起算）: the step's structured deadline in words."""
    if need.get("time_limit") is None or not need.get("time_unit"):
        return ""
    unit = {"工作日": "个工作日", "自然日": "日", "小时": "小时", "个月": "个月"}[need["time_unit"]]
    return f"{need['time_limit']} {unit}（自{need.get('time_from') or ''}起算）"


def relative_uri(app, fromdoc: str, todoc: str) -> str:
    """The builder's relative URI from one page to another, computed once per pair in a build (a page
    links hundreds of objects on a few pages)."""
    known = run_state(app).uris
    if (fromdoc, todoc) not in known:
        known[fromdoc, todoc] = app.builder.get_relative_uri(fromdoc, todoc)
    return known[fromdoc, todoc]


def _link(app, fromdoc: str, need, text: str) -> nodes.reference:
    uri = relative_uri(app, fromdoc, need["docname"]) + "#" + need["id"]
    return nodes.reference("", text, internal=True, refuri=uri, classes=["zf-ref"])


def resolve(app, doctree: nodes.document, docname: str) -> None:
    env = app.env
    needs = uses.needs(app, docname)
    numbers = env_state(env).numbers
    model = env_state(env).model
    here = numbers_std(env, docname)
    chapter = env_state(env).chapters.get(docname)
    if chapter:
        first = next(iter(doctree.findall(nodes.title)), None)
        if first is not None:
            first.children = [nodes.Text(chapter)]
    for ref in list(doctree.findall(object_ref)):
        need = needs.get(ref["target"])
        if need is None:
            logger.warning(f"引用了不存在的对象 {ref['target']}", location=ref, type="zhifa", subtype="ref")
            ref.replace_self(nodes.literal("", ref["target"]))
            continue
        ref.replace_self(_link(app, docname, need, display(need, numbers, here)))
    for block in list(doctree.findall(object_block)):
        need = needs.get(block["need_id"])
        if need is None:
            continue
        _fill(app, block, need, needs, numbers, model, docname, here)


def numbers_std(env, docname: str) -> str | None:
    parts = docname.split("/")
    return "/".join(parts[:2]) + "/index" if len(parts) >= 3 and parts[0] == "standards" else None


def _fill(app, block, need, needs, numbers, model, docname, here) -> None:
    t = model.types[need["type"]]
    heading = next(iter(block.findall(object_heading)))
    info = numbers.get(need["id"], {})
    # spaces between the parts keep them apart in search excerpts and copied text
    if need["type"] == model.role("law_article"):
        heading += [nodes.inline("", display(need, numbers), classes=["zf-num"]), nodes.Text(" ")]
    elif info.get("number"):
        heading += [nodes.inline("", info["number"], classes=["zf-num"]), nodes.Text(" ")]
    elif need.get("step_no"):
        heading += [nodes.inline("", f"第{need['step_no']}步", classes=["zf-num"]), nodes.Text(" ")]
    heading += nodes.inline("", need["title"], classes=["zf-title"])
    state = model.status_key(need.get("status") or "")
    if need.get("status"):
        heading += nodes.Text(" ")
        heading += nodes.inline("", need["status"], classes=["zf-status", f"zf-{state or 'x'}"])
    if state and state != "current":  # drafts, pending and repealed clauses are set apart on the page
        block["classes"].append(f"zf-is-{state}")
    if need["type"] == model.role("article") and revisions.was_number(app.env, need["id"]):
        heading += nodes.Text(" ")
        heading += nodes.inline("", f"（原{revisions.was_number(app.env, need['id'])}）", classes=["zf-was"])
    chart = chart_node(app, docname, need["id"]) if need["type"] == model.role("procedure") else None
    if chart is not None:
        heading.parent.insert(heading.parent.index(heading) + 1, chart)
    meta = nodes.container(classes=["zf-meta"])
    line = nodes.paragraph(classes=["zf-fields"])
    line += nodes.inline("", f"{t.title} ID：{need['id']}", classes=["zf-id"])
    for name in t.fields:
        value = need.get(name)
        if value in (None, "", False) or name in HIDDEN_FIELDS:
            continue
        spec = model.fields[name]
        shown = "是" if value is True else str(value)
        line += nodes.inline("", f"{spec.label}：{shown}", classes=["zf-field"])
    if deadline_text(need):
        line += nodes.inline("", f"时限：{deadline_text(need)}", classes=["zf-field", "zf-deadline"])
    if need.get("branches"):
        line += _branches(app, docname, need, needs)
    if need["type"] == model.role("law_article") and need.get("url"):
        line += official_link(need["url"])
    meta += line
    if need["type"] == model.role("law_article"):
        official = official_text(app, need, docname)
        if official is not None:
            block += official
    for lname, spec in model.links.items():
        for direction, ids in (("outgoing", need.get(lname) or []), ("incoming", need.get(f"{lname}_back") or [])):
            targets = [needs[i] for i in ids if i in needs]
            if not targets:
                continue
            label = spec.outgoing if direction == "outgoing" else spec.incoming
            para = nodes.paragraph(classes=["zf-links", f"zf-{direction}"])
            para += nodes.inline("", f"{label}：", classes=["zf-link-label"])
            for k, target in enumerate(targets):
                if k:
                    para += nodes.Text("、")
                text = display(target, numbers, here)
                if target["type"] == model.role("article") and target["title"] not in text:
                    text = f"{text} {target['title']}"
                para += _link(app, docname, target, text)
            meta += para
    if need["type"] == model.role("article"):
        meta += revisions.history_section(app, need) or []
        meta += layers.section(app, need) or []  # 上级规范 / 本地调整 / 本地新增 (issue 26)
    if need["type"] == model.role("step"):
        block += _say(app, docname, need, needs, model, block.get("link_order") or {}) or []
    block += meta


def _say(app, docname, need, needs, model, order: dict) -> nodes.container | None:
    """怎么说: the full text of each 规范用语 the step uses (in the order the step lists them), under its scene,
    linked to where it is kept."""
    phrases = [
        needs[i]
        for lname, spec in model.links.items()
        if model.role("phrase") in spec.targets
        for i in order.get(lname) or need.get(lname) or []
        if i in needs
    ]
    if not phrases:
        return None
    box = nodes.container(classes=["zf-say"])
    box += nodes.paragraph("", "", nodes.strong("", "怎么说"), nodes.Text("（规范用语）："))
    for phrase in phrases:
        item = nodes.container(classes=["zf-say-item"])
        item += nodes.paragraph("", "", _link(app, docname, phrase, phrase["title"]), classes=["zf-say-scene"])
        for text in (phrase.get("content") or "").split("\n\n"):
            if text.strip():  # the text as written: a quotation, shown as text, never as markup
                item += nodes.paragraph("", " ".join(text.split("\n")).strip(), classes=["zf-say-text"])
        box += item
    return box


@uses.fact("lawtext")
def _lawtext(app, snap, code: str) -> dict:
    from pathlib import Path

    from zhifa.model import lawtext

    cache = run_state(app).lawtexts
    if code not in cache:
        cache[code] = lawtext.load(Path(app.srcdir), code)
    return cache[code]


def official_text(app, need, docname: str | None = None) -> nodes.container | None:
    """The article's official text, when the legal office imported the law (zhifa laws import), beside the 要旨."""
    code = need["id"].split("-")[1]
    if docname is not None:
        uses.used(app, docname, "lawtext", code)
    text = _lawtext(app, None, code).get(str(need.get("article") or ""))
    if not text:
        return None
    box = nodes.container(classes=["zf-official-text"])
    box += nodes.paragraph(
        "",
        "",
        nodes.strong("", "官方条文"),
        nodes.Text("（法制机构导入的官方文本，以国家公布的文本为准）"),
        classes=["zf-official-label"],
    )
    for para in text.split("\n"):
        box += nodes.paragraph("", para)
    return box


SITES = {"flk.npc.gov.cn": "国家法律法规数据库", "www.samr.gov.cn": "国家市场监督管理总局网站"}


def official_link(url: str) -> nodes.inline:
    """官方文本：the law's own page as its :url: gives it; while that is still a site's home page, say so."""
    from urllib.parse import urlsplit

    from zhifa.checks.laws import is_home_page

    host = urlsplit(url).netloc
    link = nodes.inline(classes=["zf-field", "zf-official"])
    link += nodes.Text("官方文本：")
    link += nodes.reference("", SITES.get(host, host or url), refuri=url, classes=["zf-ext"])
    if is_home_page(url):
        link += nodes.Text("（网站首页，本法页面待法制人员填写）")
    return link


def _branches(app, docname, need, needs) -> nodes.inline:
    out = nodes.inline(classes=["zf-field", "zf-branches"])
    out += nodes.Text("分支：")
    for k, (label, target) in enumerate(procedures.branches(need["branches"])[0]):
        if k:
            out += nodes.Text("；")
        out += nodes.Text(f"{label} → ")
        step = needs.get(target)
        if step is None:
            out += nodes.Text(target)
        else:
            no = step.get("step_no")
            out += _link(app, docname, step, f"第{no}步 {step['title']}" if no else step["title"])
    return out
