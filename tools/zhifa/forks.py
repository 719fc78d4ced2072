"""Forked helper processes of a build (the build machine has two cores; Sphinx keeps one busy).

A child forked from the build inherits its open descriptors: it closes all but its own first, so a pipe
another process reads to its end (the chart renderer's input, another child's request) is not held open."""

from __future__ import annotations

import os
import pickle
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


def split(jobs: list[Callable[[], None]]) -> None:
    """Run independent jobs that only write files: every second one in a forked child, the others here,
    then wait for the child. A job that fails in the child raises ChildFailed here with its traceback."""
    if len(jobs) < 2 or not can_fork():
        for job in jobs:
            job()
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            close_all_but(write_end)
            error = ""
            try:
                for job in jobs[1::2]:
                    job()
                code = 0
            except BaseException:  # noqa: BLE001 - handed to the parent, which reports it
                error = traceback.format_exc()
            with os.fdopen(write_end, "wb") as f:
                f.write(pickle.dumps(error))
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        for job in jobs[0::2]:
            job()
    finally:
        with os.fdopen(read_end, "rb") as f:
            said = f.read()
        status = os.waitpid(pid, 0)[1]
    if os.waitstatus_to_exitcode(status) != 0:
        raise ChildFailed(pickle.loads(said) if said else f"子进程异常结束（{status}）")
