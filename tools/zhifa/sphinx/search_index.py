"""The search index: every object and page as rendered text, with where it stands, published as JSON
together with the search vocabulary (``zhifa.model.segment``).

Each entry says what it is (``role``: clause, chapter, step, term, template, case, law, …), its number
and name as the page shows them, and where it stands (``where``: the standard and chapter, the procedure,
the law), all read from the rendered headings and the core model's numbers: the search page ranks and
labels hits from these and never recomputes a number. A page that holds one object (a template, a case,
a procedure's own page) is merged into that object: one result per document.

The texts are published apart (TEXT_FILE, in the order of the entries): the search page shows its first
results from the names alone and searches the texts as soon as they have arrived. The questions are
published apart too (BANK_FILE): they grow with the bank (most of the index at 10,000
questions) and most searches are for the standards, so the search page fetches them only when the
reader asks to search the bank too.

Entries are collected per page as it is written and kept between builds (an incremental build writes
only the pages that changed), then published in reading order. The vocabulary is recomputed only for
pages whose text or user dictionary changed, so an incremental build publishes what a clean one does.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx_needs.data import SphinxNeedsData

from zhifa.model import segment
from zhifa.model.repo import STANDARDS_DIR
from zhifa.sphinx.nodes import object_block, object_heading
from zhifa.sphinx.state import env_state, role, run_state
from zhifa.sphinx.upstream_costs import without_pkg_resources

with without_pkg_resources():
    from sphinx.search.zh import SearchChinese  # imports jieba

INDEX_FILE = "zhifa-search.json"
TEXT_FILE = "zhifa-search-text.json"
BANK_FILE = "zhifa-search-bank.json"
LIBRARY = ("minisearch", "dist/umd/index.js")  # npm, pinned in package-lock.json
LIBRARY_TARGET = "_static/minisearch.js"
SPACE = re.compile(r"\s+")
# the metamodel roles the search page ranks by; any other type is ranked as "other"
ROLES = ("article", "law_article", "procedure", "step", "glossary", "question", "phrase", "template", "case")


class _LatinOnly(SearchChinese):
    """The language of Sphinx's own index object, which the HTML builder still creates though it never fills or
    writes it (``without_sphinx_index``): with no jieba dictionary it does not load jieba's default one."""

    def __init__(self, options: dict[str, str]) -> None:
        # no jieba dictionary: SearchChinese would load jieba's whole default one (350,000 words, about 2.5 s
        # of every build) into the global tokenizer, which this Latin-only index never uses
        super().__init__({**options, "dict": ""})

    def split(self, input: str) -> list[str]:
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return latin


def configure(app, config) -> None:
    """config-inited: Chinese pages get the Latin-only index language."""
    app.add_search_language(_LatinOnly)


def without_sphinx_index(app) -> None:
    """builder-inited: Sphinx's own search index (searchindex.js) is neither loaded, fed nor written. No page
    reads it (the search page searches this module's files), and it cost every page a second pass over its text,
    and every build the loading, pruning and writing of the whole index (about 0.25 s of an edit build at
    10,000 objects). The search page itself is still made; an earlier build's copy is removed from the site
    (publish.outputs.RETIRED)."""
    builder = app.builder
    if getattr(builder, "search", False) and hasattr(builder, "dump_search_index"):
        builder.load_indexer = lambda docnames: None
        builder.index_page = lambda pagename, doctree, title: None
        builder.dump_search_index = lambda: None


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


def _part(heading, cls: str) -> str:
    found = next((n for n in heading.findall(nodes.inline) if cls in n.get("classes", [])), None)
    return _text(found) if found is not None else ""


def _standard_of(env, docname: str) -> str:
    """The title of the standard a page of standards/<std>/ belongs to ("" elsewhere)."""
    parts = docname.split("/")
    if len(parts) < 3 or parts[0] != STANDARDS_DIR:
        return ""
    title = env.titles.get(f"{parts[0]}/{parts[1]}/index")
    return _text(title).strip("《》") if title is not None else ""


