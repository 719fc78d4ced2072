"""Mermaid text to SVG with Mermaid as Mermaid CLI loads it (npm, pinned in package-lock.json) in the
system Chromium: all charts of a build in one browser session and one page (``render.mjs``). Results are
cached by content hash under a folder named after the renderer's version (Mermaid CLI, Mermaid,
mermaid-zenuml, our script and Mermaid's options): an upgrade never serves an old drawing.

A session can be handed its charts early (``Renderer.begin``, while Sphinx reads the sources): a thread
feeds it, stores each drawing in the cache as it arrives and reaps it, so the browser's memory is freed
while the build goes on; ``render`` then waits for it and draws only what is still missing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
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
    """``begin`` starts a session drawing the charts not cached yet and returns at once; ``render`` waits for it,
    draws what is still missing and reads every drawing from the cache; ``close`` waits for a session begun
    but never waited for."""

    def __init__(self) -> None:
        self.job: threading.Thread | None = None
        self.proc: subprocess.Popen | None = None
        self.error: RenderError | None = None

    def begin(self, definitions: dict[str, str]) -> None:
        """Start drawing those of ``definitions`` ({name: definition}) not cached yet, unless a session is
        still drawing; raises RenderError (with what to install) when node is missing."""
        if self.job is not None:
            return
        folder = cache_dir()
        missing = {_key(d): d for d in definitions.values()}
        missing = {k: d for k, d in missing.items() if not (folder / f"{k}.svg").exists()}
        if not missing:
            return
        node = shutil.which("node")
        if node is None:
            raise RenderError("需要 Node.js 才能生成流程图（apt-get install nodejs），然后运行 npm ci")
        said = tempfile.TemporaryFile()  # what node and Chromium say, read only when the session fails
        self.proc = subprocess.Popen(
            # a young generation of 1 MB: node only relays the charts (less memory, the same speed)
            [node, "--max-semi-space-size=1", str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=said,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
            start_new_session=True,  # its own process group: a timeout ends Chromium with it
        )
        self.error = None
        self.job = threading.Thread(target=self._session, args=(self.proc, missing, said, folder), daemon=True)
        self.job.start()

    def _session(self, proc: subprocess.Popen, missing: dict[str, str], said, folder: Path) -> None:
        """The thread: hand node the charts, store each drawing as it arrives (node's output is read as it is
        written, so no pipe ever fills up), reap node, record a failure for ``render`` to report."""
        with said:
            try:
                try:
                    proc.stdin.write(json.dumps(missing).encode("utf-8"))
                    proc.stdin.close()
                except OSError:
                    pass  # node ended before reading: its exit status and messages say why
                folder.mkdir(parents=True, exist_ok=True)
                for line in proc.stdout:
                    key, svg = json.loads(line)
                    if key in missing:
                        tmp = folder / f"{key}.svg.{os.getpid()}"
                        tmp.write_text(svg, encoding="utf-8")
                        tmp.replace(folder / f"{key}.svg")  # never a half-written drawing for a build beside this one
            except (OSError, ValueError, TypeError) as exc:
                _kill(proc)
                self.error = RenderError(f"生成流程图失败：{exc}")
                return
            if proc.wait() != 0:
                said.seek(0)
                tail = said.read().decode("utf-8", "replace").strip().splitlines()[-3:]
                self.error = RenderError(
                    "生成流程图失败（需要 npm ci 安装的 Mermaid CLI 和 /usr/bin/chromium）：" + " / ".join(tail)
                )

    def wait(self) -> None:
        """Until the session begun has ended (ended by force after TIMEOUT seconds)."""
        job, self.job = self.job, None
        if job is None:
            return
        job.join(TIMEOUT)
        if job.is_alive():
            _kill(self.proc)
            job.join()
            self.error = RenderError("生成流程图超时")

    def render(self, definitions: dict[str, str]) -> dict[str, str]:
        """{name: definition} -> {name: svg}; raises RenderError with what to install when it cannot."""
        self.wait()  # a session begun early: its drawings are in the cache when it ends
        folder = cache_dir()
        keys = {name: _key(d) for name, d in definitions.items()}
        if any(not (folder / f"{k}.svg").exists() for k in keys.values()):
            if self.error is not None:
                raise self.error  # the early session failed: a second one would fail the same way
            self.begin(definitions)
            self.wait()
            if self.error is not None:
                raise self.error
        return {name: (folder / f"{keys[name]}.svg").read_text(encoding="utf-8") for name in definitions}

    def close(self) -> None:
        """build-finished: a session begun but never waited for (the build stopped early) still fills the
        cache; it ends by itself once it has drawn its charts."""
        self.wait()


def _kill(proc: subprocess.Popen) -> None:
    """End node and the browser it started (its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()


def render_all(definitions: dict[str, str]) -> dict[str, str]:
    """{name: definition} -> {name: svg} in one session."""
    return Renderer().render(definitions)
