"""Published files made from the objects alone (the .docx of templates and standards), written on the second
core while Sphinx writes the pages: started once sphinx-needs has finished the objects (write-started), collected
before the service worker lists the site (build-finished)."""

from __future__ import annotations

from collections.abc import Callable

from zhifa import forks
from zhifa.sphinx.state import run_state


def start(app, name: str, jobs: list[Callable[[], object]], then: Callable[[list], None] | None = None) -> None:
    """Run ``jobs`` in a helper process; ``then`` receives what they returned once the build collects them."""
    if jobs:
        run_state(app).background[name] = (forks.Background(jobs), then)


def collect(app, exception) -> None:
    """build-finished (before pwa.write): every helper's jobs are done, or cancelled when the build failed.
    A job that failed fails the build with the helper's traceback."""
    started, run_state(app).background = run_state(app).background, {}
    failed = None
    for helper, then in started.values():
        if exception is not None or failed is not None:
            helper.cancel()
            continue
        try:
            results = helper.results()
        except forks.ChildFailed as exc:
            failed = exc
            continue
        if then is not None:
            then(results)
    if failed is not None:
        raise failed


def register(app) -> None:
    app.connect("build-finished", collect, priority=800)
