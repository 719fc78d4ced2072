"""{clause}`ID`, {law}`ID` and {need}`ID`: references resolved at build time to current numbers."""

from __future__ import annotations

from sphinx.util.docutils import SphinxRole

from zhifa.sphinx.nodes import object_ref


class ObjectRole(SphinxRole):
    def run(self):
        node = object_ref(self.rawtext, self.text.strip(), target=self.text.strip(), role=self.name)
        self.set_source_info(node)
        return [node], []


def register(app) -> None:
    for name in ("clause", "law", "need"):
        app.add_role(name, ObjectRole(), override=True)
