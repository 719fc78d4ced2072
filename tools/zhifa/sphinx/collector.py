"""Per-document facts the numbering needs, kept so incremental and parallel builds stay correct.

- ``clear_doc``: a re-read document forgets its objects and title (they are collected again).
- ``merge_other``: a parallel reader's documents bring their facts into the main environment.
- ``process_doc``: after a document is read, record its objects in order and its own title.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from .nodes import object_block


def facts(env) -> dict:
    """{docname: {"objects": [(id, type)], "title": str, "forms": {template id: fields and text},
    "questions": [practice data], "refs": [ids shown by reference], "tables": [(type, where)],
    "coverage": bool}}: also what incremental builds need to know which pages show which objects."""
    if not hasattr(env, "zhifa_docs"):
        env.zhifa_docs = {}
    return env.zhifa_docs


class ObjectOrderCollector(EnvironmentCollector):
    def clear_doc(self, app, env, docname: str) -> None:
        facts(env).pop(docname, None)

    def merge_other(self, app, env, docnames: set[str], other) -> None:
        mine, theirs = facts(env), facts(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]

    def process_doc(self, app, doctree: nodes.document) -> None:
        from .coverage import coverage  # late: these modules import this one
        from .docforms import collect as forms
        from .nodes import object_ref
        from .tables import objecttable

        first = next(iter(doctree.findall(nodes.title)), None)
        facts(app.env)[app.env.docname] = {
            "objects": [(n["need_id"], n["object_type"]) for n in doctree.findall(object_block)],
            "title": first.astext() if first is not None else "",
            "forms": forms(doctree),
            "questions": [n["quiz"] for n in doctree.findall(object_block) if n.get("quiz")],
            "refs": sorted({n["target"] for n in doctree.findall(object_ref)}),
            "tables": sorted({(n["object_type"], n["where"]) for n in doctree.findall(objecttable)}),
            "coverage": any(True for _ in doctree.findall(coverage)),
        }
