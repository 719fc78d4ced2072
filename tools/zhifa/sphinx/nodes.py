"""Docutils nodes of the extension. Every visible string ends up as a Text child, which the
HTML writer escapes, so content is always rendered as text."""

from __future__ import annotations

from docutils import nodes


class object_block(nodes.General, nodes.Element):
    """One object as written on its page; filled in with number, status and links when resolved."""


class object_heading(nodes.General, nodes.TextElement):
    """The heading line of an object, written as <h3 id=...> so search can land on it."""


class object_ref(nodes.Inline, nodes.TextElement):
    """A {clause}/{law}/{need} reference, replaced by a link with the current number."""


class objecttable(nodes.General, nodes.Element):
    """{objecttable}: placeholder, filled in when all objects are known."""


class filter_select(nodes.General, nodes.Element):
    """A <select> that shows only the table rows of one value."""


class coverage(nodes.General, nodes.Element):
    """{coverage}: placeholder for the question bank's coverage report."""


class form_text(nodes.General, nodes.Element):
    """The text of a template; carries what the .docx needs (collected per document)."""


class download_link(nodes.Inline, nodes.TextElement):
    """A link to a generated file (``refuri``) saved under a readable name: the title of object ``need_id``."""


def visit_heading(self, node: object_heading) -> None:
    self.body.append(self.starttag(node, "h3", "", CLASS="zf-head"))


def depart_heading(self, node: object_heading) -> None:
    self.body.append("</h3>\n")


def visit_block(self, node: object_block) -> None:
    self.body.append(self.starttag(node, "section", "", CLASS="zf-obj"))


def depart_block(self, node: object_block) -> None:
    self.body.append("</section>\n")


def _skip(self, node) -> None:  # other builders: plain text is enough
    pass


def register(app) -> None:
    app.add_node(object_heading, html=(visit_heading, depart_heading), text=(_skip, _skip), latex=(_skip, _skip))
    app.add_node(object_block, html=(visit_block, depart_block), text=(_skip, _skip), latex=(_skip, _skip))
    app.add_node(object_ref)
