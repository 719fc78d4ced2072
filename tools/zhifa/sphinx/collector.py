"""Per-document facts the numbering needs, kept so incremental and parallel builds stay correct.

- ``clear_doc``: a re-read document forgets its objects and title (they are collected again).
- ``merge_other``: a parallel reader's documents bring their facts into the main environment.
- ``process_doc``: after a document is read, record its objects in order and its own title.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from zhifa.sphinx.nodes import form_text, object_block
from zhifa.sphinx.state import env_state


def facts(env) -> dict:
    """{docname: {"objects": [(id, type)], "title": str, "forms": {template id: fields and text},
    "questions": [practice data]}}. What a page shows of other pages is recorded while it is rendered
    (uses.py), not here."""
    return env_state(env).docs


class ObjectOrderCollector(EnvironmentCollector):
    def clear_doc(self, app, env, docname: str) -> None:
        facts(env).pop(docname, None)

    def merge_other(self, app, env, docnames: set[str], other) -> None:
        mine, theirs = facts(env), facts(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]

    def process_doc(self, app, doctree: nodes.document) -> None:
        first = next(iter(doctree.findall(nodes.title)), None)
        facts(app.env)[app.env.docname] = {
            "objects": [(n["need_id"], n["object_type"]) for n in doctree.findall(object_block)],
            "title": first.astext() if first is not None else "",
            "forms": forms(doctree),
            "questions": [n["quiz"] for n in doctree.findall(object_block) if n.get("quiz")],
        }


def forms(doctree: nodes.document) -> dict:
    """This document's templates' fields and text, keyed by template ID (what each .docx is written from)."""
    found: dict[str, dict] = {}
    for c in doctree.findall(nodes.container):
        if c.get("form_fields"):
            found.setdefault(c["form_fields"], {})["fields"] = c["fields"]
    for t in doctree.findall(form_text):
        found.setdefault(t["template"], {})["lines"] = t["lines"]
    return found
