"""Costs of the libraries the build runs on that grow with the site rather than with an edit. Each is undone
here with the least change to their behaviour; all rely on internals of the exact versions pinned in
pyproject.toml (sphinx, sphinx-needs, myst-parser), and tests/test_upstream_costs.py checks them.

Purging (sphinx-needs). Before Sphinx reads a page it asks every extension to forget what the page held;
sphinx-needs then looks at each of its objects to find the page's (``SphinxNeedsData.remove_doc``). A clean
build reads every page, so at 10,000 objects that is 700 pages × up to 10,000 objects, about 3.5 s for
nothing: a page read for the first time holds no object yet. Here a page is purged only when it held
sphinx-needs data when the build began reading, and once. That set is complete for the whole build: what a
read adds belongs to the page being read, which was purged just before (a serial read), or every page is
purged before any is read (Sphinx's parallel read, and ``incremental.note_read``).

Event arguments (Sphinx, sphinx-needs). Sphinx writes every event's arguments into a debug message,
``repr()`` first, even when no debug output is shown; two sphinx-needs events pass the whole object table,
whose objects' ``repr`` spells out every field (about 0.25 s per build at 10,000 objects). An object is
shown by its ID instead.

Asset checksums (Sphinx). Each page links the theme's and the site's style sheets and scripts with a
checksum of the file (``?v=…``). Sphinx resolves the file's path on disk again for each link of each page
before it looks up the checksum it already computed (about 0.9 s over 700 pages); here each (site, file) is
resolved once per build. The files do not change while pages are written, so the checksums are the same.

A throwaway document (MyST). For every page (and every nested parse) MyST builds a new docutils document
with freshly computed default settings as the *default* of a ``dict.get`` whose key is always there, then
drops it (about 0.5 ms each). The default settings are computed once per process instead; each document
still gets its own copy.

The environment written beside the build (Sphinx). Once the pages are read, Sphinx writes its whole environment
to disk before it writes a page (about 0.45 s at 10,000 objects, on every build). In an incremental build, a
child forked at that moment writes it while the build goes on; the build waits for it at its end and fails if
it failed. The child sees the environment exactly as Sphinx would have written it (a fork is a copy of that
moment); it copies the pages of memory it reads (about 110 MB at 10,000 objects), so a clean build, at its
largest then, still writes the environment itself.

Imports nobody uses (Sphinx, jieba). Sphinx loads each of its builders at start, the site uses ``html`` alone:
the EPUB, LaTeX and link-check builders cost about 0.1 s of every build's start (``html_only``).
jieba, which Sphinx's Chinese search language imports, imports ``pkg_resources`` (about 60 ms) only to open
its own data files, which it opens directly without it (``without_pkg_resources``).

Templates compiled once (Jinja). Sphinx makes a new Jinja environment for each build, so each build parses and
compiles the theme's page templates to Python again before it writes a page (about 0.3 s). Jinja's own bytecode
cache keeps them compiled in the machine's cache folder (``cachedir``); Jinja uses the compiled code only while the
template's source is the same (it compares a checksum) and only from the same Jinja and Python versions; here the
environment's extensions are part of the key as well.
"""

from __future__ import annotations

import copy
import os
import pickle
import sys
from contextlib import contextmanager
from functools import cache

import jinja2
from sphinx.util import logging

from zhifa import cachedir, forks
from zhifa.sphinx.state import run_state

logger = logging.getLogger(__name__)

UNUSED_BUILDERS = frozenset(
    f"sphinx.builders.{name}"
    for name in ("changes", "epub3", "latex", "linkcheck", "manpage", "texinfo", "text", "xml")
)


def html_only() -> None:
    """Before Sphinx starts a ``-b html`` build: it does not load the builders of other formats."""
    import sphinx.application

    sphinx.application.builtin_extensions = tuple(
        name for name in sphinx.application.builtin_extensions if name not in UNUSED_BUILDERS
    )


@contextmanager
def without_pkg_resources():
    """Imports inside find no ``pkg_resources`` (jieba then opens its data files itself); later imports do."""
    if "pkg_resources" in sys.modules:
        yield
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment] # an import of it raises ImportError
    try:
        yield
    finally:
        del sys.modules["pkg_resources"]


def _docs_with_data(env) -> set[str]:
    """The pages sphinx-needs holds anything of: objects, per-type page lists, needextend, needuml."""
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    docs = {need.source.dict_repr.get("docname") for need in data.get_needs_mutable().values()}
    docs.update(doc for listed in data.get_or_create_docs().values() for doc in listed)
    docs.update(extend["docname"] for extend in data.get_or_create_extends().values())
    docs.update(uml["docname"] for uml in data.get_or_create_umls().values())
    return docs


def _held(app, env) -> set[str]:
    state = run_state(app)
    if state.needs_docs is None:  # the first purge of this build: nothing is read yet
        state.needs_docs = _docs_with_data(env)
    return state.needs_docs


