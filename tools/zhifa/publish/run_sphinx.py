"""Sphinx's command line (``python -m zhifa.publish.run_sphinx`` takes ``python -m sphinx``'s arguments) in a
process that ends without freeing its heap: at exit the interpreter would free the whole environment object by
object (over a second at 10,000 objects) only to hand the memory back to the system. Sphinx's exit status and
every message it wrote are kept (tests/test_build_process.py)."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys

from zhifa.publish import early


def main(argv: list[str]) -> int:
    from sphinx.cmd.build import main as sphinx_main

    from zhifa.sphinx import upstream_costs

    if "-b" in argv[:-1] and argv[argv.index("-b") + 1] == "html":  # site.build's: no other format is built
        upstream_costs.html_only()

    try:
        status = sphinx_main(argv)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    return int(status or 0)


# what Sphinx's process imports before it knows its arguments (publish.early); conf.py's extensions and theme
PRELOAD = ("sphinx.cmd.build", "sphinx.application", "sphinx.builders.html", "myst_parser", "sphinx_needs.needs")
PRELOAD += ("furo", "zhifa.sphinx")


def wait_for_arguments() -> int:
    """``python -m zhifa.publish.run_sphinx --argv-on-stdin``: import, then build with the arguments read from
    the input (one JSON list); nothing to read, nothing to build."""
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - Sphinx reports it when it loads the extension itself
            break
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    devnull = os.open(os.devnull, os.O_RDONLY)  # the input Sphinx sees is no longer zhifa's pipe
    os.dup2(devnull, 0)
    os.close(devnull)
    return main(json.loads(line))


if __name__ == "__main__":
    os._exit(wait_for_arguments() if sys.argv[1:] == [early.FLAG] else main(sys.argv[1:]))
