"""Mermaid text to SVG with Mermaid as Mermaid CLI loads it (npm, pinned in package-lock.json) in the
system Chromium: all charts of a build in one browser session and one page (``chart-page.html``). Results
are cached by content hash under a folder named after the renderer's version (Mermaid CLI, Mermaid,
mermaid-zenuml, our page, Mermaid's options and the browser's flags): an upgrade never serves an old drawing.

A session can be handed its charts early (``Renderer.begin``, while Sphinx reads the sources): a thread
drives the browser, stores each drawing in the cache as it arrives and ends the browser, so its memory is
freed while the build goes on; ``render`` then waits for it and draws only what is still missing.

Memory (a build's peak is summed over all its processes): the thread drives the browser over its DevTools
pipe, with no node process in between (puppeteer's held ~70 MB); the browser runs as one process (no
zygote, renderer, GPU or utility processes of its own) and V8 collects for size rather than speed (the same
speed here: the heap is small). 120 charts at 10,000 objects: ~310 MB for ~10 s, where puppeteer's default
launch held ~660 MB for ~14 s."""

from __future__ import annotations

import fcntl
import hashlib
import html
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from functools import cache
from pathlib import Path

from zhifa import cachedir
from zhifa.forks import beside

PAGE = Path(__file__).with_name("chart-page.html")
CONFIG = Path(__file__).with_name("mermaid-config.json")
CACHE_ROOT = cachedir.ROOT / "flowcharts"
PACKAGES = ("@mermaid-js/mermaid-cli", "mermaid", "@mermaid-js/mermaid-zenuml")
CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
# puppeteer's launch flags that bear on a page's layout (new headless, sRGB, no scrollbars; its 800x600
# viewport is VIEWPORT), none of the browser's background services, and the memory flags above
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
    "--mute-audio",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-breakpad",
    "--disable-dev-shm-usage",
    "--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints",
    "--no-first-run",
    "--password-store=basic",
    "--use-mock-keychain",
    "--single-process",
    "--no-zygote",
    "--js-flags=--optimize-for-size",
    "--remote-debugging-pipe",
)
VIEWPORT = {"width": 800, "height": 600, "deviceScaleFactor": 1, "mobile": False}
TIMEOUT = 600


class RenderError(Exception):
    pass


def _node_modules() -> Path | None:
    """Where npm installed the packages: the nearest node_modules above this module."""
    for folder in Path(__file__).parents:
        if (folder / "node_modules").is_dir():
            return folder / "node_modules"
    return None


def _mermaid() -> Path | None:
    """The Mermaid package Mermaid CLI loads (its own copy if npm nested one, else the top-level one)."""
    modules = _node_modules()
    if modules is None:
        return None
    for folder in (modules / "@mermaid-js" / "mermaid-cli" / "node_modules" / "mermaid", modules / "mermaid"):
        if (folder / "package.json").is_file():
            return folder
    return None


@cache
def renderer_version() -> str:
    """The installed versions of the packages that draw, our page, Mermaid's options and the browser's flags:
    part of every cache key."""
    modules = _node_modules()
    parts = []
    for name in PACKAGES:
        folder = _mermaid() if name == "mermaid" else (modules / name if modules else None)
        try:
            meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))  # type: ignore[operator]
            parts.append(f"{name}@{meta['version']}")
        except (TypeError, OSError, ValueError, KeyError):
            parts.append(f"{name}@missing")
    parts.append(browser_version())
    ours = PAGE.read_bytes() + CONFIG.read_bytes() + " ".join(FLAGS).encode()
    parts.append(hashlib.sha256(ours).hexdigest()[:12])
    return " ".join(parts)


