"""The build process's footprint: costs that grow with the site rather than with an edit.

The collector. Python's cyclic collector walks every live object each time it runs a full pass. Loading the previous
build's environment and incremental state (10,000 objects: about a million small Python objects) triggers many such
passes over what was just loaded, and every later pass walks it again. What is loaded is the build's working data,
alive until the build ends, so the collector is paused while it loads and it is moved out of the collector's sight
(``gc.freeze``) before the build starts; what a re-read page replaces is still freed (by reference counting).
Doctrees read and written later are collected as before (a collector paused for the whole build would keep every
page's tree in memory). An incremental build, which reads a few pages, also lets the collector wait for 50,000 new
objects rather than Python's 700 before a pass: it makes a few hundred thousand objects that live until it ends
(sphinx-needs' finished objects, the pages' records) and walked them in some 600 passes (about 0.2 s of an edit at
10,000 objects). A full build, which makes nearly all it holds and reads every page, keeps Python's thresholds, so
its peak memory stays what it was. The process also ends without freeing its heap (publish/run_sphinx.py).

Read pages. Sphinx keeps every page it reads in memory until the page is written (10,000 objects:
about 175 MB of doctrees at once, the build's largest share of memory). Here each page is dropped from
that cache as soon as the next one is read: the writing loads it back from the pickle Sphinx saved
(about 1.5 s for all pages at 10,000 objects), and the build's peak memory is the environment's, not
the environment's plus every page's.
"""

from __future__ import annotations

import gc

from zhifa.sphinx.state import run_state

COLLECT_AFTER = 50_000  # new objects between two passes of the collector in an incremental build (Python's: 700)


def pause_collector(app, config) -> None:
    """config-inited (last): the environment is loaded next."""
    gc.disable()


def freeze_loaded(app) -> None:
    """builder-inited (after incremental.load_state, before anything forks): the environment and the previous
    build's state are loaded; what exists now lives until the build ends."""
    gc.freeze()
    if run_state(app).state is not None:  # an incremental build: incremental.load_state trusted the last one
        gc.set_threshold(COLLECT_AFTER, 10, 10)
    gc.enable()


def drop_read_pages(app, *args) -> None:
    """source-read (a page is about to be read) and env-updated (all are read): the pages read so far
    leave Sphinx's in-memory cache (its pickles on disk are what the writing reads)."""
    cache = getattr(app.env, "_write_doc_doctree_cache", None)  # Sphinx 9's (pinned in pyproject.toml)
    if cache:
        cache.clear()


def register(app) -> None:
    app.connect("config-inited", pause_collector, priority=10_000)
    app.connect("builder-inited", freeze_loaded, priority=120)  # load_state: 100; the jieba fork: 150
    app.connect("source-read", drop_read_pages)
    app.connect("env-updated", drop_read_pages, priority=0)
