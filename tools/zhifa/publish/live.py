"""Live preview for ``zhifa serve``: watch the sources (watchfiles), rebuild incrementally on save, and let
the open page know. The preview server adds one small script to every page it serves (never to the built
site): it polls ``/_zhifa/live.json``, reloads the page after a good build and shows the problems of a
broken edit on the page, with file and line, as ``zhifa check`` reports them."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import watchfiles

from zhifa import checks
from zhifa.model import layers, metamodel, repo, status
from zhifa.publish import layered, site

STATUS_PATH = "/_zhifa/live.json"
SCRIPT_PATH = "/_zhifa/live.js"
ROOT_FILES = (f"{repo.ROOT_DOC}.md", "metamodel.yaml", "conf.py", layers.LAYERS_FILE)
SCRIPT = Path(__file__).with_name("live.js")


class Live:
    """What the open pages poll: the build number (a good build increases it), whether a build runs, and
    the problems of the last failed one."""

    def __init__(self, root: Path, out: Path, build_date: str | None) -> None:
        self.root, self.out, self.build_date = Path(root), Path(out), build_date
        self.lock = threading.Lock()
        self.version, self.building, self.problems = 1, False, []
        self.stop = threading.Event()

    def status(self) -> bytes:
        with self.lock:
            data = {"version": self.version, "building": self.building, "problems": self.problems}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def paths(self) -> list[Path]:
        found = [self.root / d for d in repo.CONTENT_DIRS] + [self.root / n for n in ROOT_FILES]
        return [p for p in found if p.exists()]

    def rebuild(self) -> None:
        with self.lock:
            self.building = True
        problems = []
        try:
            metamodel.load(self.root)
            site.build(layered.source(self.root)[0], self.out, self.build_date)  # a layered one: merged (issue 26)
        except layers.LayerError as exc:
            problems = [{"where": f"{exc.path}:{exc.line}", "text": exc.message}]
        except metamodel.MetamodelError as exc:
            problems = [{"where": "metamodel.yaml", "text": str(exc)}]
        except site.BuildFailed as exc:
            problems = self.check() or [{"where": "", "text": f"{exc}（详见运行 zhifa serve 的终端）"}]
        except Exception as exc:  # the server keeps serving the last good site whatever goes wrong
            problems = [{"where": "", "text": f"构建出错：{exc}"}]
        with self.lock:
            self.building = False
            self.problems = problems
            if not problems:
                self.version += 1

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
                print(f"已重新构建（{time.perf_counter() - started:.1f} 秒）", flush=True)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.watch, daemon=True)
        thread.start()
        return thread

    def inject(self, html: bytes) -> bytes:
        """The page with the live script added before </body> (the script only talks to this server);
        the address names the build the page comes from, so a build finishing meanwhile still reloads it."""
        with self.lock:
            version = self.version
        tag = f'<script src="{SCRIPT_PATH}?v={version}" defer></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag
