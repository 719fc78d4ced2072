"""What the build's output depends on besides the content: this package's code and the versions of the
libraries it runs on. A change means nothing built before is trusted (read by the build command and by the
Sphinx extension's incremental state, which must agree)."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DISTRIBUTIONS = ("sphinx", "sphinx-needs", "myst-parser", "furo", "docutils", "sphinxcontrib-mermaid")


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in DISTRIBUTIONS:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    return h.hexdigest()