def collect(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (after render.resolve): the objects and the page text of one document."""
    if app.builder.format != "html":
        return
    env = app.env
    entries = _store(app)
    url = app.builder.get_target_uri(docname)
    title = _text(next(iter(doctree.findall(nodes.title)), nodes.title()))
    state = env_state(env)
    model, numbers, chapter = state.model, state.numbers, state.chapters.get(docname, "")
    standard = _standard_of(env, docname)
    kinds = {role(env, r): r for r in ROLES}
    needs = SphinxNeedsData(env).get_needs_view()
    found = []
    for block in doctree.findall(object_block):
        heading = next(iter(block.findall(object_heading)))
        body = next((c for c in block.children if "zf-body" in c.get("classes", [])), None)
        need_id, kind = block["need_id"], kinds.get(block["object_type"], "other")
        info = numbers.get(need_id, {})
        where = [s for s in (info.get("standard", "").strip("《》") or standard, info.get("chapter") or chapter) if s]
        if kind == "step" and need_id in state.steps and state.steps[need_id]["procedure"] in needs:
            where = [needs[state.steps[need_id]["procedure"]]["title"]]
        elif kind == "law_article":
            where = [title]
        found.append(
            {
                "id": need_id,
                "role": kind,
                "type": model.types[block["object_type"]].title,
                "head": _text(heading),
                "num": _part(heading, "zf-num"),
                "name": _part(heading, "zf-title"),
                "where": where,
                "std": info.get("standard", "").strip("《》") or standard,
                "text": _text(body) if body is not None else "",
                "url": f"{url}#{need_id}",
                **({"bank": 1} if kind == "question" else {}),
            }
        )
    page_text = SPACE.sub(" ", _text_outside_objects(doctree)).strip()
    page_text = page_text[len(title) :].strip() if page_text.startswith(title) else page_text
    same = [e for e in found if e["name"] == title or e["head"] == title]
    if len(found) == 1 or (same and not chapter):
        # one document: the page and its object are one result, landing on the object
        (same or found)[0]["text"] = " ".join(t for t in ((same or found)[0]["text"], page_text) if t)
    elif page_text or chapter:
        num, _, name = chapter.partition(" ") if chapter else ("", "", title)
        found.insert(
            0,
            {
                "id": "",
                "role": "chapter" if chapter else ("standard" if standard and docname.endswith("/index") else "page"),
                "type": "章" if chapter else "页面",
                "head": title,
                "num": num,
                "name": name,
                "where": [standard] if chapter and standard else [],
                "std": standard,
                "text": page_text,
                "url": url,
            },
        )
    entries[docname] = found


def _store(app) -> dict:
    """{docname: entries}, carried over from the previous build by the incremental state."""
    return run_state(app).next.setdefault("search", {})


def _titles(entries: list[dict]) -> list[str]:
    """What the user dictionary is made of: object and page names, the standards, the laws' names."""
    names = [e["name"] for e in entries] + [s for e in entries for s in e["where"]]
    names += [e["num"] for e in entries if e["role"] == "law_article"]  # 《行政处罚法》第五十八条
    return names


def load_words_ahead(app) -> None:
    """builder-inited (after the previous build's state is loaded): an incremental build cuts only the
    pages it changed, with the dictionary entries inside them looked up in jieba's dictionary as a table
    (``segment.words_from_store``). Without the table yet, jieba's whole dictionary, which takes longer to
    load than cutting a few pages, is loaded beside the build, and that process writes the table for the
    next builds. A full build cuts every page and loads it itself at the end (less memory while Sphinx is at
    its largest)."""
    if run_state(app).state is not None and not segment._tokenizer.cache_info().currsize:
        store = segment.store_path()
        if not store.is_file():
            run_state(app).words_ahead = segment.Ahead(store)


def close_words_ahead(app, exception) -> None:
    """build-finished (last): a build that cut nothing (or failed) lets the loading process go."""
    ahead, run_state(app).words_ahead = run_state(app).words_ahead, None
    if ahead is not None:
        ahead.close()


def _vocabulary(app, store: dict, user: list[str]) -> list[str]:
    """The words jieba finds in every page (kept per page between builds, keyed by page text and
    dictionary), minus the user dictionary, which is published on its own."""
    cache = run_state(app).next.setdefault("search_words", {})
    digest = segment.dictionary_digest(user)
    todo: dict[str, tuple[str, list[str]]] = {}
    for doc, entries in store.items():
        texts = [t for e in entries for t in (e["name"], e["text"])]
        key = segment.dictionary_digest([digest, *texts])
        if cache.get(doc, (None,))[0] != key:
            todo[doc] = (key, texts)
    if todo:
        ahead, run_state(app).words_ahead = run_state(app).words_ahead, None
        jobs = {doc: texts for doc, (_, texts) in todo.items()}
        cut = ahead.words_by_key(user, jobs) if ahead else None
        if cut is None and run_state(app).state is not None:  # a few changed pages: from the table
            cut = segment.words_from_store(jobs, user, segment.store_path())
        if cut is None:
            cut = {d: sorted(segment.words(t, user)) for d, t in jobs.items()}
        for doc, (key, _) in todo.items():
            cache[doc] = (key, cut[doc])
    found: set[str] = set()
    for doc in store:
        found.update(cache[doc][1])
    for doc in [d for d in cache if d not in store]:
        del cache[doc]
    return sorted(found - set(user))


def write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    store = _store(app)
    for doc in [d for d in store if d not in app.env.found_docs]:
        del store[doc]  # a removed page
    reading = _reading_order(app.env)
    ordered = [e for d in sorted(store, key=lambda d: (reading.get(d, 10**6), d)) for e in store[d]]
    user = segment.user_words(_titles(ordered))
    core = [e for e in ordered if "bank" not in e]
    standards = list(dict.fromkeys(e["std"] for e in core if e["role"] == "standard" and e["std"]))
    # the names first (the first results come from them), the texts right after (full-text search)
    names = [{k: v for k, v in e.items() if k != "text"} for e in core]
    _publish(
        app.outdir / INDEX_FILE,
        {"dict": user, "words": _vocabulary(app, store, user), "standards": standards, "docs": names},
    )
    _publish(app.outdir / TEXT_FILE, [e["text"] for e in core])
    bank = [{k: v for k, v in e.items() if k != "bank"} for e in ordered if "bank" in e]
    _publish(app.outdir / BANK_FILE, {"docs": bank})
    _copy_library(Path(app.outdir))


def _node_modules() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        if (folder / "node_modules" / LIBRARY[0]).is_dir():
            return folder / "node_modules"
    return None


def _copy_library(outdir: Path) -> None:
    """MiniSearch from the project's node_modules into the site: the browser never fetches it elsewhere."""
    modules = _node_modules()
    if modules is None:
        raise ExtensionError(
            f"缺少搜索库 {LIBRARY[0]}：请在工具所在目录运行 npm ci，安装 package-lock.json 中固定的版本。"
        )
    source, target = modules / LIBRARY[0] / LIBRARY[1], outdir / LIBRARY_TARGET
    if not (target.is_file() and target.read_bytes() == source.read_bytes()):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _publish(target, data) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
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
