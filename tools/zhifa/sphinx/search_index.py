"""The search index: every object and page as rendered text, published as one JSON file.

Chinese readers expect a term to be found wherever its characters appear (法制审核, 陈述申辩),
so the search page matches by containment over this index instead of by segmented words:
no dictionary to maintain, no word boundaries to guess, and each hit lands on its object.
"""

from __future__ import annotations

import json
import re

from docutils import nodes

from .nodes import object_block, object_heading

INDEX_FILE = "zhifa-search.json"
SPACE = re.compile(r"\s+")


def _text(node) -> str:
    return SPACE.sub(" ", node.astext()).strip()


def collect(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (after render.resolve): the objects and the page text of one document."""
    if app.builder.format != "html":
        return
    entries = _store(app.env)
    entries[docname] = []
    url = app.builder.get_target_uri(docname)
    title = _text(next(iter(doctree.findall(nodes.title)), nodes.title()))
    model = app.env.zhifa_model
    rest = doctree.deepcopy()
    for block in [*rest.findall(object_block), *rest.findall(nodes.raw)]:
        block.parent.remove(block)
    for block in doctree.findall(object_block):
        heading = next(iter(block.findall(object_heading)))
        body = next((c for c in block.children if "zf-body" in c.get("classes", [])), None)
        entries[docname].append({
            "id": block["need_id"], "type": model.types[block["object_type"]].title,
            "head": _text(heading), "page": title,
            "text": _text(body) if body is not None else "", "url": f"{url}#{block['need_id']}",
        })
    page_text = _text(rest)
    if page_text and page_text != title:
        entries[docname].insert(0, {"id": "", "type": "页面", "head": title, "page": title,
                                    "text": page_text[len(title):].strip(), "url": url})


def _store(env) -> dict:
    if not hasattr(env, "zhifa_search"):
        env.zhifa_search = {}
    return env.zhifa_search


def write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    store = _store(app.env)
    order = [d for d in app.env.found_docs if d in store]
    ordered = sorted(order, key=lambda d: _reading_order(app.env).get(d, 10**6))
    entries = [e for d in ordered for e in store[d]]
    (app.outdir / INDEX_FILE).write_text(json.dumps(entries, ensure_ascii=False, separators=(",", ":")),
                                         encoding="utf-8")


def _reading_order(env) -> dict[str, int]:
    """Documents in the order a reader meets them (toctree depth-first from the root)."""
    order: dict[str, int] = {}
    stack = [env.config.root_doc]
    while stack:
        doc = stack.pop(0)
        if doc in order:
            continue
        order[doc] = len(order)
        stack[0:0] = env.toctree_includes.get(doc, [])
    return order
