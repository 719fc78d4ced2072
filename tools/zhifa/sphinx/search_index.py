"""The search index: every object and page as rendered text, published as JSON.

Chinese readers expect a term to be found wherever its characters appear (法制审核, 陈述申辩),
so the search page matches by containment over this index instead of by segmented words:
no dictionary to maintain, no word boundaries to guess, and each hit lands on its object.

The questions are published apart (BANK_FILE): they grow with the bank (most of the index at 10,000
questions) and most searches are for the standards, so the search page fetches them only when the
reader asks to search the bank too.

Entries are collected per page as it is written and kept between builds (an incremental build writes
only the pages that changed), then published in reading order.
"""

from __future__ import annotations

import json
import re

from docutils import nodes

from zhifa.sphinx.nodes import object_block, object_heading
from zhifa.sphinx.state import env_state, role, run_state

INDEX_FILE = "zhifa-search.json"
BANK_FILE = "zhifa-search-bank.json"
SPACE = re.compile(r"\s+")


def _text(node) -> str:
    return SPACE.sub(" ", node.astext()).strip()


def _text_outside_objects(node: nodes.Node) -> str:
    """``node.astext()`` as if its object blocks and raw HTML were removed, without copying the tree
    (a copy of every page was a tenth of a 10,000-object build)."""
    if isinstance(node, nodes.Text):
        return node.astext()
    if type(node).astext is not nodes.Element.astext:  # a node with its own text (an image's alt)
        return node.astext()
    return node.child_text_separator.join(
        _text_outside_objects(child) for child in node.children if not isinstance(child, (object_block, nodes.raw))
    )


def collect(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (after render.resolve): the objects and the page text of one document."""
    if app.builder.format != "html":
        return
    entries = _store(app)
    entries[docname] = []
    url = app.builder.get_target_uri(docname)
    title = _text(next(iter(doctree.findall(nodes.title)), nodes.title()))
    model = env_state(app.env).model
    for block in doctree.findall(object_block):
        heading = next(iter(block.findall(object_heading)))
        body = next((c for c in block.children if "zf-body" in c.get("classes", [])), None)
        entries[docname].append(
            {
                "id": block["need_id"],
                "type": model.types[block["object_type"]].title,
                "head": _text(heading),
                "page": title,
                "text": _text(body) if body is not None else "",
                "url": f"{url}#{block['need_id']}",
                **({"bank": 1} if block["object_type"] == role(app.env, "question") else {}),
            }
        )
    page_text = SPACE.sub(" ", _text_outside_objects(doctree)).strip()
    if page_text and page_text != title:
        entries[docname].insert(
            0,
            {
                "id": "",
                "type": "页面",
                "head": title,
                "page": title,
                "text": page_text[len(title) :].strip(),
                "url": url,
            },
        )


def _store(app) -> dict:
    """{docname: entries}, carried over from the previous build by the incremental state."""
    return run_state(app).next.setdefault("search", {})


def write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    store = _store(app)
    for doc in [d for d in store if d not in app.env.found_docs]:
        del store[doc]  # a removed page
    reading = _reading_order(app.env)
    ordered = [e for d in sorted(store, key=lambda d: (reading.get(d, 10**6), d)) for e in store[d]]
    _publish(app.outdir / INDEX_FILE, [e for e in ordered if "bank" not in e])
    _publish(app.outdir / BANK_FILE, [{k: v for k, v in e.items() if k != "bank"} for e in ordered if "bank" in e])


def _publish(target, entries: list[dict]) -> None:
    text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    if not (target.is_file() and target.read_text(encoding="utf-8") == text):
        target.write_text(text, encoding="utf-8")


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
