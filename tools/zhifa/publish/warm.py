"""A warm Sphinx for ``zhifa serve``'s live preview: one worker process imports Sphinx, sphinx-needs, the
extensions conf.py names and jieba once, then forks a child for each build (a "zygote"). The child runs the build
with all of that already loaded and exits, so no build leaves anything behind for the next one: every build starts
from the state a freshly started ``python -m sphinx`` has after its imports, without paying for them (about a
second per save, more on a busy machine).

The worker is a process of its own, single-threaded, and forks only between requests, so a child inherits no lock
another thread holds (the preview server's threads live in the serve process). Between builds it also prepares the
search vocabulary's jieba tokenizer for the dictionary the last build published (``zhifa.model.segment``), which
the next build finds ready unless an edit changed a title. Should the worker die, a build runs as a new process.
"""

from __future__ import annotations

import ast
import gc
import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from zhifa.publish import site


class Worker:
    """The serve process's handle on the warm worker; ``run`` has the signature ``publish.site.build`` expects."""

    def __init__(self, root: Path) -> None:
        read, write = os.pipe()  # replies; the worker's stdout and stderr stay the terminal's, as Sphinx's are
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zhifa.publish.warm", str(write), str(root)],
            stdin=subprocess.PIPE,
            pass_fds=(write,),
            text=True,
        )
        os.close(write)
        self.replies = os.fdopen(read, "r", encoding="utf-8")
        self.lock = threading.Lock()
        self.forked = 0  # builds run in a forked child of the warm worker (not in a new process)

    def run(self, argv: list[str]) -> int:
        """Sphinx's command line ``argv`` built in a child of the worker; its exit status."""
        with self.lock:
            if self.proc.poll() is None:
                try:
                    self.proc.stdin.write(json.dumps({"argv": argv}) + "\n")
                    self.proc.stdin.flush()
                    reply = self.replies.readline()
                    if reply:
                        answer = json.loads(reply)
                        self.forked += bool(answer.get("forked"))
                        return int(answer["status"])
                except (OSError, ValueError, KeyError):
                    pass
            return subprocess.run([*site.SPHINX, *argv]).returncode

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.replies.close()


# ------------------------------------------------------------------ the worker process


def _conf_modules(root: Path) -> list[str]:
    """The extensions and theme conf.py names (read, not run: running it is the build's business)."""
    try:
        tree = ast.parse((root / "conf.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if node.targets[0].id == "extensions" and isinstance(value, list):
                names += [v for v in value if isinstance(v, str)]
            elif node.targets[0].id == "html_theme" and isinstance(value, str):
                names.append(value)
    return names


def _preload(root: Path) -> None:
    """Import what every build imports: Sphinx with its built-in extensions, conf.py's extensions, jieba."""
    import sphinx.application
    import sphinx.cmd.build  # noqa: F401

    for name in [*sphinx.application.builtin_extensions, *_conf_modules(root), "jieba", "zhifa.model.segment"]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the build itself reports what it cannot import
            pass


def _warm_vocabulary(outdir: str) -> None:
    """The jieba tokenizer for the user dictionary the last build published, ready for the next build."""
    from zhifa.model import segment
    from zhifa.sphinx import search_index

    try:
        user = json.loads((Path(outdir) / search_index.INDEX_FILE).read_text(encoding="utf-8"))["dict"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    key = tuple(user)
    if segment._tokenizer.cache_info().currsize and _warm_vocabulary.last == key:
        return
    segment._tokenizer.cache_clear()  # one dictionary at a time: each tokenizer holds jieba's whole dictionary
    segment._tokenizer(key)
    _warm_vocabulary.last = key


_warm_vocabulary.last = None


def _build(argv: list[str], learned: Path) -> int:
    """In the child: the build, as ``python -m sphinx`` runs it; it leaves the names of the modules it had to
    import in ``learned``, for the worker to import before the next build."""
    from sphinx.cmd.build import main

    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl+C stops the build as it stops Sphinx
    gc.enable()
    try:
        if profile := os.environ.get("ZHIFA_WARM_PROFILE"):  # where the time goes (benchmarks/bench.py's breakdown)
            import cProfile

            with cProfile.Profile() as prof:
                status = main(argv)
            prof.dump_stats(f"{profile}.{os.getpid()}")
            return int(status or 0)
        return int(main(argv) or 0)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported like Sphinx's own crash, then the child ends
        import traceback

        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            learned.write_text(json.dumps(sorted(sys.modules)), encoding="utf-8")
        except OSError:
            pass


def _learn(learned: Path) -> None:
    """Import what the last build imported beyond the preload (myst's parser, sphinx-needs' directives, …)."""
    try:
        names = json.loads(learned.read_text(encoding="utf-8"))
        learned.unlink()
    except (OSError, ValueError):
        return
    for name in names:
        if name not in sys.modules and name != "__main__":
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the next build imports it itself
                pass


def serve_forever(reply_fd: int, root: Path) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the serve process decides when the worker ends (stdin closed)
    replies = os.fdopen(reply_fd, "w", encoding="utf-8")
    _preload(root)
    from sphinx.cmd.build import get_parser

    learned = Path(tempfile.mkdtemp(prefix="zhifa-warm-")) / "modules.json"
    for line in sys.stdin:
        argv = json.loads(line)["argv"]
        forked = threading.active_count() == 1  # unless something loaded started a thread: then forking is unsafe
        if not forked:
            status = subprocess.run([*site.SPHINX, *argv]).returncode
        else:
            gc.freeze()  # what is loaded stays shared with the child: the collector does not copy its pages
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                os._exit(_build(argv, learned))
            status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        replies.write(json.dumps({"status": status if status >= 0 else 1, "forked": forked}) + "\n")
        replies.flush()
        _learn(learned)
        if status == 0:
            try:
                _warm_vocabulary(get_parser().parse_args(argv).outputdir)
            except (SystemExit, Exception):  # noqa: BLE001 - a warm-up only: the build does it itself otherwise
                pass
    shutil.rmtree(learned.parent, ignore_errors=True)


if __name__ == "__main__":
    serve_forever(int(sys.argv[1]), Path(sys.argv[2]))
