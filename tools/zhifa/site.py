"""Publishing: the full Sphinx build (-E -W), the Pagefind index, and a summary of what was built."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from . import metamodel

from .repo import CONTENT_DIRS, ROOT_DOC

# Only content pages are indexed (not search.html, genindex.html, permalink.html).
PAGEFIND_GLOB = "{" + ",".join([f"{ROOT_DOC}.html", *(f"{d}/**/*.html" for d in CONTENT_DIRS)]) + "}"


class BuildFailed(Exception):
    pass


def build(root: Path, out: Path, build_date: str | None = None, quiet: bool = True) -> dict[str, int]:
    cmd = [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-b", "html",
           str(root), str(out)]
    if quiet:
        cmd.insert(3, "-q")
    if build_date:
        cmd += ["-D", f"zhifa_build_date={build_date}"]
    if subprocess.run(cmd).returncode != 0:
        raise BuildFailed("Sphinx 构建失败（见上方警告；运行 zhifa check 可更快定位问题）")
    index = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out), "--root-selector", "article",
         "--glob", PAGEFIND_GLOB, "--exclude-selectors", ".headerlink", "--quiet"],
        capture_output=True, text=True)
    if index.returncode != 0:
        raise BuildFailed(f"Pagefind 建立搜索索引失败：{index.stderr.strip() or index.stdout.strip()}")
    return counts(root, out)


def counts(root: Path, out: Path) -> dict[str, int]:
    """Objects by type title, read back from the published needs.json."""
    model = metamodel.load(root)
    data = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    version = data["versions"][data["current_version"]]
    by_type = Counter(n["type"] for n in version["needs"].values())
    return {t.title: by_type.get(name, 0) for name, t in model.types.items()}
