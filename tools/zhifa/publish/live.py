"""Live preview for ``zhifa serve``: watch the sources (watchfiles), rebuild incrementally on save, and let
the open page know. The preview server adds one small script to every page it serves (never to the built
site): it asks ``/_zhifa/live.json`` for news (the request waits until the build state changes), reloads the
page after a good build and shows the problems of a broken edit on the page, with file and line, as
``zhifa check`` reports them.

The preview is built into a folder of its own beside the site's build state (never into ``--out``, the site
that is published), in preview mode (no service worker: publish.site.build(preview=True)), by a warm worker
that has Sphinx and the extension loaded already (publish.warm): a save shows on the page in about a second.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import watchfiles

from zhifa import checks
from zhifa.model import layers, metamodel, repo, status
from zhifa.publish import layered, outputs, site, warm

STATUS_PATH = "/_zhifa/live.json"
SCRIPT_PATH = "/_zhifa/live.js"
ROOT_FILES = (f"{repo.ROOT_DOC}.md", "metamodel.yaml", "conf.py", layers.LAYERS_FILE)
SCRIPT = Path(__file__).with_name("live.js")
PREVIEW_DIR = "preview"  # inside the state folder of --out: never published, never mistaken for the site
WAIT = 20  # seconds a status request waits for news before it is answered anyway


def preview_dir(root: Path, out: Path) -> Path:
    """Where ``zhifa serve --out OUT`` builds its preview: in OUT's build state, never OUT itself."""
    return outputs.state_dir(Path(root), Path(out)) / PREVIEW_DIR


class Live:
    """What the open pages ask for: the build number (a good build increases it), whether a build runs, the
    problems of the last failed one, and a serial number that changes with any of them."""

    STATUS_PATH, SCRIPT_PATH = STATUS_PATH, SCRIPT_PATH  # what the preview server answers from here

    def __init__(self, root: Path, out: Path, build_date: str | None, jobs: int = 1) -> None:
        self.root, self.out, self.build_date, self.jobs = Path(root), Path(out), build_date, jobs
        self.site = preview_dir(self.root, self.out)
        self.lock = threading.Condition()
        self.version, self.building, self.problems, self.serial = 1, False, [], 0
        self.stop = threading.Event()
        self.worker: warm.Worker | None = None
        self.sphinx_s = 0.0  # how long Sphinx ran in the last build (the rest is hashing, checks, the watcher)

    def status(self, after: int | None = None) -> bytes:
        """The state as JSON; with ``after`` (the serial the page last saw) only once it changed, or after WAIT
        seconds, so a page learns of a finished build at once without polling."""
        with self.lock:
            if after == self.serial:
                self.lock.wait_for(lambda: self.serial != after or self.stop.is_set(), timeout=WAIT)
            data = {"version": self.version, "building": self.building, "problems": self.problems}
            data["serial"] = self.serial
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def _update(self, **state) -> None:
        with self.lock:
            for name, value in state.items():
                setattr(self, name, value)
            self.serial += 1
            self.lock.notify_all()

    def paths(self) -> list[Path]:
        found = [self.root / d for d in repo.CONTENT_DIRS] + [self.root / n for n in ROOT_FILES]
        return [p for p in found if p.exists()]

    def first(self, clean: bool = False) -> list[dict]:
        """The first build (started with the warm worker); the problems that stop the preview, if any."""
        self.worker = warm.Worker(self.root)
        self.rebuild(clean=clean)
        return self.problems

    def rebuild(self, clean: bool = False) -> None:
        self._update(building=True)
        problems, self.sphinx_s = [], 0.0
        try:
            metamodel.load(self.root)
            site.build(  # a layered repository's merged standard (issue 26)
                layered.source(self.root)[0],
                self.site,
                self.build_date,
                clean=clean,
                jobs=self.jobs,
                preview=True,
                run=self._sphinx,
            )
        except layers.LayerError as exc:
            problems = [{"where": f"{exc.path}:{exc.line}", "text": exc.message}]
        except metamodel.MetamodelError as exc:
            problems = [{"where": "metamodel.yaml", "text": str(exc)}]
        except site.BuildFailed as exc:
            problems = self.check() or [{"where": "", "text": f"{exc}（详见运行 zhifa serve 的终端）"}]
        except Exception as exc:  # the server keeps serving the last good site whatever goes wrong
            problems = [{"where": "", "text": f"构建出错：{exc}"}]
        self._update(building=False, problems=problems, version=self.version + (0 if problems else 1))

    def _sphinx(self, argv: list[str]) -> int:
        started = time.perf_counter()
        try:
            if self.worker is not None:
                return self.worker.run(argv)
            return subprocess.run([*site.SPHINX, *argv]).returncode
        finally:
            self.sphinx_s = time.perf_counter() - started

    def check(self) -> list[dict]:
        """The problems ``zhifa check`` reports, for the page."""
        on = status.build_date(self.build_date)  # the date the build uses
        content, origin, _ = layered.source(self.root)
        found = checks.run(repo.load(content), on)
        return [{"where": f"{origin.get(p.path, p.path)}:{p.line}", "text": p.text} for p in found if p.kind == "error"]

    def watch(self) -> None:
        """Rebuild after every batch of saved changes until ``stop`` is set (runs in its own thread)."""
        for changes in watchfiles.watch(
            *self.paths(), stop_event=self.stop, debounce=150, step=30, rust_timeout=500, raise_interrupt=False
        ):
            if changes:
                started = time.perf_counter()
                self.rebuild()
                took = time.perf_counter() - started
                said = "无法构建，问题已显示在页面上" if self.problems else "已重新构建"
                print(f"{said}（{took:.2f} 秒，其中 Sphinx {self.sphinx_s:.2f} 秒）", flush=True)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.watch, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.stop.set()
        with self.lock:
            self.lock.notify_all()  # waiting status requests answer now
        if self.worker is not None:
            self.worker.close()

    def script(self) -> bytes:
        return SCRIPT.read_bytes()

    def inject(self, html: bytes) -> bytes:
        """The page with the live script added before </body> (the script only talks to this server);
        the address names the build the page comes from, so a build finishing meanwhile still reloads it."""
        with self.lock:
            version = self.version
        tag = f'<script src="{SCRIPT_PATH}?v={version}" defer></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag


def serve(root: Path, out: Path, args) -> int:
    """``zhifa serve``: build the preview, then serve it and rebuild on every save until Ctrl+C."""
    from zhifa.publish import serve as server

    live = Live(root, out, args.date, jobs=args.jobs)
    problems = live.first(clean=args.clean)
    if problems:
        live.close()
        for p in problems:
            print(f"{p['where']}：{p['text']}" if p["where"] else p["text"], file=sys.stderr)
        return 1
    print(f"预览已生成：{live.site}（仅供预览，不含离线缓存；要发布的站点请用 zhifa build 生成）", flush=True)
    try:
        server.run(live.site, args.port, live)
    finally:
        live.close()
    return 0
