"""Sphinx's process started first: ``zhifa build`` needs a quarter of a second to read its command line and
decide whether anything changed (publish.site), and Sphinx's process needs half a second to import Sphinx,
sphinx-needs, MyST, the theme and this tool's extension before it can start building. So ``zhifa build``
starts that process before anything else; it imports while the command line works, then waits for its
arguments (one JSON line on its input). A build that is not needed (nothing changed, a bad argument, a failure
before Sphinx) kills it unused: until it reads its arguments it has only imported modules.

Nothing of the build is decided early: the arguments, the folders and the environment are the ones
``site.build`` would start a new process with (the same interpreter, working directory and variables)."""

from __future__ import annotations

import atexit
import json
import subprocess
import sys

FLAG = "--argv-on-stdin"
MODULE = "zhifa.publish.run_sphinx"
OPTIONS_WITH_VALUE = ("--root",)  # zhifa's options before the command
HELP = frozenset(("-h", "--help"))  # zhifa build --help prints and exits: nothing to start

_waiting: subprocess.Popen | None = None


def command_of(argv: list[str]) -> str | None:
    """The command zhifa's command line names (``zhifa --root x build`` → build), without parsing it."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def start_for(argv: list[str]) -> None:
    """At the start of ``zhifa``: for ``build``, start Sphinx's process now."""
    global _waiting
    if _waiting is None and command_of(argv) == "build" and not HELP.intersection(argv):
        _waiting = subprocess.Popen([sys.executable, "-m", MODULE, FLAG], stdin=subprocess.PIPE)
        atexit.register(discard)


def run(argv: list[str]) -> int | None:
    """Sphinx's exit status for ``argv``, from the process started early; None when none was started."""
    global _waiting
    proc, _waiting = _waiting, None
    if proc is None:
        return None
    try:
        try:
            proc.stdin.write((json.dumps(argv) + "\n").encode("utf-8"))
            proc.stdin.close()
        except BrokenPipeError:  # it ended while importing: its status and its messages say why
            pass
        return proc.wait()
    except BaseException:  # interrupted (Ctrl-C): Sphinx stops with zhifa
        _end(proc)
        raise


def discard() -> None:
    """No build after all: the waiting process ends without building (at exit at the latest)."""
    global _waiting
    proc, _waiting = _waiting, None
    if proc is not None:
        _end(proc)


def _end(proc: subprocess.Popen) -> None:
    """Until it has its arguments it has only imported modules: nothing to clean up, so it is killed."""
    proc.kill()
    proc.wait()
