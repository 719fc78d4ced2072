"""What a site is built from, as cheap fingerprints: the files of the repository the build and the checker
read (by name, size and modification time, so a no-op build never re-reads them all) and the git history
the pages show (HEAD, release tags, shallow or not)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from zhifa.amend import reasons
from zhifa.amend.release import RELEASES_DIR
from zhifa.model import repo


def files(root: Path) -> list[tuple[str, int, int]]:
    """Every file of the content folders, the releases, the pending 修改理由 and the root's own files:
    (path, size, mtime)."""
    seen = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_file():
            st = entry.stat()
            seen.append((entry.name, st.st_size, st.st_mtime_ns))
    for d in (*repo.CONTENT_DIRS, RELEASES_DIR, reasons.FOLDER):
        for dirpath, dirnames, filenames in os.walk(Path(root) / d):
            dirnames.sort()
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                seen.append((os.path.join(dirpath, name), st.st_size, st.st_mtime_ns))
    return seen


def git_state(root: Path) -> str:
    """HEAD, the tags and whether the clone is shallow: a commit, a release tag or deepening a clone changes
    the history the pages show. Empty outside a git repository."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD", "--is-shallow-repository"], cwd=root, capture_output=True, text=True
    )
    if head.returncode != 0:
        return ""
    tags = subprocess.run(
        ["git", "for-each-ref", "--format=%(refname) %(objectname)", "refs/tags"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return head.stdout + tags.stdout
