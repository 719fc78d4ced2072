"""The build runs the same checker as ``zhifa check``: one set of rules, and every problem
becomes a located warning (so ``-W`` fails the build exactly when the checker does)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from .. import checks, release, repo, status
from .incremental import code_key, digest

logger = logging.getLogger(__name__)
CACHE_FILE = "zhifa-check.pickle"


def inputs(root: Path) -> str:
    """What the checker reads: every file of the content folders, the releases and the root's own files
    (by name, size and modification time: a no-op build must not re-read them all)."""
    seen = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_file():
            seen.append((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns))
    for d in (*repo.CONTENT_DIRS, release.RELEASES_DIR):
        for dirpath, dirnames, filenames in os.walk(root / d):
            dirnames.sort()
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                seen.append((os.path.join(dirpath, name), st.st_size, st.st_mtime_ns))
    return digest(seen)


def run_checker(app) -> None:
    """builder-inited: the checker's problems as warnings; when no file it reads changed since the
    last build, the problems found then are reported again without checking anew."""
    root = app.srcdir
    on = status.build_date(app.config.zhifa_build_date or None)
    key = digest((inputs(Path(root)), on.isoformat(), code_key()))
    cache = Path(app.doctreedir) / CACHE_FILE
    try:
        with open(cache, "rb") as f:
            cached_key, problems = pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, ImportError):
        cached_key, problems = None, None
    if cached_key != key:
        problems = checks.run(repo.load(root, app.env.zhifa_model), on)
        Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
        with open(cache, "wb") as f:
            pickle.dump((key, problems), f, pickle.HIGHEST_PROTOCOL)
    for problem in problems:
        text = problem.text
        logger.warning(text, location=f"{root / problem.path}:{problem.line}",
                       type="zhifa", subtype="check")


def forbid_raw(app, doctree: nodes.document) -> None:
    """Defence in depth: content must never reach the page as markup, even if the checker missed it."""
    for node in [n for n in doctree.findall(nodes.raw) if "zf-generated" not in n["classes"]]:
        logger.warning("内容中的原始 HTML 已移除（内容一律按文字显示）", location=node,
                       type="zhifa", subtype="raw")
        node.parent.remove(node)
