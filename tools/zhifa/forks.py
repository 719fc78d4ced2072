"""Helper processes of a build (the build machine has two cores; Sphinx keeps one busy).

A child forked from the build inherits its open descriptors: it closes all but its own first, so a pipe
another process reads to its end (another child's request) is not held open."""

from __future__ import annotations

import importlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable


def can_fork() -> bool:
    """Forking a process that runs threads is unsafe (a lock held by another thread stays held)."""
    return hasattr(os, "fork") and threading.active_count() == 1


NICEST = 19


def beside(argv: list[str]) -> list[str]:
    """A command that works beside the build (the chart browser): it runs at the lowest priority, so it takes
    a core only when the build's own process, which everything waits for, leaves it idle."""
    nice = shutil.which("nice")
    return [nice, "-n", str(NICEST), *argv] if nice else argv


def lower_priority() -> None:
    """In a process working beside the build (the checker, the .docx helper): the lowest priority."""
    try:
        os.nice(NICEST)
    except (AttributeError, OSError):
        pass


def close_all_but(*keep: int) -> None:
    """In a forked child: close every inherited descriptor but the standard ones and ``keep``."""
    last = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, last)


class Call:
    """A job for ``Background`` named by its module and function: the build pickles the name and the arguments,
    so only the helper imports what the job needs (python-docx: tens of milliseconds of every edit build)."""

    def __init__(self, target: str, *args, **kwargs) -> None:
        self.target, self.args, self.kwargs = target, args, kwargs  # target: "package.module:function"

    def __call__(self):
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module), function)(*self.args, **self.kwargs)


class ChildFailed(Exception):
    pass


class Background:
    """Independent jobs that write files (each a picklable call: a module-level function and its arguments),
    run one after another in a new Python process while the build goes on; ``results`` waits for them. The
    helper is started afresh rather than forked: a fork of the build touches the objects it inherits and so
    copies the build's memory page by page (300 MB at 10,000 objects), where a new process holds only what
    the jobs import. Its input is a file, so starting it never waits for the new interpreter."""

    def __init__(self, jobs: list[Callable[[], object]]) -> None:
        with tempfile.TemporaryFile() as given:
            pickle.dump(jobs, given, pickle.HIGHEST_PROTOCOL)
            given.seek(0)
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "zhifa.forks"], stdin=given, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )

    def results(self) -> list:
        """What each job returned, in order, once all have run. A job that failed raises ChildFailed here with
        the helper's traceback."""
        out, err = self.proc.communicate()
        if self.proc.returncode != 0:
            said = err.decode("utf-8", "replace").strip()
            raise ChildFailed(said or f"子进程异常结束（{self.proc.returncode}）")
        return pickle.loads(out)

    def cancel(self) -> None:
        """The build failed: the helper's files are not wanted."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def _run_jobs() -> int:
    """python -m zhifa.forks: the jobs pickled on stdin; what they return, pickled on stdout."""
    lower_priority()
    jobs = pickle.loads(sys.stdin.buffer.read())
    out, sys.stdout = sys.stdout, sys.stderr  # whatever a job prints is no part of the results
    try:
        results = [job() for job in jobs]
    except Exception:  # noqa: BLE001 - reported to the build, which fails with it
        traceback.print_exc(file=sys.stderr)
        return 1
    # through a buffered writer: with PYTHONUNBUFFERED set, out.buffer is the raw file, whose write may take
    # only part of the data when a signal interrupts it, and pickle does not write the rest
    with os.fdopen(out.fileno(), "wb", closefd=False) as whole:
        pickle.dump(results, whole, pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(_run_jobs())
