"""Terms (术语) explain themselves where they are used: the first use of a term in an object's
text links to its definition, with the definition as the link's tooltip."""

from __future__ import annotations

import re

from docutils import nodes

from zhifa.sphinx import uses
from zhifa.sphinx.nodes import object_block
from zhifa.sphinx.render import relative_uri
from zhifa.sphinx.state import role

SKIP = (nodes.reference, nodes.literal, nodes.literal_block, nodes.title, nodes.FixedTextElement)


def _terms(app, needs) -> tuple[re.Pattern | None, dict]:
    """Regex of every term title (longest first, so 听证主持人 wins over 听证) and title -> term ID,
    computed once per build (uses.shared: kept on the application, never pickled with the environment)."""
    terms = {n["title"]: n["id"] for n in needs.of_type(role(app.env, "glossary"))}
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))) if terms else None
    return pattern, terms


def link(app, doctree: nodes.document, docname: str) -> None:
    glossary = role(app.env, "glossary")
    blocks = [b for b in doctree.findall(object_block) if b["object_type"] != glossary]
    if not blocks:
        return
    pattern, terms = uses.shared(app, docname, "terms", lambda needs: _terms(app, needs))
    if pattern is None:
        return
    needs = uses.needs(app, docname)
    for block in blocks:
        body = next((c for c in block.children if "zf-body" in c.get("classes", [])), None)
        if body is None:
            continue
        used: set[str] = set()
        for text in list(body.findall(nodes.Text)):
            if any(isinstance(a, SKIP) for a in _ancestors(text, body)):
                continue
            _link_text(app, docname, text, pattern, terms, used, needs)


def _ancestors(node, stop):
    node = node.parent
    while node is not None and node is not stop:
        yield node
        node = node.parent


def _link_text(app, docname, text: nodes.Text, pattern, terms, used: set[str], needs) -> None:
    source = str(text)
    pieces: list[nodes.Node] = []
    pos = 0
    for m in pattern.finditer(source):
        term = m.group(0)
        if term in used or source.rfind("《", 0, m.start()) > source.rfind("》", 0, m.start()):
            continue  # already explained here, or part of a law's title 《……》
        used.add(term)
        need = needs[terms[term]]
        pieces.append(nodes.Text(source[pos : m.start()]))
        uri = relative_uri(app, docname, need["docname"]) + "#" + need["id"]
        definition = " ".join(need["content"].split())
        pieces.append(nodes.reference("", term, internal=True, refuri=uri, reftitle=definition, classes=["zf-term"]))
        pos = m.end()
    if pieces:
        pieces.append(nodes.Text(source[pos:]))
        text.parent.replace(text, pieces)