def purge_pages(app, env, docnames) -> None:
    """Purge pages of what sphinx-needs holds of them, before they are read again."""
    from sphinx_needs.data import SphinxNeedsData

    held = _held(app, env)
    data = SphinxNeedsData(env)
    for doc in docnames:
        if doc in held:
            data.remove_doc(doc)
            held.discard(doc)  # until it is read again, which is not before this build ends


def _guard(purge):
    def purge_if_held(app, env, docname):
        held = _held(app, env)
        if docname in held:
            purge(app, env, docname)
            held.discard(docname)

    purge_if_held.__name__ = purge_if_held.__qualname__ = f"{purge.__name__}_if_held"
    return purge_if_held


def guard_purge(app) -> None:
    """builder-inited (every extension is set up): sphinx-needs' env-purge-doc listener runs only for a page
    it holds data of, at the same priority."""
    from sphinx_needs.directives.need import purge_needs

    for listener in list(app.events.listeners["env-purge-doc"]):
        if listener.handler is purge_needs:
            app.disconnect(listener.id)
            app.connect("env-purge-doc", _guard(purge_needs), priority=listener.priority)


def _short_repr(need) -> str:
    return f"NeedItem(id={need.id!r})"


def shorten_repr() -> None:
    from sphinx_needs.need_item import NeedItem

    NeedItem.__repr__ = _short_repr


def checksum_once(app) -> None:
    """builder-inited: asset checksums are remembered for this build (and only this one)."""
    import sphinx.builders.html as html

    if not hasattr(html._file_checksum, "cache_info"):
        html._file_checksum = cache(html._file_checksum)
    html._file_checksum.cache_clear()


TEMPLATE_CACHE = cachedir.ROOT / "templates"


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache keyed by the environment's extensions too: the one setting of Sphinx's that changes
    the compiled code."""

    def get_bucket(self, environment, name, filename, source):
        extensions = ",".join(sorted(environment.extensions))
        return super().get_bucket(environment, name, f"{filename}|{extensions}", source)


def compiled_templates(app) -> None:
    """builder-inited: the HTML builder's templates come from Jinja's bytecode cache once compiled."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return
    try:
        TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache folder: templates are compiled as before
    environment.bytecode_cache = _TemplateCache(str(TEMPLATE_CACHE))


@cache
def _default_settings(parser_cls):
    from docutils.frontend import get_default_settings

    return get_default_settings(parser_cls)


def _make_document(source_path="notset", parser_cls=None):
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.utils import new_document

    settings = copy.copy(_default_settings(parser_cls or RSTParser))  # its own settings, as before
    return new_document(source_path, settings=settings)


def settings_once() -> None:
    from myst_parser.mdit_to_docutils import base

    base.make_document = _make_document


class _PickleWritingEnvInChild:
    """``sphinx.builders``' ``pickle`` during one incremental build: ``dump`` of the environment forks."""

    def __init__(self, app) -> None:
        self.app = app

    def __getattr__(self, name):
        return getattr(pickle, name)

    def dump(self, obj, file, protocol=None) -> None:
        app = self.app
        if obj is not app.env or not forks.can_fork() or getattr(app, "parallel", 1) > 1:
            return pickle.dump(obj, file, protocol)
        file.flush()
        pid = os.fork()
        if pid == 0:  # the child: write, flush, leave without any cleanup
            code = 1
            try:
                forks.close_all_but(file.fileno())
                pickle.dump(obj, file, protocol)
                file.flush()
                code = 0
            finally:
                os._exit(code)
        run_state(app).env_writer = pid


def write_env_beside(app) -> None:
    """builder-inited (after incremental.load_state): an incremental build's environment is written by a child."""
    import sphinx.builders

    writer = pickle
    if run_state(app).state is not None and app.builder.format == "html":
        writer = _PickleWritingEnvInChild(app)
    sphinx.builders.pickle = writer


def env_written(app, exception) -> None:
    """build-finished (before validate.mark_reusable): the environment is on disk before the build ends; if the
    child failed, a warning fails the build (-W), so the next one starts afresh."""
    import sphinx.builders

    sphinx.builders.pickle = pickle
    pid, run_state(app).env_writer = run_state(app).env_writer, None
    if pid is not None and os.waitpid(pid, 0)[1] != 0:
        logger.warning("未能写入 Sphinx 的构建环境（environment.pickle）：下次构建将从头开始", type="zhifa")


def register(app) -> None:
    shorten_repr()
    settings_once()
    app.connect("builder-inited", guard_purge, priority=0)
    app.connect("builder-inited", checksum_once)
    app.connect("builder-inited", compiled_templates)
    app.connect("builder-inited", write_env_beside, priority=900)  # after incremental.load_state
    app.connect("build-finished", env_written, priority=995)
