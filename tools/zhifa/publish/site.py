"""Publishing: the Sphinx build (-W, search index included) and a summary of what was built.

A build reuses the previous one in ``--out`` (the extension rewrites exactly the pages an edit changes),
unless ``clean`` is asked for or the previous build cannot be trusted: it was interrupted, it failed (unless
only on the checker's problems, which every build reports again: a clause whose questions await re-review
does not make every build a full one), or the metamodel, conf.py, the extension's code or the build date
changed since. Then it starts afresh (-E).

When nothing the site is built from changed (the repository's files, the git history the pages show, the
code, the chart renderer, the build date) and the site folder is as the last build left it, Sphinx is not
started at all: the build says so and touches nothing.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from zhifa.amend import inputs
from zhifa.codekey import code_key
from zhifa.flowchart import render
from zhifa.model import metamodel, status
from zhifa.publish import early, outputs


class BuildFailed(Exception):
    pass


class Built(NamedTuple):
    found: dict[str, int]  # objects by type title
    kept: list[str]  # files in ``out`` the tool did not write (kept untouched)
    unchanged: bool  # nothing changed since the last build: Sphinx was not started


def build(
    root: Path,
    out: Path,
    build_date: str | None = None,
    quiet: bool = True,
    clean: bool = False,
    force: bool = False,
    jobs: int = 1,
    preview: bool = False,
    run: Callable[[list[str]], int] | None = None,
) -> Built:
    """Build the site; clean=True forces a from-scratch build (-E, previous environment ignored); jobs > 1
    reads and writes in that many processes (Sphinx's -j: the output is the same, tests/test_parallel.py).

    ``preview`` (zhifa serve's live preview only, into a folder of its own) leaves out what a preview never
    uses (the service worker); ``run`` runs Sphinx's command-line arguments and returns its exit status
    (publish.warm's already-loaded worker), instead of a new ``python -m sphinx`` process.

    Raises outputs.Refused before anything is written when ``out`` is not a place for a site."""
    site = outputs.claim_site(root, out, clean=clean, force=force)
    state = outputs.state_dir(root, out)  # doctrees and caches: never published with the site
    state.mkdir(parents=True, exist_ok=True)
    stamp = state / STAMP_FILE
    key = build_key(root, build_date)
    mode = key + ("|preview" if preview else "")  # a folder built both ways is never taken as unchanged
    try:
        trusted = json.loads(stamp.read_text(encoding="utf-8")) == {"key": key, "ok": True}
    except (OSError, ValueError):
        trusted = False
    before = inputs_key(root, mode)
    if trusted and not clean and _recorded(state) == {"inputs": before, "out": _out_key(out)}:
        early.discard()
        return Built(counts(root, out, state), sorted(site.foreign), unchanged=True)
    cmd = ["-W", "--keep-going", "-b", "html", "-d", str(state), str(root), str(out)]
    if clean or not trusted:
        cmd.insert(0, "-E")
        for name in (STATE_FILE, CHECK_CACHE, BANK_CACHE, PARSED_CACHE):  # nothing of the previous build is reused
            (state / name).unlink(missing_ok=True)
    if quiet:
        cmd.insert(0, "-q")
    if build_date:
        cmd += ["-D", f"zhifa_build_date={build_date}"]
    if preview:
        cmd += ["-D", "zhifa_preview=1"]
    if jobs > 1:
        cmd[0:0] = ["-j", str(jobs)]
    stamp.unlink(missing_ok=True)  # an interrupted or failed build is never trusted
    (state / INPUTS_FILE).unlink(missing_ok=True)
    reusable = state / REUSABLE_FILE
    reusable.unlink(missing_ok=True)
    if run is None:
        code = early.run(cmd)  # zhifa build's, started before it knew it would build (publish.early)
        failed = (subprocess.run([*SPHINX, *cmd]).returncode if code is None else code) != 0
    else:
        early.discard()
        failed = run(cmd) != 0
    kept = site.finish() if out.is_dir() else []  # even a failed build's files are the tool's to clean
    if failed:
        if reusable.is_file():  # failed on the checker's problems alone: the next build may start from it
            stamp.write_text(json.dumps({"key": key, "ok": True}), encoding="utf-8")
            reusable.unlink()
        raise BuildFailed("Sphinx 构建失败（见上方警告；运行 zhifa check 可更快定位问题）")
    found = {} if preview else counts(root, out, state)  # the preview shows no counts (needs.json unread)
    stamp.write_text(json.dumps({"key": key, "ok": True}), encoding="utf-8")
    if inputs_key(root, mode) == before:  # an edit saved during the build is built next time
        recorded = {"inputs": before, "out": _out_key(out)}
        (state / INPUTS_FILE).write_text(json.dumps(recorded), encoding="utf-8")
    return Built(found, kept, unchanged=False)


SPHINX = [sys.executable, "-m", early.MODULE]  # python -m sphinx, without freeing its heap at exit
STAMP_FILE = "zhifa-build.json"
INPUTS_FILE = "zhifa-inputs.json"  # what the last good build was built from, and the site it left
STATE_FILE = "zhifa-incremental.pickle"  # sphinx.incremental.STATE_FILE (not imported: it loads Sphinx)
CHECK_CACHE = "zhifa-check.pickle"  # sphinx.validate.CACHE_FILE
BANK_CACHE = "zhifa-bank-parsed.pickle"  # sphinx.validate.BANK_CACHE
PARSED_CACHE = "zhifa-sources-parsed.pickle"  # sphinx.validate.PARSED_CACHE
REUSABLE_FILE = "zhifa-reusable.json"  # sphinx.validate.REUSABLE_FILE
COUNTS_FILE = "zhifa-counts.json"  # sphinx.incremental.COUNTS_FILE


def build_key(root: Path, build_date: str | None) -> str:
    """What, when changed, makes a previous build unusable: metamodel, conf.py, code, build date.
    (A failed build also leaves warnings only a full build reports again.)"""
    h = hashlib.sha256(code_key().encode())
    for name in ("metamodel.yaml", "conf.py"):
        path = root / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    h.update(status.build_date(build_date).isoformat().encode())
    return h.hexdigest()


def inputs_key(root: Path, key: str) -> str:
    """Everything a build reads besides the previous build: build_key's part, the repository's files, the
    git history and the chart renderer's version."""
    h = hashlib.sha256(key.encode())
    h.update(repr((inputs.files(root), inputs.git_state(root), render.renderer_version())).encode("utf-8"))
    return h.hexdigest()


def _out_key(out: Path) -> str:
    """The site folder as files (name, size, modification time), its marker included: a deleted or edited
    page is built again."""
    return hashlib.sha256(repr(sorted(outputs._files(out).items())).encode("utf-8")).hexdigest()


def _recorded(state: Path) -> dict | None:
    try:
        return json.loads((state / INPUTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def counts(root: Path, out: Path, state: Path) -> dict[str, int]:
    """Objects by type title in the published needs.json: as the build counted them while writing it, or
    read back from the file when that count is missing or older than the file."""
    model = metamodel.load(root)
    needs_json = out / "needs.json"
    st = needs_json.stat()
    cache = state / COUNTS_FILE
    seen = [st.st_size, st.st_mtime_ns]
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["file"] == seen:
            by_type = cached["by_type"]
            return {t.title: by_type.get(name, 0) for name, t in model.types.items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    data = json.loads(needs_json.read_text(encoding="utf-8"))
    version = data["versions"][data["current_version"]]
    by_type = dict(Counter(n["type"] for n in version["needs"].values()))
    cache.write_text(json.dumps({"file": seen, "by_type": by_type}), encoding="utf-8")
    return {t.title: by_type.get(name, 0) for name, t in model.types.items()}
