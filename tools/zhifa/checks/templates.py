"""Document templates: declared fields are well formed, cite real clauses or articles, and the
text uses exactly the declared fields as placeholders."""

from __future__ import annotations

from zhifa.checks import Context, check
from zhifa.model import template_fields
from zhifa.model.problems import Problem

BLOCKS = ("template-fields", "template-text")


@check
def templates_are_complete(ctx: Context):
    index = ctx.repo.by_id()
    for doc in ctx.repo.docs.values():
        kind = ctx.repo.model.role("template")
        templates = {d.options.get("id", ("", 0))[0]: d for d in doc.directives if d.name == kind}
        blocks = {name: {} for name in BLOCKS}
        for d in (d for d in doc.directives if d.name in BLOCKS):
            if d.argument not in templates:
                yield Problem(
                    doc.path,
                    d.line,
                    f"{{{d.name}}} 指向的 {d.argument or '（空）'} 不是本页的文书模板",
                    "在指令后写上本页 {template} 的 ID",
                )
            elif d.argument in blocks[d.name]:
                yield Problem(doc.path, d.line, f"文书模板 {d.argument} 有两个 {{{d.name}}}", "合并为一个")
            else:
                blocks[d.name][d.argument] = d
        for tid, t in templates.items():
            fields_block, text_block = blocks["template-fields"].get(tid), blocks["template-text"].get(tid)
            for name, block in (("template-fields", fields_block), ("template-text", text_block)):
                if block is None:
                    yield Problem(
                        doc.path, t.line, f"文书模板 {tid} 缺少 {{{name}}}", f"在模板后加上 ```{{{name}}} {tid}``` 块"
                    )
            if fields_block is None or text_block is None:
                continue
            fields, problems = template_fields.parse_fields("\n".join(fields_block.body), fields_block.body_line)
            for line, message, hint in problems:
                yield Problem(doc.path, line, message, hint)
            declared: dict[str, template_fields.Field] = {}
            for f in fields:
                if f.name in declared:
                    yield Problem(doc.path, f.line, f"字段“{f.name}”重复声明", "删除重复的一项")
                declared[f.name] = f
                for b in f.basis:
                    target = index.get(b)
                    if target is None or target.type not in (
                        ctx.repo.model.role("article"),
                        ctx.repo.model.role("law_article"),
                    ):
                        yield Problem(
                            doc.path,
                            f.line,
                            f"字段“{f.name}”的依据 {b} "
                            + ("不存在（没有这个 ID 的对象）" if target is None else "不是条款或法律条文"),
                            "basis 填写要求该字段的条款 ID 或法律条文 ID",
                        )
            doc_no = t.options.get("doc_no")
            used = template_fields.placeholders(text_block.body, text_block.body_line)
            used += template_fields.placeholders([doc_no[0]], doc_no[1]) if doc_no else []
            for name, line in used:
                if name not in declared:
                    yield Problem(
                        doc.path,
                        line,
                        f"占位符【{name}】不是文书 {tid} 声明的字段",
                        "改为已声明的字段名，或在 {template-fields} 中声明它",
                    )
            names = {n for n, _ in used}
            for f in fields:
                if f.name not in names:
                    yield Problem(
                        doc.path,
                        f.line,
                        f"声明的字段“{f.name}”没有在文书正文中出现",
                        f"在 {{template-text}} 中用【{f.name}】标出填写位置，或删除该字段",
                    )
