"""Sphinx's command line (``python -m zhifa.publish.run_sphinx`` takes ``python -m sphinx``'s arguments) in a
process that ends without freeing its heap: at exit the interpreter would free the whole environment object by
object (over a second at 10,000 objects) only to hand the memory back to the system. Sphinx's exit status and
every message it wrote are kept (tests/test_build_process.py)."""

from __future__ import annotations

import logging
import os
import sys


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


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))
