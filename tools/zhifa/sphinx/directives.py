"""One directive per object type of the metamodel: records the object with sphinx-needs
(hidden: we render it ourselves) and leaves a block to be filled in when resolved."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import add_need
from sphinx_needs.exceptions import InvalidNeedException

from zhifa.model.metamodel import FieldSpec, Metamodel, ObjectType
from zhifa.model.repo import split_ids
from zhifa.sphinx.nodes import object_block, object_heading

logger = logging.getLogger(__name__)


def _coerce(spec: FieldSpec, value: str):
    """Typed value for sphinx-needs; None when malformed (the checker reports it with its line)."""
    if spec.type == "integer":
        return int(value) if value.strip().isascii() and value.strip().isdigit() else None
    if spec.type == "boolean":
        return value.strip().lower() == "true"
    return value.strip()


class ObjectDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    object_type: ObjectType
    model: Metamodel

    def run(self) -> list[nodes.Node]:
        t, model = self.object_type, self.model
        title = self.arguments[0] if self.arguments else ""
        need_id = self.options.get("id")
        values = {}
        for name in t.fields:
            if self.options.get(name):
                v = _coerce(model.fields[name], self.options[name])
                if v is not None:
                    values[name] = v
        if self.options.get("flowchart"):  # a chart edit must rebuild its procedure page
            self.env.note_dependency(str(self.env.srcdir / self.options["flowchart"].strip()))
        for name in t.links:
            if self.options.get(name):
                values[name] = split_ids(self.options[name])
        try:
            hidden = add_need(
                self.env.app,
                self.state,
                self.env.docname,
                self.lineno,
                need_type=t.name,
                title=title,
                id=need_id,
                content="\n".join(self.content),
                hide=True,
                **values,
            )
        except InvalidNeedException as exc:
            logger.warning(
                f"{t.title} {need_id or ''} 未能登记：{exc.message}",
                location=self.get_location(),
                type="zhifa",
                subtype="object",
            )
            return []
        block = object_block(need_id=need_id, object_type=t.name, classes=[f"zf-{t.name}"])
        block["link_order"] = {name: values[name] for name in t.links if name in values}  # as written, not sorted
        block += object_heading("", "", ids=[need_id])
        body = nodes.container(classes=["zf-body"])
        self.state.nested_parse(self.content, self.content_offset, body)
        block += body
        return [*hidden, block]


def register(app, model: Metamodel) -> None:
    for t in model.types.values():
        spec = {name: directives.unchanged for name in ("id", *t.fields, *t.links)}
        cls = type(
            f"{t.name.title()}Directive", (ObjectDirective,), {"object_type": t, "model": model, "option_spec": spec}
        )
        app.add_directive(t.name, cls, override=True)
