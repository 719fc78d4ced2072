"""Correct incremental builds: after an edit, every page whose output changes is written again, and
nothing else is.

Plain incremental Sphinx rewrites only the pages it re-reads, so numbers, backlinks, tables, coverage and
practice sections shown on other pages would go stale. Here each page records, while it is rendered, what it
used that its own source does not hold (uses.py: objects by name or whole, which objects a type has, and
named facts such as a chart or the navigation). Once all documents of the next build are read, each
recorded fact is computed again from a ``Snapshot`` of the objects; the pages (and published files) whose
facts changed are handed to Sphinx (``env-get-updated``). The records, their digests and what needs.json
and the search index reuse are kept next to the doctrees and saved only when a build finishes; a missing or
foreign state (other code, other build date) re-reads everything.

Objects are also put back in the order a clean build reads them (by document), so lists that follow
that order are the same whether a page was re-read or not.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from zhifa.codekey import code_key
from zhifa.model import status
from zhifa.sphinx import upstream_costs, uses
from zhifa.sphinx.collector import facts
from zhifa.sphinx.state import build_date, env_state, run_state

logger = logging.getLogger(__name__)
STATE_FILE = "zhifa-incremental.pickle"
COUNTS_FILE = "zhifa-counts.json"  # objects by type in needs.json, beside the file's size and time
PLACEHOLDER = "\u0000zhifa-needs\u0000"  # stands for the objects in needs.json's skeleton


def digest(value) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def _key(app) -> str:
    return digest((code_key(), build_date(app).isoformat()))


# ---- state kept between builds --------------------------------------------------------------------


def _state_path(app) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def load_state(app) -> None:
    """builder-inited: the previous build's state, or None when it cannot be trusted."""
    run_state(app).key = _key(app)
    run_state(app).read = set()
    try:
        with open(_state_path(app), "rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        state = None
    if not isinstance(state, dict) or state.get("key") != run_state(app).key:
        state = None
    run_state(app).state = state
    run_state(app).next = {**(state or {}), "key": run_state(app).key}


def remove_stale_pages(app, exception) -> None:
    """build-finished: the outputs of pages the previous build published and this one no longer has
    (a page deleted or renamed), so a removed text is not served on. Sphinx itself never deletes them."""
    if exception is not None or app.builder.format != "html":
        return
    published = {d for d in previous(app, "uses") or {} if not d.startswith(uses.OUTPUT)}
    for doc in sorted(published - set(app.env.found_docs)):
        (app.outdir / app.builder.get_target_uri(doc)).unlink(missing_ok=True)
        for source in (app.outdir / "_sources").glob(f"{doc}.*.txt"):  # the page's "view source" copy
            source.unlink()


def save_state(app, exception) -> None:
    """build-finished (last): what each page used and the digests of those facts, for the next build."""
    if exception is not None or app.builder.format != "html":
        return
    found = app.env.found_docs
    records = {
        doc: keys
        for doc, keys in {**(previous(app, "uses") or {}), **run_state(app).uses}.items()
        if doc in found or doc.startswith(uses.OUTPUT)
    }
    remember(app, "uses", {doc: frozenset(keys) for doc, keys in records.items()})
    remember(app, "digests", {k: evaluate(app, k) for k in set().union(*records.values())})
    with open(_state_path(app), "wb") as f:
        pickle.dump(run_state(app).next, f, pickle.HIGHEST_PROTOCOL)


def previous(app, name: str, default=None):
    return (run_state(app).state or {}).get(name, default)


def remember(app, name: str, value) -> None:
    run_state(app).next[name] = value


def nothing_read(app) -> bool:
    """True when this build re-read no document and trusts the previous one: every object, number and
    status is exactly what the previous build published."""
    return run_state(app).state is not None and not run_state(app).read


# ---- reading --------------------------------------------------------------------------------------


def outdated(app, env, added, changed, removed) -> set[str]:
    """env-get-outdated: without a trusted previous state, read everything again."""
    return set(env.found_docs) if run_state(app).state is None else set()


def note_read(app, env, docnames: list[str]) -> None:
    run_state(app).read = set(docnames)
    # Sphinx purges each document just before reading it: an object moved from a later-read document into
    # an earlier one would meet its own old copy ("already exists"). Purge every document to be read first.
    upstream_costs.purge_pages(app, env, docnames)


def clean_order(app, env) -> None:
    """env-updated (first): objects and documents in the order a clean build reads them. A re-read
    document's objects were appended at the end; lists that follow object order must not notice."""
    if not run_state(app).read:
        return
    data = SphinxNeedsData(env)
    if not data.needs_is_post_processed:
        needs = data.get_needs_mutable()
        ordered = sorted(needs.items(), key=lambda kv: kv[1]["docname"] or "")
        needs.clear()
        needs.update(ordered)
    env_state(env).docs = dict(sorted(facts(env).items()))


# ---- the facts pages use --------------------------------------------------------------------------


class Snapshot:
    """Digests of every object once all documents are read, before sphinx-needs resolves them: its *name*
    (uses.NAME_FIELDS with the computed status, numbers and step) and the whole *object* (every field, its
    text, backlinks and question data). Facts are computed from it both when a page records them and on
    the next build, so both see the same thing."""

    def __init__(self, app, env):
        model = env_state(env).model
        on = build_date(app)
        data = SphinxNeedsData(env)
        needs = data.get_needs_view() if data.needs_is_post_processed else data.get_needs_mutable()
        numbers, steps, last = env_state(env).numbers, env_state(env).steps, env_state(env).last_numbers
        self.docs = facts(env)
        quiz = {q["id"]: q for info in self.docs.values() for q in info.get("questions", [])}
        back: dict[str, dict[str, list[str]]] = {}
        for nid, need in needs.items():
            for lname in model.links:
                for target in need.get(lname) or []:
                    back.setdefault(target, {}).setdefault(lname, []).append(nid)
        known, read = previous(app, "raw", {}), run_state(app).read
        raw = {}
        self.type: dict[str, str] = {}
        self.doc: dict[str, str] = {}
        self.name: dict[str, str] = {}
        self.object: dict[str, str] = {}
        for nid, need in needs.items():
            doc = need["docname"]
            t = model.types.get(need["type"])
            computed = (
                status.of(need, on) if t is not None and t.dated else None,
                numbers.get(nid),
                steps.get(nid),
                last.get(nid),
            )
            backlinks = sorted((k, sorted(v)) for k, v in back.get(nid, {}).items())
            self.type[nid], self.doc[nid] = need["type"], doc
            was = known.get(nid)
            if doc not in read and was is not None and was[0] == doc and was[1] == (computed, backlinks):
                raw[nid] = was  # the raw object changes only when its document is read again
            else:
                name = digest(([need.get(f) for f in uses.NAME_FIELDS], computed))
                rest = digest([kv for kv in need.items() if kv[0] not in uses.NAME_FIELDS])
                raw[nid] = (doc, (computed, backlinks), name, digest((name, rest, backlinks, quiz.get(nid))))
            self.name[nid], self.object[nid] = raw[nid][2], raw[nid][3]
        remember(app, "raw", raw)
        self.nav = navigation(env)
        self.cache: dict = {}  # what facts derive from all objects at once (e.g. each page's practice candidates)


def navigation(env) -> str:
    """The site's navigation (shown on every page): titles, toctrees and each page's sections."""
    return digest(
        (
            sorted(env.found_docs),
            sorted((d, t.astext()) for d, t in env.titles.items()),
            sorted(env.toctree_includes.items()),
            sorted((d, t.pformat()) for d, t in env.tocs.items()),
        )
    )


@uses.fact("name")
def _name(app, snap: Snapshot, nid):
    return snap.name.get(nid)


@uses.fact("object")
def _object(app, snap: Snapshot, nid):
    return snap.object.get(nid)


@uses.fact("type")
def _of_type(app, snap: Snapshot, type_name):
    if "type" not in snap.cache:
        by_type: dict[str, list[str]] = {}
        for nid, t in snap.type.items():
            by_type.setdefault(t, []).append(nid)
        snap.cache["type"] = by_type
    return snap.cache["type"].get(type_name, [])


@uses.fact("all")
def _all(app, snap: Snapshot, _):
    return list(snap.object.items())


@uses.fact("nav")
def _nav(app, snap: Snapshot, _):
    return snap.nav


@uses.fact("file")
def _file(app, snap: Snapshot, path: str):
    """A repository file an output reads (pages name theirs to Sphinx with note_dependency)."""
    try:
        return hashlib.blake2b((Path(app.srcdir) / path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def evaluate(app, key) -> str:
    """The digest of one recorded fact in this build (computed once)."""
    known = run_state(app).digests
    if key not in known:
        kind, arg = key
        fn = uses.FACTS.get(kind)
        known[key] = digest(fn(app, run_state(app).snapshot, arg)) if fn is not None else "gone"
    return known[key]


def pages_to_rewrite(app, env) -> list[str]:
    """env-get-updated: pages that show something that changed although their source did not."""
    run_state(app).snapshot = Snapshot(app, env)
    before = previous(app, "uses")
    digests = previous(app, "digests", {})
    if before is None:
        run_state(app).changed = set(env.found_docs)
        return sorted(env.found_docs)
    changed = {k for k, d in digests.items() if evaluate(app, k) != d}
    pages = {doc for doc, keys in before.items() if not keys.isdisjoint(changed)}
    run_state(app).changed = pages
    for doc in sorted(pages):  # sphinx-build -vv says why each page is written again
        logger.debug("[zhifa] %s uses changed facts %s", doc, sorted(before[doc] & changed, key=repr)[:5])
    return sorted(pages & set(env.found_docs))


def output_stale(app, name: str, target: str) -> bool:
    """Whether the published file ``target`` (no page) must be written again: a fact it used last time
    (recorded under "@name" through uses.py) changed, or the file is gone. When it must, its record starts
    anew (the output records what it reads while it is made)."""
    record = uses.OUTPUT + name
    if (
        record in (previous(app, "uses") or {})
        and record not in run_state(app).changed
        and (app.outdir / target).exists()
    ):
        return False
    uses.begin(app, record)
    return True


def skip_unchanged(name: str, target: str, write):
    """A build-finished handler for a published file that is no page: ``write`` runs again only when
    ``output_stale``."""

    def handler(app, exception):
        if exception is None and app.builder.format == "html" and not output_stale(app, name, target):
            return
        write(app, exception)

    handler.__name__ = f"{write.__name__}_if_changed"
    return handler


# ---- needs.json -----------------------------------------------------------------------------------


def take_needs_json(app, config) -> None:
    """config-inited (after the metamodel settings): needs.json is written by ``write_needs_json``."""
    run_state(app).needs_json = bool(config.needs_build_json)
    config.needs_build_json = False


def write_needs_json(app, exception) -> None:
    """build-finished: what sphinx-needs writes, byte for byte (``dump_json`` is its one-shot, C-encoded
    form of the same ``json.dump``), and only when an object or the build date changed."""
    if exception is not None or app.builder.format != "html" or not run_state(app).needs_json:
        return
    target = app.outdir / "needs.json"
    if nothing_read(app) and target.is_file():
        return
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.filter_common import filter_needs_view
    from sphinx_needs.needsfile import NeedsList

    env = app.env
    needs_config = NeedsSphinxConfig(env.config)
    version = getattr(env.config, "version", "unset")
    # Each object's JSON is kept with the digest of everything it is made of (raw data, computed
    # fields, backlinks); only objects whose digest changed are serialised again. The file is then
    # assembled the way json.dumps(..., sort_keys=True) lays it out: objects by ID, ", " and ": ".
    keys = run_state(app).snapshot.object
    cache = previous(app, "needs_json", {})
    kept: dict[str, tuple[str | None, str]] = {}
    scratch = NeedsList(env, app.outdir, app.srcdir)
    types: dict[str, int] = {}
    for need in filter_needs_view(
        SphinxNeedsData(env).get_needs_view(),
        needs_config,
        needs_config.builder_filter,
        append_warning="(from need_builder_filter)",
    ):
        nid = need["id"]
        types[need["type"]] = types.get(need["type"], 0) + 1
        key = keys.get(nid)
        if key is None or cache.get(nid, ("",))[0] != key:
            scratch.add_need(version, need)
            kept[nid] = (key, json.dumps(scratch.needs_list["versions"][version]["needs"].pop(nid), sort_keys=True))
        else:
            kept[nid] = cache[nid]
    remember(app, "needs_json", {k: v for k, v in kept.items() if v[0] is not None})
    needs_list = NeedsList(env, app.outdir, app.srcdir)
    needs_list.update_or_add_version(version)
    skeleton = needs_list.needs_list["versions"][version]
    skeleton["needs"], skeleton["needs_amount"] = PLACEHOLDER, len(kept)
    body = "{" + ", ".join(f"{json.dumps(nid)}: {kept[nid][1]}" for nid in sorted(kept)) + "}"
    target.write_text(needs_list.dump_json().replace(json.dumps(PLACEHOLDER), body, 1))
    # what `zhifa build` reports (publish.site.counts), so it need not parse the file it was written from
    st = target.stat()
    counted = {"file": [st.st_size, st.st_mtime_ns], "by_type": types}
    (Path(app.doctreedir) / COUNTS_FILE).write_text(json.dumps(counted), encoding="utf-8")


def register(app) -> None:
    app.connect("config-inited", take_needs_json, priority=6)
    app.connect("builder-inited", load_state, priority=100)
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-updated", clean_order, priority=100)
    app.connect("env-get-updated", pages_to_rewrite, priority=900)
    app.connect("build-finished", write_needs_json)
    app.connect("build-finished", remove_stale_pages)
    app.connect("build-finished", save_state, priority=990)
    uses.register(app)
