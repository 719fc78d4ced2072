"""The zhifa command (its console script, and ``python -m zhifa``). For ``zhifa build`` Sphinx's process is
started before the command line is even imported, so that it imports Sphinx meanwhile (publish.early)."""

from __future__ import annotations

import sys

from zhifa.publish import early


def main() -> int:
    early.start_for(sys.argv[1:])
    from zhifa.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
