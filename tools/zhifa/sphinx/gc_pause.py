"""The collector in the build process: a cost that grows with the site rather than with an edit.

Python's cyclic collector walks every live object each time it runs a full pass. Loading the previous
build's environment (10,000 objects: about a million small Python objects) triggers many such passes over
what was just loaded, and every later pass walks it again. What is loaded is the build's working data,
alive until the build ends, so the collector is paused while it loads and it is moved out of the
collector's sight (``gc.freeze``) before the build starts; what a re-read page replaces is still freed (by
reference counting). Doctrees read and written later are collected as before (a collector paused for the
whole build would keep every page's tree in memory). The process also ends without freeing its heap
(publish/run_sphinx.py).
"""

from __future__ import annotations

import gc


def pause_collector(app, config) -> None:
    """config-inited (last): the environment is loaded next."""
    gc.disable()


def freeze_loaded(app) -> None:
    """builder-inited (first): the environment is loaded; what exists now lives until the build ends."""
    gc.freeze()
    gc.enable()


def register(app) -> None:
    app.connect("config-inited", pause_collector, priority=10_000)
    app.connect("builder-inited", freeze_loaded, priority=0)
