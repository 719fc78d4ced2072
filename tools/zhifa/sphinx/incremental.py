"""Correct incremental builds: after an edit, every page whose output changes is written again, and
nothing else is.

Plain incremental Sphinx rewrites only the pages it re-reads, so backlinks, numbers, tables, coverage
and practice sections shown on other pages go stale. Here, once all documents are read, each page gets
a signature of everything it displays that does not come from its own source: its objects with their
computed status and numbers and backlinks, how every object it links to or mentions is shown (number,
title, status, page), the objects of its tables, the questions of its practice section, the terms, the
navigation. Pages whose signature changed are handed to Sphinx (``env-get-updated``). The signatures,
and what the publishing steps need to skip unchanged outputs, are kept next to the doctrees and saved
only when a build finishes; a missing or foreign state (other code, other build date) re-reads
everything.

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
from zhifa.model import lawtext, status
from zhifa.model.myst import ROLE
from zhifa.sphinx.collector import facts
from zhifa.sphinx.state import build_date, env_state, role, run_state

logger = logging.getLogger(__name__)
STATE_FILE = "zhifa-incremental.pickle"
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
    run_state(app).sigs = None
    try:
        with open(_state_path(app), "rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        state = None
    if not isinstance(state, dict) or state.get("key") != run_state(app).key:
        state = None
    run_state(app).state = state
    run_state(app).next = {
        **(state or {}),
        "key": run_state(app).key,
        "publishing_now": {},
        "publishing": dict(previous(app, "publishing", {})),
    }


def remove_stale_pages(app, exception) -> None:
    """build-finished: the outputs of pages the previous build published and this one no longer has
    (a page deleted or renamed), so a removed text is not served on. Sphinx itself never deletes them."""
    if exception is not None or app.builder.format != "html":
        return
    for doc in sorted(set(previous(app, "sigs") or {}) - set(app.env.found_docs)):
        (app.outdir / app.builder.get_target_uri(doc)).unlink(missing_ok=True)
        for source in (app.outdir / "_sources").glob(f"{doc}.*.txt"):  # the page's "view source" copy
            source.unlink()


def save_state(app, exception) -> None:
    """build-finished (last): keep what the next build compares against."""
    if exception is not None or app.builder.format != "html":
        return
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
    data = SphinxNeedsData(env)
    for doc in docnames:
        data.remove_doc(doc)


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


# ---- what each page shows -------------------------------------------------------------------------


class _View:
    """Everything pages show about objects, computed from the raw objects once per build."""

    def __init__(self, app, env):
        model = env_state(env).model
        on = build_date(app)
        self.needs = (
            SphinxNeedsData(env).get_needs_mutable()
            if not SphinxNeedsData(env).needs_is_post_processed
            else SphinxNeedsData(env).get_needs_view()
        )
        numbers = env_state(env).numbers
        steps = env_state(env).steps
        last = env_state(env).last_numbers
        self.links = links = list(model.links)
        self.back: dict[str, dict[str, list[str]]] = {}
        self.meta: dict[str, str] = {}
        self.content: dict[str, str] = {}
        self.face: dict[str, str] = {}
        for nid, need in self.needs.items():
            for lname in links:
                for target in need.get(lname) or []:
                    self.back.setdefault(target, {}).setdefault(lname, []).append(nid)
        known = previous(app, "raw", {})
        raw = {}
        for nid, need in self.needs.items():
            doc = need["docname"]
            if doc in run_state(app).read or nid not in known or known[nid][0] != doc:
                # the raw object changes only when its document is read again: reuse the rest
                meta_raw = digest([kv for kv in need.items() if kv[0] != "content"])
                raw[nid] = (
                    doc,
                    meta_raw,
                    digest(need.get("content")),
                    (
                        nid,
                        need["type"],
                        need["title"],
                        doc,
                        need.get("law"),
                        need.get("article"),
                        need.get("content") if need["type"] in (model.role("glossary"), model.role("phrase")) else None,
                    ),
                )
            else:
                raw[nid] = known[nid]
            _, meta, content, face = raw[nid]
            t = model.types.get(need["type"])
            state = status.of(need, on) if t is not None and t.dated else None
            computed = (state, numbers.get(nid), steps.get(nid), last.get(nid))
            self.meta[nid] = digest((meta, computed))
            self.content[nid] = content
            self.face[nid] = digest((face, computed))
        remember(app, "raw", raw)
        run_state(app).need_keys = {
            nid: digest(
                (self.meta[nid], self.content[nid], sorted((k, sorted(v)) for k, v in self.back.get(nid, {}).items()))
            )
            for nid in self.needs
        }

    def faces(self, ids) -> list:
        return [(i, self.face.get(i)) for i in ids]

    def own(self, nid: str) -> tuple:
        """An object as shown on its own page: all of it, its backlinks, and the objects it links to."""
        back = {k: sorted(v) for k, v in self.back.get(nid, {}).items()}
        need = self.needs.get(nid)
        shown = [i for ids in back.values() for i in ids]
        if need is not None:
            shown += [i for lname in self.links for i in (need.get(lname) or [])]
        return (self.meta.get(nid), self.content.get(nid), back, self.faces(shown))


def _question_parts(view: _View, q: dict, by_id: dict) -> str:
    """A question as practice sections, coverage and the bank show it: itself, its case material and
    how the clauses it tests and cites are shown."""
    refs = [m.group("target").strip() for m in ROLE.finditer(q.get("explanation") or "")]
    parent = by_id.get(q.get("parent")) if q.get("parent") else None
    return digest((q, parent, view.faces(q.get("tests") or []), view.faces(refs)))


def signatures(app, env, view: _View) -> tuple[dict[str, str], str]:
    docs = facts(env)
    questions = [q for info in docs.values() for q in info.get("questions", [])]
    by_id = {q["id"]: q for q in questions}
    shown = {q["id"]: _question_parts(view, q, by_id) for q in questions}
    chapters = env_state(env).chapters
    # which chapter pages each question appears on (本章练习 lists the questions testing the chapter)
    practice: dict[str, list] = {}
    for q in questions:
        for doc in {view.needs[c]["docname"] for c in q.get("tests") or [] if c in view.needs}:
            if doc in chapters:
                practice.setdefault(doc, []).append(shown[q["id"]])
    article, glossary = role(env, "article"), role(env, "glossary")
    flow = (role(env, "procedure"), role(env, "step"))
    clause_faces = digest([view.face[i] for i, n in view.needs.items() if n["type"] == article])
    coverage = digest((clause_faces, list(shown.items()), chapters))
    terms = digest([view.face[i] for i, n in view.needs.items() if n["type"] == glossary])
    tables: dict[tuple, str] = {}
    svgs = run_state(app).svgs
    sigs = {}
    for doc in env.found_docs:
        info = docs.get(doc, {})
        parts: list = [
            [(nid, view.own(nid), digest(svgs.get(nid))) for nid, _ in info.get("objects", [])],
            view.faces(info.get("refs", [])),
        ]
        for key in info.get("tables", []):
            if key not in tables:
                tables[key] = digest(
                    [
                        (i, view.meta[i], view.faces([n.get("procedure") or ""]))
                        for i, n in view.needs.items()
                        if n["type"] == key[0]
                    ]
                )
            parts.append(tables[key])
        if info.get("coverage"):
            parts.append(coverage)
        if doc in chapters:
            parts.append(practice.get(doc, []))
        if any(t != glossary for _, t in info.get("objects", [])):
            parts.append(terms)
        sigs[doc] = digest(parts)
    publishing = {
        "bank": digest(
            (
                clause_faces,
                list(shown.items()),
                chapters,
                [(i, view.meta[i]) for i, n in view.needs.items() if n["type"] in flow],
            )
        ),
        "docx": digest(
            (
                [(d, info.get("forms")) for d, info in docs.items() if info.get("forms")],
                sorted(view.face.items()),
                app.config.zhifa_issuer,
            )
        ),
    }
    return sigs, publishing


def _file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


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


def pages_to_rewrite(app, env) -> list[str]:
    """env-get-updated: pages that show something that changed although their source did not."""
    texts = lawtext.digest(Path(app.srcdir))  # imported official law texts (laws/text/*.json)
    remember(app, "lawtext", texts)
    law_pages = sorted(d for d in env.found_docs if d.startswith("laws/"))
    if nothing_read(app):
        remember(app, "publishing_now", previous(app, "publishing_inputs", {}))
        return law_pages if previous(app, "lawtext") != texts else []
    view = _View(app, env)
    sigs, publishing = signatures(app, env, view)
    for doc in law_pages:
        sigs[doc] = digest((sigs[doc], texts))
    nav = navigation(env)
    remember(app, "sigs", sigs)
    remember(app, "nav", nav)
    remember(app, "publishing_now", publishing)
    remember(app, "publishing_inputs", publishing)
    before = previous(app, "sigs")
    if before is None or previous(app, "nav") != nav:
        return sorted(env.found_docs)
    return sorted(d for d, s in sigs.items() if before.get(d) != s)


def unchanged_output(app, name: str, target: Path, extra=None) -> bool:
    """True when the named output's inputs are those of the previous build and the file is still there."""
    inputs = run_state(app).next["publishing_now"].get(name)
    now = digest((inputs, extra)) if inputs is not None else None
    run_state(app).next.setdefault("publishing", {})[name] = now
    return now is not None and now == previous(app, "publishing", {}).get(name) and target.exists()


def skip_unchanged(name: str, target: str, write, extra=None):
    """A build-finished handler that runs ``write`` only when its inputs changed (``extra(app)``: inputs
    that are no document, read at the end of every build)."""

    def handler(app, exception):
        if (
            exception is None
            and app.builder.format == "html"
            and unchanged_output(app, name, app.outdir / target, extra(app) if extra else None)
        ):
            return
        write(app, exception)

    handler.__name__ = f"{write.__name__}_if_changed"
    return handler


def blueprint_bytes(app) -> bytes:
    from zhifa.bank.blueprint import BLUEPRINT_FILE

    return _file(app.srcdir / BLUEPRINT_FILE)


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
    keys = run_state(app).need_keys
    cache = previous(app, "needs_json", {})
    kept: dict[str, tuple[str | None, str]] = {}
    scratch = NeedsList(env, app.outdir, app.srcdir)
    for need in filter_needs_view(
        SphinxNeedsData(env).get_needs_view(),
        needs_config,
        needs_config.builder_filter,
        append_warning="(from need_builder_filter)",
    ):
        nid = need["id"]
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
