"""Helper processes of a build (the build machine has two cores; Sphinx keeps one busy).

A child forked from the build inherits its open descriptors: it closes all but its own first, so a pipe
another process reads to its end (another child's request) is not held open."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable


def can_fork() -> bool:
    """Forking a process that runs threads is unsafe (a lock held by another thread stays held)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def close_all_but(*keep: int) -> None:
    """In a forked child: close every inherited descriptor but the standard ones and ``keep``."""
    last = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, last)


class ChildFailed(Exception):
    pass


def split(jobs: list[Callable[[], None]], least: int = 8) -> None:
    """Run independent jobs that only write files (each a picklable call: a module-level function and its
    arguments), every second one in a new Python process, the others here, then wait for it. The helper is
    started afresh rather than forked: a fork of the build touches the objects it inherits and so copies
    the build's memory page by page (300 MB at 10,000 objects), where a new process holds only what the
    jobs import. Fewer than ``least`` jobs are not worth starting one for. A job that fails there raises
    ChildFailed here with its traceback."""
    if len(jobs) < least:
        for job in jobs:
            job()
        return
    helper = subprocess.Popen(
        [sys.executable, "-m", "zhifa.forks"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        helper.stdin.write(pickle.dumps(jobs[1::2]))
        helper.stdin.close()
        for job in jobs[0::2]:
            job()
    finally:
        said = helper.stdout.read()
        helper.stdout.close()
        helper.wait()
    if helper.returncode != 0:
        raise ChildFailed(said.decode("utf-8", "replace").strip() or f"子进程异常结束（{helper.returncode}）")


def _run_jobs() -> int:
    """python -m zhifa.forks: the jobs pickled on stdin."""
    jobs = pickle.loads(sys.stdin.buffer.read())
    try:
        for job in jobs:
            job()
    except Exception:  # noqa: BLE001 - reported to the build, which fails with it
        traceback.print_exc(file=sys.stdout)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_run_jobs())
