"""Text-level checks: directives we allow, no raw HTML, no hand-typed 第X条."""

from __future__ import annotations

import re

from zhifa.checks import Context, check
from zhifa.model import myst, policy
from zhifa.model.problems import Problem
from zhifa.model.repo import ALLOWED_DIRECTIVES

NUMBER_REF = re.compile(r"第[〇零一二三四五六七八九十百千两0-9０-９]+[条章节]")
# A law's name ends 》 (《行政处罚法》) or with one of these (行政处罚法, 实施条例, 程序规定 ...).
LAW_NAME_END = set("》法例定则")
CHAIN = set("至、和及与或")


@check
def directives_allowed(ctx: Context):
    allowed = ALLOWED_DIRECTIVES | set(ctx.repo.model.types)
    for doc in ctx.repo.docs.values():
        for d in doc.directives:
            if d.name == "raw":
                yield Problem(
                    doc.path,
                    d.line,
                    "内容文件中不允许使用 raw 指令（内容一律按文字显示）",
                    "删除 raw 指令，改用普通文字或表格",
                )
            elif d.name in policy.FORBIDDEN_DIRECTIVES:
                yield Problem(
                    doc.path,
                    d.line,
                    f"内容文件中不允许使用 {{{d.name}}} 指令（{policy.FORBIDDEN_DIRECTIVES[d.name]}）",
                    "删除该指令，改用普通文字、表格或对象",
                )
            elif d.name not in allowed:
                yield Problem(
                    doc.path,
                    d.line,
                    f"未知的指令 {{{d.name}}}",
                    f"检查拼写；对象类型可用：{'、'.join(sorted(ctx.repo.model.types))}",
                )


TEXT_BLOCKS = ("template-fields", "template-text")  # shown as text, but still no markup in content


@check
def no_raw_html(ctx: Context):
    for doc in ctx.repo.docs.values():
        lines = list(doc.prose) + [
            myst.ProseLine(d.body_line + i, t)
            for d in doc.directives
            if d.name in TEXT_BLOCKS
            for i, t in enumerate(d.body)
        ]
        for p in lines:
            m = myst.RAW_HTML.search(myst.strip_code(p.text))
            if m:
                yield Problem(
                    doc.path,
                    p.line,
                    f"内容中出现 HTML 标记 {m.group(0)[:40]}",
                    "删除该标记；需要强调请用 **加粗**，需要显示尖括号请放在 `反引号` 中",
                )


@check
def no_markup_in_titles(ctx: Context):
    types = set(ctx.repo.model.types)
    for doc in ctx.repo.docs.values():
        for d in doc.directives:
            m = myst.RAW_HTML.search(d.argument) if d.name in types else None
            if m:
                yield Problem(doc.path, d.line, f"标题中出现 HTML 标记 {m.group(0)[:40]}", "标题只写文字")


def literal_number_problems(text: str):
    """(message, hint) for every 第X条/章/节 not preceded by a law's name (shared with the question bank)."""
    text = myst.strip_code(text)
    ok_until = -1
    for m in NUMBER_REF.finditer(text):
        before = text[: m.start()].rstrip()
        prev = before[-1:] if before else ""
        if prev in LAW_NAME_END or (prev in CHAIN and ok_until == len(before) - 1):
            ok_until = m.end()
            continue
        yield (
            f"直接写了编号“{m.group(0)}”，本规范的条、章编号在构建时计算",
            "引用本规范条款请写 {clause}`条款ID`；引用法律请在编号前写明法律名称，如《行政处罚法》第五十四条",
        )


@check
def no_literal_numbers(ctx: Context):
    """Our own clauses are cited with {clause}`ID`; a bare 第X条 would go stale on renumbering."""
    for doc in ctx.repo.docs.values():
        for p in doc.prose:
            text = p.text.lstrip("#") if myst.HEADING.match(p.text) else p.text
            for message, hint in literal_number_problems(text):
                yield Problem(doc.path, p.line, message, hint)
