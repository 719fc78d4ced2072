"""{objecttable}: a table of every object of one type, computed from the objects at build time,
optionally filterable in the browser by an enum field (e.g. 合规事项 by 领域).

    ```{objecttable}
    :type: compliance
    :columns: title, field_of
    :filter: field_of
    ```
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from zhifa.sphinx import uses
from zhifa.sphinx.nodes import filter_select, objecttable
from zhifa.sphinx.render import deadline_text, display, relative_uri
from zhifa.sphinx.state import env_state, role

COLUMN_LABELS = {
    "title": "标题",
    "id": "ID",
    "number": "条号",
    "status": "状态",
    "page": "所在页面",
    "deadline": "时限",
    "procedure": "所属流程",
}


def columns_of(option: str | None) -> list[str]:
    return [c.strip() for c in (option or "title").split(",") if c.strip()]


class ObjectTableDirective(SphinxDirective):
    option_spec = {
        "type": directives.unchanged_required,
        "columns": directives.unchanged,
        "filter": directives.unchanged,
        "where": directives.unchanged,
        "sortable": directives.flag,
    }

    def run(self):
        node = objecttable(
            object_type=self.options.get("type", ""),
            columns=columns_of(self.options.get("columns")),
            filter=self.options.get("filter") or "",
            where=self.options.get("where") or "",
            sortable="sortable" in self.options,
            serial=self.env.new_serialno("zf-table"),
        )
        self.set_source_info(node)
        return [node]


def resolve(app, doctree: nodes.document, docname: str) -> None:
    model = env_state(app.env).model
    needs = uses.needs(app, docname)
    numbers = env_state(app.env).numbers
    order = _doc_order(app.env)
    for node in list(doctree.findall(objecttable)):
        t = model.types.get(node["object_type"])
        if t is None:  # the checker reports it; the build fails on its warning
            node.replace_self([])
            continue
        rows = sorted(
            (n for n in needs.of_type(t.name) if not node["where"] or n.get(node["where"]) not in (None, "", [])),
            key=lambda n: (order.get(n["docname"], 10**6), n["lineno"] or 0),
        )
        table_id = f"zf-table-{node['serial']}"
        out: list[nodes.Node] = []
        values: tuple[str, ...] = ()
        if node["filter"] in model.fields:
            values = model.fields[node["filter"]].values
            out.append(
                filter_select(target=table_id, label=f"按{model.fields[node['filter']].label}筛选", values=list(values))
            )
        out.append(_table(app, docname, node, rows, model, numbers, values, table_id, needs))
        node.replace_self(out)


def _label(model, column: str) -> str:
    if column in model.fields:
        return model.fields[column].label
    if column in model.links:
        return model.links[column].outgoing
    return COLUMN_LABELS.get(column, column)


def _table(app, docname, node, rows, model, numbers, values, table_id, needs) -> nodes.table:
    cols = node["columns"]
    table = nodes.table(classes=["zf-table", *(["zf-sortable"] if node["sortable"] else [])], ids=[table_id])
    group = nodes.tgroup(cols=len(cols))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in cols]
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph("", _label(model, c))) for c in cols))
    group += head
    body = nodes.tbody()
    for need in rows:
        row = nodes.row()
        if values:
            value = need.get(node["filter"])
            row["classes"].append(f"zf-fv-{values.index(value)}" if value in values else "zf-fv-none")
        for c in cols:
            row += nodes.entry("", _cell(app, docname, need, c, numbers, needs))
        body += row
    group += body
    return table


def _cell(app, docname, need, column, numbers, needs) -> nodes.paragraph:
    para = nodes.paragraph()
    if column == "title":
        uri = relative_uri(app, docname, need["docname"]) + "#" + need["id"]
        para += nodes.reference("", need["title"], internal=True, refuri=uri)
    elif column == "number":
        numbered = (role(app.env, "article"), role(app.env, "law_article"))
        para += nodes.Text(display(need, numbers) if need["type"] in numbered else "")
    elif column == "deadline":
        para += nodes.Text(deadline_text(need))
    elif column == "procedure":
        proc = needs.get(need.get("procedure") or "")
        if proc is not None:
            uri = relative_uri(app, docname, proc["docname"]) + "#" + proc["id"]
            para += nodes.reference("", proc["title"], internal=True, refuri=uri)
    elif column == "page":
        para += nodes.Text(app.env.titles[need["docname"]].astext() if need["docname"] in app.env.titles else "")
    else:
        value = need.get(column)
        para += nodes.Text("、".join(value) if isinstance(value, list) else "" if value is None else str(value))
    return para


def _doc_order(env) -> dict[str, int]:
    from zhifa.sphinx.search_index import _reading_order

    return _reading_order(env)


def visit_select(self, node: filter_select) -> None:
    options = "".join(f'<option value="{i}">{self.encode(v)}</option>' for i, v in enumerate(node["values"]))
    self.body.append(
        f'<p class="zf-filter"><label>{self.encode(node["label"])} '
        f'<select data-zf-filter="{node["target"]}"><option value="">全部</option>{options}'
        f"</select></label></p>\n"
    )


def depart_select(self, node) -> None:
    pass


def register(app) -> None:
    app.add_node(objecttable)
    app.add_node(filter_select, html=(visit_select, depart_select))
    app.add_directive("objecttable", ObjectTableDirective)