def browser_version() -> str:
    """Chromium's version (it lays out every chart's text): asked once per installed browser, which a package
    upgrade replaces (a new file: its inode, size and times change), and remembered beside the charts."""
    try:
        st = os.stat(CHROMIUM)
    except OSError:
        return "chromium@missing"
    stamp = [CHROMIUM, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    known = CACHE_ROOT / "chromium-version.json"
    try:
        data = json.loads(known.read_text(encoding="utf-8"))
        if data["stamp"] == stamp:
            return data["version"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        said = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        said = ""
    version = " ".join(said.split()[:2]) or "chromium@unknown"  # "Chromium 150.0.7871.100"
    try:
        known.parent.mkdir(parents=True, exist_ok=True)
        known.write_text(json.dumps({"stamp": stamp, "version": version}), encoding="utf-8")
    except OSError:
        pass
    return version


def cache_dir() -> Path:
    return CACHE_ROOT / hashlib.sha256(renderer_version().encode()).hexdigest()[:16]


def _key(definition: str) -> str:
    return hashlib.sha256(definition.encode("utf-8")).hexdigest()[:24]


def cached_count() -> int:
    try:
        return sum(1 for _ in cache_dir().glob("*.svg"))
    except OSError:
        return 0


class _PageError(Exception):
    pass


class _Browser:
    """Chromium driven over its DevTools pipe (--remote-debugging-pipe: commands on its fd 3, replies on its
    fd 4, each a JSON message ended by a NUL byte), in a process group of its own so that it ends whole."""

    def __init__(self, args: list[str], said) -> None:
        commands, replies = os.pipe(), os.pipe()
        # above 4 first, so that no file action below overwrites another's source
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands[0], replies[1], said.fileno())]
        null = fcntl.fcntl(os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC), fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(commands[0])
        os.close(replies[1])
        try:
            argv = beside([CHROMIUM, *args])  # nice(1) executes Chromium in its own place: same process
            self.pid = os.posix_spawn(  # not subprocess: it cannot place a pipe at fd 3 without preexec_fn
                argv[0],
                argv,
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, null, 0),
                    (os.POSIX_SPAWN_DUP2, null, 1),
                    (os.POSIX_SPAWN_DUP2, ends[2], 2),
                    (os.POSIX_SPAWN_DUP2, ends[0], 3),
                    (os.POSIX_SPAWN_DUP2, ends[1], 4),
                ],
                setsid=True,
            )
        except OSError:
            os.close(commands[1])
            os.close(replies[0])
            raise
        finally:
            for fd in (*ends, null):
                os.close(fd)
        self.commands = os.fdopen(commands[1], "wb")
        self.replies = os.fdopen(replies[0], "rb")
        self.pending = b""
        self.last = 0
        self.ended = False

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.last += 1
        message: dict = {"id": self.last, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.commands.write(json.dumps(message).encode("utf-8") + b"\0")
        self.commands.flush()
        while True:  # events, and replies to nothing waited for, are passed over
            while b"\0" not in self.pending:
                chunk = self.replies.read1(1 << 16)
                if not chunk:
                    raise EOFError("浏览器意外退出")
                self.pending += chunk
            raw, self.pending = self.pending.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.last:
                if "error" in reply:
                    raise _PageError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply["result"]

    def evaluate(self, session: str, expression: str):
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        done = self.call(
            "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session
        )
        if "exceptionDetails" in done:
            details = done["exceptionDetails"]
            raise _PageError(details.get("exception", {}).get("description") or details.get("text", ""))
        return done["result"].get("value")

    def end(self, timeout: float = 10) -> None:
        """Close the browser and reap it (ended by force if it has not gone after ``timeout`` seconds)."""
        try:
            self.call("Browser.close")
        except (OSError, ValueError, EOFError, _PageError):
            pass
        for f in (self.commands, self.replies):
            try:
                f.close()
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        while not self.ended:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                self.ended = True
            elif time.monotonic() > deadline:
                self.kill()
                deadline += timeout
            else:
                time.sleep(0.05)

    def kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass


class Renderer:
    """``begin`` starts a session drawing the charts not cached yet and returns at once; ``render`` waits for it,
    draws what is still missing and reads every drawing from the cache; ``close`` waits for a session begun
    but never waited for."""

    def __init__(self) -> None:
        self.job: threading.Thread | None = None
        self.browser: _Browser | None = None
        self.error: RenderError | None = None

    def begin(self, definitions: dict[str, str]) -> None:
        """Start drawing those of ``definitions`` ({name: definition}) not cached yet, unless a session is
        still drawing; raises RenderError (with what to install) when Mermaid or Chromium is missing."""
        if self.job is not None:
            return
        folder = cache_dir()
        missing = {_key(d): d for d in definitions.values()}
        missing = {k: d for k, d in missing.items() if not (folder / f"{k}.svg").exists()}
        if not missing:
            return
        mermaid = _mermaid()
        if mermaid is None or not (mermaid / "dist" / "mermaid.js").is_file():
            raise RenderError("生成流程图需要 npm 安装的 Mermaid：在仓库根目录运行 npm ci")
        if not os.access(CHROMIUM, os.X_OK):
            raise RenderError(f"生成流程图需要 Chromium（{CHROMIUM}）：apt-get install chromium")
        self.error = None
        self.job = threading.Thread(target=self._session, args=(missing, folder, mermaid), daemon=True)
        self.job.start()

    def _session(self, missing: dict[str, str], folder: Path, mermaid: Path) -> None:
        """The thread: open the page in a browser of its own, draw each chart and store it in the cache at once,
        end the browser; a failure is recorded for ``render`` to report."""
        with tempfile.TemporaryDirectory(prefix="zhifa-chart-") as tmp, tempfile.TemporaryFile() as said:
            page = Path(tmp) / "page.html"
            script = html.escape((mermaid / "dist" / "mermaid.js").as_uri())
            page.write_text(PAGE.read_text(encoding="utf-8").replace("{{MERMAID}}", script), encoding="utf-8")
            try:
                self.browser = _Browser([*FLAGS, f"--user-data-dir={tmp}/profile", "about:blank"], said)
            except OSError as exc:
                self.error = RenderError(f"无法启动 Chromium（{CHROMIUM}）：{exc.strerror}")
                return
            try:
                _draw(self.browser, page, missing, folder)
            except (OSError, ValueError, EOFError, _PageError) as exc:
                said.seek(0)
                lines = [line for line in said.read().decode("utf-8", "replace").splitlines() if line.strip()]
                self.error = RenderError(
                    "生成流程图失败（需要 npm ci 安装的 Mermaid 和 /usr/bin/chromium）："
                    + " / ".join([str(exc), *lines[-3:]])
                )
            finally:
                self.browser.end()

    def wait(self) -> None:
        """Until the session begun has ended (ended by force after TIMEOUT seconds)."""
        job, self.job = self.job, None
        if job is None:
            return
        job.join(TIMEOUT)
        if job.is_alive():
            if self.browser is not None:
                self.browser.kill()
            job.join()
            self.error = RenderError("生成流程图超时")

    def draw(self, definitions: dict[str, str]) -> dict[str, Path]:
        """{name: definition} -> {name: its drawing in the cache}; raises RenderError with what to install when
        it cannot."""
        self.wait()  # a session begun early: its drawings are in the cache once it has ended
        folder = cache_dir()
        paths = {name: folder / f"{_key(d)}.svg" for name, d in definitions.items()}
        if any(not p.exists() for p in paths.values()):
            if self.error is not None:
                raise self.error  # the early session failed: a second one would fail the same way
            self.begin(definitions)
            self.wait()
            if self.error is not None:
                raise self.error
        return paths

    def render(self, definitions: dict[str, str]) -> dict[str, str]:
        """{name: definition} -> {name: svg}."""
        return {name: path.read_text(encoding="utf-8") for name, path in self.draw(definitions).items()}

    def close(self) -> None:
        """build-finished: a session begun but never waited for (the build stopped early) still fills the
        cache; it ends by itself once it has drawn its charts."""
        self.wait()


def _draw(browser: _Browser, page: Path, missing: dict[str, str], folder: Path) -> None:
    """Open ``page`` in a new tab of ``browser`` and draw ``missing`` ({key: definition}) into ``folder``."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.call("Emulation.setDeviceMetricsOverride", VIEWPORT, session)  # puppeteer's default page size
    browser.call("Page.navigate", {"url": page.as_uri()}, session)
    loaded = f"location.href === {json.dumps(page.as_uri())} && document.readyState === 'complete'"
    while True:
        try:
            if browser.evaluate(session, loaded):
                break
        except _PageError:
            pass  # asked while the blank page was being replaced
        time.sleep(0.02)
    browser.evaluate(session, "zhifaReady()")
    config = json.dumps(json.loads(CONFIG.read_text(encoding="utf-8")))
    folder.mkdir(parents=True, exist_ok=True)
    for key, definition in missing.items():
        # JSON text is a JavaScript literal: the definition reaches Mermaid as a string, never as code
        call = f"zhifaDraw({json.dumps('zf-chart-' + key)}, {json.dumps(definition)}, {config})"
        svg = browser.evaluate(session, call)
        if not isinstance(svg, str):
            raise _PageError(f"流程图 {key} 没有画出")
        tmp = folder / f"{key}.svg.{os.getpid()}"
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(folder / f"{key}.svg")  # never a half-written drawing for a build beside this one


def render_all(definitions: dict[str, str]) -> dict[str, str]:
    """{name: definition} -> {name: svg} in one session."""
    return Renderer().render(definitions)
