"""The site navigation in the sidebar, resolved once per build instead of once per page.

furo asks Sphinx for the whole-site toctree on every page (copying every document's table of contents)
and rewrites the HTML with BeautifulSoup: cost pages x pages, most of a 10,000-object build. The tree
is the same on every page except for the links (relative to the page) and the marks on the way to the
page itself, so here it is resolved once, by Sphinx, and written out per page as a string in furo's
exact markup (tests/test_navigation.py compares the two on every page of the real site).

``zhifa_furo_navigation = True`` (conf or -D) restores furo's own computation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from docutils import nodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

from zhifa.sphinx.state import run_state

ICON = '<span class="icon"><svg><use href="#svg-arrow-right"></use></svg></span>'


@dataclass
class Entry:
    doc: str | None  # the document linked to; None for an external URL (or a target that is no document)
    internal: bool
    href: str  # as seen from the root document, or the external URL
    title: str  # HTML-escaped
    children: list[list[Entry]] = field(default_factory=list)  # one list per <ul>


def install(app) -> None:
    """builder-inited: replace furo's per-page computation with ours (a no-op for other themes)."""
    if app.config.zhifa_furo_navigation or app.builder.format != "html":
        return
    try:
        import furo
    except ImportError:
        return
    original = getattr(furo, "_zhifa_original_navigation", furo._compute_navigation_tree)
    furo._zhifa_original_navigation = original
    run_state(app).nav = None

    by_folder: dict[str, dict[str, str]] = {}  # a link reads the same from every page of a folder

    def compute(context) -> str:
        if "toctree" not in context:
            return original(context)
        if run_state(app).nav is None:  # first page written: every document has been read
            run_state(app).nav = _resolve(app)
        page = context["pagename"]
        target = app.builder.get_target_uri(page)
        uris = by_folder.setdefault(target.rpartition("/")[0], {"": relative_uri(target, "")})

        def uri(doc: str) -> str:
            if doc not in uris:
                uris[doc] = app.builder.get_relative_uri(page, doc)
            return uris[doc]

        return render(run_state(app).nav, page, uri)

    furo._compute_navigation_tree = compute


def _resolve(app) -> list[list[Entry]]:
    """The global toctree as furo asks for it, resolved by Sphinx as seen from the root document."""
    env, builder = app.env, app.builder
    root = env.config.root_doc
    tree = global_toctree_for_doc(
        env, root, builder, tags=builder.tags, collapse=False, titles_only=True, maxdepth=-1, includehidden=True
    )
    if tree is None:
        return []
    by_uri = {builder.get_relative_uri(root, doc): doc for doc in env.found_docs}
    by_uri[""] = root
    # a compact_paragraph holding one bullet list per toctree of the root document (captions: none here)
    return [_entries(ul, by_uri) for ul in tree.children if isinstance(ul, nodes.bullet_list)]


def _entries(bullet_list: nodes.Element, by_uri: dict[str, str]) -> list[Entry]:
    out = []
    for item in bullet_list.children:
        if not isinstance(item, nodes.list_item):
            continue
        ref = next(item.findall(nodes.reference))
        internal = bool(ref.get("internal"))
        href = ref.get("refuri", "")
        entry = Entry(by_uri.get(href) if internal else None, internal, href, escape(ref.astext(), quote=False))
        entry.children = [_entries(sub, by_uri) for sub in item.children if isinstance(sub, nodes.bullet_list)]
        out.append(entry)
    return out


def render(tree: list[list[Entry]], page: str, uri) -> str:
    """furo's navigation HTML for one page: Sphinx's toctree markup (current branch marked) with furo's
    checkbox and label on every entry that has children. ``uri(doc)``: the link from this page to a
    document; ``uri("")``: to the site's root folder."""
    path = _path_to(tree, page) or []
    current = {id(e) for e in path}
    last = path[-1] if path else None
    counter = [0]

    def href(entry: Entry) -> str:
        if entry.doc == page:
            return "#"
        if entry.doc is not None:
            return uri(entry.doc)
        return uri("") + entry.href if entry.internal else entry.href

    def ul(entries: list[Entry], level: int) -> str:
        on_path = any(id(e) in current for e in entries)
        parts = ['<ul class="current">\n' if on_path else "<ul>\n"]
        for e in entries:
            here = id(e) in current
            has_children = any(e.children)
            classes = [f"toctree-l{level}"] + (["current"] if here else []) + (["has-children"] if has_children else [])
            if e is last:
                classes.append("current-page")
            a_class = ("current " if e is last else "") + ("reference internal" if e.internal else "reference external")
            parts.append(f'<li class="{" ".join(classes)}"><a class="{a_class}" href="{escape(href(e))}">{e.title}</a>')
            if has_children:
                counter[0] += 1
                name = f"toctree-checkbox-{counter[0]}"
                checked = ' checked=""' if here else ""
                parts.append(
                    f'<input aria-label="Toggle navigation of {e.title}"{checked} class="toctree-checkbox" '
                    f'id="{name}" name="{name}" role="switch" type="checkbox"/><label for="{name}">{ICON}</label>'
                )
                for sub in e.children:
                    if sub:
                        parts.append(ul(sub, level + 1))
            parts.append("</li>\n")
        parts.append("</ul>\n")
        return "".join(parts)

    return "".join(ul(entries, 1) for entries in tree if entries)


def _path_to(tree: list[list[Entry]], page: str) -> list[Entry] | None:
    for entries in tree:
        for e in entries:
            if e.doc == page:
                return [e]
            for sub in e.children:
                found = _path_to([sub], page)
                if found:
                    return [e, *found]
    return None


def register(app) -> None:
    app.add_config_value("zhifa_furo_navigation", False, "html", types=[bool])
    app.connect("builder-inited", install)
