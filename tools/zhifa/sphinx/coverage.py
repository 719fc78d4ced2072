"""{coverage}: how well the question bank covers the standards, computed from the questions' links:
per chapter the clauses in force, how many are tested and the questions by type, and every clause in
force that no question tests yet."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from zhifa.sphinx import uses
from zhifa.sphinx.nodes import coverage
from zhifa.sphinx.practice import bank
from zhifa.sphinx.render import display, relative_uri
from zhifa.sphinx.state import env_state, role


class CoverageDirective(SphinxDirective):
    def run(self):
        return [coverage()]


def _row(*cells) -> nodes.row:
    return nodes.row(
        "", *(nodes.entry("", c if isinstance(c, nodes.Node) else nodes.paragraph("", str(c))) for c in cells)
    )


def resolve(app, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(coverage)):
        node.replace_self(_report(app, docname))


def _report(app, docname: str) -> list[nodes.Node]:
    types = env_state(app.env).model.drawn_types
    needs = uses.needs(app, docname)
    numbers = env_state(app.env).numbers
    questions = bank(app, docname)
    tested: Counter = Counter(c["id"] for q in questions for c in q["clauses"])
    chapters = env_state(app.env).chapters
    article, current = role(app.env, "article"), env_state(app.env).model.status_label("current")
    in_force = [n for n in needs.of_type(article) if n.get("status") == current]
    headers = ("规范与章", "现行条款", "已有试题", "未覆盖", *types)
    table = nodes.table(classes=["zf-table", "zf-coverage"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in headers]
    head = nodes.thead()
    head += _row(*headers)
    group += head
    body = nodes.tbody()
    totals = Counter()
    for doc, chapter in chapters.items():
        clauses = [n for n in in_force if n["docname"] == doc]
        if not clauses:
            continue
        covered = sum(1 for n in clauses if tested[n["id"]])
        by_type = Counter(q["type"] for q in questions if doc in q["docs"])
        info = numbers.get(clauses[0]["id"], {})
        body += _row(
            f"{info.get('standard', '')}{chapter}",
            len(clauses),
            covered,
            len(clauses) - covered,
            *(by_type[t] for t in types),
        )
        totals.update({"clauses": len(clauses), "covered": covered, **{t: by_type[t] for t in types}})
    body += _row(
        "合计", totals["clauses"], totals["covered"], totals["clauses"] - totals["covered"], *(totals[t] for t in types)
    )
    group += body
    reviewed = sum(1 for q in questions if q["reviewed"])
    retired = sum(1 for q in questions if q["retired"])
    out: list[nodes.Node] = [
        nodes.paragraph(
            "",
            f"题库共 {len(questions)} 道题（案例分析题按小题计），其中已审核 {reviewed} 道、"
            f"草案 {len(questions) - reviewed - retired} 道"
            + (f"、停用 {retired} 道（所考查的条款已废止）" if retired else "")
            + "。模拟考试只抽取已审核的试题。",
        ),
        table,
    ]
    missing = [n for n in in_force if not tested[n["id"]]]
    out.append(nodes.rubric("", "尚无试题考查的现行条款"))
    if missing:
        items = nodes.bullet_list(classes=["zf-uncovered"])
        for n in missing:
            para = nodes.paragraph()
            uri = relative_uri(app, docname, n["docname"]) + "#" + n["id"]
            para += nodes.reference("", f"{display(n, numbers)} {n['title']}", internal=True, refuri=uri)
            items += nodes.list_item("", para)
        out.append(items)
    else:
        out.append(nodes.paragraph("", "全部现行条款都至少有一道试题考查。", classes=["zf-all-covered"]))
    return out


def register(app) -> None:
    app.add_node(coverage)
    app.add_directive("coverage", CoverageDirective)
