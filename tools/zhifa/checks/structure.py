"""Site structure: every page is reachable from a table of contents, every page has a title,
and clauses sit in a chapter of a standard (their numbers come from that order)."""

from __future__ import annotations

from zhifa.checks import Context, check
from zhifa.model.problems import Problem
from zhifa.model.repo import ROOT_DOC


@check
def toctrees(ctx: Context):
    repo = ctx.repo
    reached, queue = {ROOT_DOC}, [ROOT_DOC]
    while queue:
        docname = queue.pop()
        for target, line in repo.toctree(docname):
            if target not in repo.docs:
                yield Problem(
                    repo.docs[docname].path,
                    line,
                    f"目录（toctree）中的 {target} 没有对应的 .md 文件",
                    "检查文件名拼写，或删除这一行",
                )
            elif target not in reached:
                reached.add(target)
                queue.append(target)
    for docname, doc in repo.docs.items():
        if docname not in reached:
            yield Problem(
                doc.path,
                1,
                "该页面没有被任何目录（toctree）收录，站点中找不到它",
                "把它加入所在部分 index.md 的 toctree",
            )
        if doc.title is None:
            yield Problem(doc.path, 1, "页面缺少一级标题", "在第一行写“# 标题”")


def reached(repo) -> set[str]:
    """The pages a reader can reach from the root page through toctrees."""
    seen, queue = {ROOT_DOC}, [ROOT_DOC]
    while queue:
        for target, _ in repo.toctree(queue.pop()):
            if target in repo.docs and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


@check
def clauses_in_chapters(ctx: Context):
    repo = ctx.repo
    chapter_docs = {c for s in repo.standards() for c in repo.chapters(s)}
    for o in repo.objects:
        if o.type == repo.model.role("article") and o.docname not in chapter_docs:
            yield Problem(
                o.path,
                o.line,
                f"条款 {o.id} 不在任何规范的章节中，无法编号",
                "条款应写在 standards/<规范>/ 下、并列入该规范 index.md 目录的章节文件里",
            )


TABLE_COLUMNS = {"title", "id", "number", "status", "page", "deadline", "procedure"}


@check
def object_tables(ctx: Context):
    model = ctx.repo.model
    for doc in ctx.repo.docs.values():
        for d in (d for d in doc.directives if d.name == "objecttable"):
            type_name, line = d.options.get("type", ("", d.line))
            if type_name not in model.types:
                yield Problem(
                    doc.path,
                    line,
                    f"{{objecttable}} 的 :type: “{type_name}”不是对象类型",
                    f"可用：{'、'.join(model.types)}",
                )
                continue
            columns, cline = d.options.get("columns", ("title", d.line))
            allowed = TABLE_COLUMNS | set(model.fields) | set(model.links)
            for c in (c.strip() for c in columns.split(",") if c.strip()):
                if c not in allowed:
                    yield Problem(doc.path, cline, f"{{objecttable}} 没有列 {c}", f"可用：{'、'.join(sorted(allowed))}")
            if "where" in d.options and d.options["where"][0] not in allowed:
                yield Problem(
                    doc.path,
                    d.options["where"][1],
                    f"{{objecttable}} 的 :where: 没有字段 {d.options['where'][0]}",
                    f"可用：{'、'.join(sorted(allowed))}",
                )
            if "filter" in d.options:
                name, fline = d.options["filter"]
                if name not in model.fields or model.fields[name].type != "enum":
                    yield Problem(
                        doc.path,
                        fline,
                        f"{{objecttable}} 只能按取值固定的字段筛选，{name} 不是",
                        "改为 enum 字段，如 field_of",
                    )
