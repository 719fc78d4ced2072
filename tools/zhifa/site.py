"""Publishing: the Sphinx build (-W, search index included) and a summary of what was built.

A build reuses the previous one in ``--out`` (the extension rewrites exactly the pages an edit changes),
unless ``clean`` is asked for or the previous build cannot be trusted: it failed or was interrupted, or
the metamodel, conf.py, the extension's code or the build date changed since. Then it starts afresh (-E).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from . import metamodel, status


class BuildFailed(Exception):
    pass


def build(root: Path, out: Path, build_date: str | None = None, quiet: bool = True,
          clean: bool = False) -> dict[str, int]:
    """Build the site; clean=True forces a from-scratch build (-E, previous environment ignored)."""
    stamp = out / ".doctrees" / STAMP_FILE
    key = build_key(root, build_date)
    try:
        trusted = json.loads(stamp.read_text(encoding="utf-8")) == {"key": key, "ok": True}
    except (OSError, ValueError):
        trusted = False
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", str(root), str(out)]
    if clean or not trusted:
        cmd.insert(3, "-E")
    if quiet:
        cmd.insert(3, "-q")
    if build_date:
        cmd += ["-D", f"zhifa_build_date={build_date}"]
    stamp.unlink(missing_ok=True)  # an interrupted or failed build is never trusted
    if subprocess.run(cmd).returncode != 0:
        raise BuildFailed("Sphinx 构建失败（见上方警告；运行 zhifa check 可更快定位问题）")
    stamp.write_text(json.dumps({"key": key, "ok": True}), encoding="utf-8")
    return counts(root, out)


STAMP_FILE = "zhifa-build.json"


def build_key(root: Path, build_date: str | None) -> str:
    """What, when changed, makes a previous build unusable: metamodel, conf.py, code, build date.
    (A failed build also leaves warnings only a full build reports again.)"""
    from .sphinx.incremental import code_key

    h = hashlib.sha256(code_key().encode())
    for name in ("metamodel.yaml", "conf.py"):
        path = root / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    h.update(status.build_date(build_date).isoformat().encode())
    return h.hexdigest()


def counts(root: Path, out: Path) -> dict[str, int]:
    """Objects by type title, read back from the published needs.json."""
    model = metamodel.load(root)
    data = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    version = data["versions"][data["current_version"]]
    by_type = Counter(n["type"] for n in version["needs"].values())
    return {t.title: by_type.get(name, 0) for name, t in model.types.items()}
