"""Mermaid text to SVG with Mermaid as Mermaid CLI loads it (npm, pinned in package-lock.json) in the
system Chromium: all charts of a build in one browser session and one page (ZHIFA_CHART_PAGES for more)
(``render.mjs``). Results are cached by content hash under a folder named after the renderer's version
(Mermaid CLI, Mermaid, mermaid-zenuml, our script and Mermaid's options): an upgrade never serves an old
drawing.

The browser can be started early (``Renderer.start``, while Sphinx reads the sources) and is only handed
the charts once they are composed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

SCRIPT = Path(__file__).with_name("render.mjs")
CONFIG = Path(__file__).with_name("mermaid-config.json")
CACHE_ROOT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "zhifa" / "flowcharts"
PACKAGES = ("@mermaid-js/mermaid-cli", "mermaid", "@mermaid-js/mermaid-zenuml")
TIMEOUT = 600


class RenderError(Exception):
    pass


def _node_modules() -> Path | None:
    """Where node resolves the script's imports from: the nearest node_modules above it."""
    for folder in SCRIPT.parents:
        if (folder / "node_modules").is_dir():
            return folder / "node_modules"
    return None


@cache
def renderer_version() -> str:
    """The installed versions of the packages that draw, and our script: part of every cache key."""
    modules = _node_modules()
    parts = []
    for name in PACKAGES:
        try:
            meta = json.loads((modules / name / "package.json").read_text(encoding="utf-8"))  # type: ignore[operator]
            parts.append(f"{name}@{meta['version']}")
        except (TypeError, OSError, ValueError, KeyError):
            parts.append(f"{name}@missing")
    parts.append(hashlib.sha256(SCRIPT.read_bytes() + CONFIG.read_bytes()).hexdigest()[:12])
    return " ".join(parts)


def cache_dir() -> Path:
    return CACHE_ROOT / hashlib.sha256(renderer_version().encode()).hexdigest()[:16]


def _key(definition: str) -> str:
    return hashlib.sha256(definition.encode("utf-8")).hexdigest()[:24]


def cached_count() -> int:
    try:
        return sum(1 for _ in cache_dir().glob("*.svg"))
    except OSError:
        return 0


class Renderer:
    """One Mermaid session: ``start`` launches the browser (idempotent), ``render`` hands it the charts
    not cached yet and waits; ``close`` ends an unused session."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.ending: subprocess.Popen | None = None

    def start(self) -> None:
        if self.proc is not None:
            return
        node = shutil.which("node")
        if node is None:
            raise RenderError("需要 Node.js 才能生成流程图（apt-get install nodejs），然后运行 npm ci")
        self.proc = subprocess.Popen(
            [node, str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )

    def render(self, definitions: dict[str, str]) -> dict[str, str]:
        """{name: definition} -> {name: svg}; raises RenderError with what to install when it cannot."""
        folder = cache_dir()
        keys = {name: _key(d) for name, d in definitions.items()}
        missing = {keys[n]: d for n, d in definitions.items() if not (folder / f"{keys[n]}.svg").exists()}
        if not missing:
            self.close(wait=False)
            return {name: (folder / f"{keys[name]}.svg").read_text(encoding="utf-8") for name in definitions}
        self.start()
        try:
            stdout, stderr = self.proc.communicate(json.dumps(missing).encode("utf-8"), timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            self.proc.kill()
            self.proc.communicate()
            raise RenderError("生成流程图超时") from exc
        finally:
            code, self.proc = self.proc.returncode, None
        if code != 0:
            tail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RenderError(
                "生成流程图失败（需要 npm ci 安装的 Mermaid CLI 和 /usr/bin/chromium）：" + " / ".join(tail)
            )
        done = json.loads(stdout)
        folder.mkdir(parents=True, exist_ok=True)
        for key, svg in done.items():
            tmp = folder / f"{key}.svg.{os.getpid()}"
            tmp.write_text(svg, encoding="utf-8")
            tmp.replace(folder / f"{key}.svg")  # never a half-written drawing for a build beside this one
        return {name: (folder / f"{keys[name]}.svg").read_text(encoding="utf-8") for name in definitions}

    def close(self, wait: bool = True) -> None:
        """Tell an unused session to end (it closes its browser); reap it now or at the next close."""
        if self.proc is not None:
            self.proc.stdin.close()
            self.ending, self.proc = self.proc, None
        if wait and self.ending is not None:
            proc, self.ending = self.ending, None
            try:
                proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


def render_all(definitions: dict[str, str]) -> dict[str, str]:
    """{name: definition} -> {name: svg} in one session."""
    return Renderer().render(definitions)
