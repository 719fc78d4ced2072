"""A file the tool keeps between builds for speed alone (a parse of unchanged sources), valid only for the code that
wrote it (``codekey``). Helper processes read and keep these files themselves, so the build's own process neither
loads nor passes them on; a file another process is keeping is replaced at once, never seen half written."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

UNREADABLE = (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError)


def load(path: Path, key: str, default):
    """What ``keep`` kept under ``key``, or ``default`` (no file, another key, an unreadable file)."""
    try:
        with open(path, "rb") as f:
            kept_key, value = pickle.load(f)
    except UNREADABLE:
        return default
    return value if kept_key == key else default


def keep(path: Path, key: str, value) -> None:
    """Keep ``value`` under ``key``; only a later build's speed depends on it, so a failure to write is silent."""
    path = Path(path)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two helpers may keep the same file at once
    try:
        with open(tmp, "wb") as f:
            pickle.dump((key, value), f, pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
