"""Publishing: the full Sphinx build (-E -W, search index included) and a summary of what was built."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from . import metamodel


class BuildFailed(Exception):
    pass


def build(root: Path, out: Path, build_date: str | None = None, quiet: bool = True,
          clean: bool = False) -> dict[str, int]:
    """Build the site; clean=True forces a from-scratch build (-E, previous environment ignored)."""
    cmd = [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-b", "html",
           str(root), str(out)]
    if quiet:
        cmd.insert(3, "-q")
    if build_date:
        cmd += ["-D", f"zhifa_build_date={build_date}"]
    if subprocess.run(cmd).returncode != 0:
        raise BuildFailed("Sphinx 构建失败（见上方警告；运行 zhifa check 可更快定位问题）")
    return counts(root, out)


def counts(root: Path, out: Path) -> dict[str, int]:
    """Objects by type title, read back from the published needs.json."""
    model = metamodel.load(root)
    data = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    version = data["versions"][data["current_version"]]
    by_type = Counter(n["type"] for n in version["needs"].values())
    return {t.title: by_type.get(name, 0) for name, t in model.types.items()}
