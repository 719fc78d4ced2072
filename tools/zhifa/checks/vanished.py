"""Nothing silently lost: an object or question the last commit (or the last release) had and the working tree
has lost is reported at the file and line it was at there, not at the objects that still refer to it.

Released IDs are the registry's rule (``checks.registry``: an error, located here by ``where_in``). An unreleased
object lost since HEAD is a legitimate draft deletion, so only a warning, unless something still refers to it:
then the deletion is the cause of the dangling links and is reported as an error, listed before them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from zhifa.amend import release
from zhifa.bank import quiz
from zhifa.checks import Context, advisory, cause
from zhifa.model import myst, policy
from zhifa.model.problems import Problem
from zhifa.model.repo import CONTENT_DIRS

HUNK = re.compile(r"^@@ -(\d+)")
# the line that names an object's ID: ":id: CL-…" in Markdown, "- id: Q-…" / "id: Q-…" in a bank
ID_LINE = re.compile(r"^(?::id:|\s*-?\s*id:)\s*['\"]?([A-Z]+-[0-9A-Z-]+)")


@dataclass(frozen=True)
class Lost:
    id: str
    path: str  # where the last commit had it
    line: int


def _folders(root: Path) -> list[str]:
    # documentation examples in guide/ are not objects of the standards
    return [d for d in CONTENT_DIRS if d != "guide" and (root / d).is_dir()]


def lost_since_head(ctx: Context) -> list[Lost]:
    """IDs on lines ``git diff HEAD`` removes that no object or question has now (only what changed is read,
    so it stays fast); [] outside git or before the first commit."""
    cached = getattr(ctx.repo, "_lost", None)
    if cached is not None:
        return cached
    root = ctx.repo.root
    found: list[Lost] = []
    folders = _folders(root)
    try:
        done = subprocess.run(
            ["git", "diff", "HEAD", "--no-color", "--no-ext-diff", "--no-renames", "-U0", "--", *folders],
            cwd=root,
            capture_output=True,
            text=True,
            errors="replace",
        )
    except OSError:
        done = None
    if folders and done is not None and done.returncode == 0:
        now = set(release.current_ids(ctx.repo))
        path, old_line = "", 0
        for text in done.stdout.splitlines():
            if text.startswith("--- "):
                path = text[6:] if text.startswith("--- a/") else ""
            elif text.startswith("@@"):
                m = HUNK.match(text)
                old_line = int(m.group(1)) if m else 0
            elif text.startswith("-") and path:
                m = ID_LINE.match(text[1:])
                if m and m.group(1) not in now:
                    found.append(Lost(m.group(1), path, old_line))
                old_line += 1
    ctx.repo._lost = found
    return found


def where_in(root: Path, rev: str, ids: list[str]) -> dict[str, tuple[str, int]]:
    """The file and line of each ID's own ``id`` line in revision ``rev`` (a tag or HEAD), by one ``git grep``."""
    if not ids:
        return {}
    args = ["git", "grep", "-n", "-F", "--no-color"]
    for object_id in ids:
        args += ["-e", object_id]
    try:
        done = subprocess.run(
            [*args, rev, "--", *_folders(root)], cwd=root, capture_output=True, text=True, errors="replace"
        )
    except OSError:
        return {}
    wanted, out = set(ids), {}
    for text in done.stdout.splitlines():
        parts = text.split(":", 3)  # rev:path:line:text
        if len(parts) < 4 or not parts[2].isdigit():
            continue
        m = ID_LINE.match(parts[3])
        if m and m.group(1) in wanted:
            out.setdefault(m.group(1), (parts[1], int(parts[2])))
    return out


def references(ctx: Context) -> dict[str, list[tuple[str, int]]]:
    """Every place that names an ID: object links, {role}`ID` in prose, a question's link keys."""
    refs: dict[str, list[tuple[str, int]]] = {}
    for o in ctx.repo.objects:
        for link in ctx.repo.model.types[o.type].links:
            for target in o.link_ids(link):
                refs.setdefault(target, []).append((o.path, o.line_of(link)))
    for doc in ctx.repo.docs.values():
        for _, target, line in myst.roles(doc.prose):
            refs.setdefault(target, []).append((doc.path, line))
    for q in quiz.flatten(quiz.of(ctx.repo)[0]):
        for key in ctx.repo.model.question_links:
            for target in q.list_of(key):
                refs.setdefault(target, []).append((q.path, q.line_of(key)))
    return refs


def _unreleased(ctx: Context, lost: list[Lost]) -> list[Lost]:
    released = release.read_registry(ctx.repo.root)  # released ones are the registry check's errors
    return [x for x in lost if x.id not in released]


@cause
def lost_and_still_referenced(ctx: Context):
    lost = _unreleased(ctx, lost_since_head(ctx))
    if not lost:
        return
    refs = references(ctx)
    for x in lost:
        where = sorted(set(refs.get(x.id, ())))
        if not where:
            continue
        shown = "、".join(f"{p}:{n}" for p, n in where[:3]) + ("等" if len(where) > 3 else "")
        yield Problem(
            x.path,
            x.line,
            f"上次提交时本文件第 {x.line} 行的 {policy.shown(x.id)} 现在不见了，但仍有 {len(where)} 处引用它"
            f"（{shown}）",
            "若是误删（文件被删改，或围栏、缩进出错把它吞掉了），用 git diff 找回；确需删除，先删去这些引用",
        )


@advisory
def lost_since_the_last_commit(ctx: Context):
    """A legitimate draft deletion stays possible: reported, never an error."""
    lost = _unreleased(ctx, lost_since_head(ctx))
    if not lost:
        return
    refs = references(ctx)
    per_file: dict[str, int] = {}
    for x in lost:
        if x.id in refs:
            continue  # an error of lost_and_still_referenced
        per_file[x.path] = per_file.get(x.path, 0) + 1
        yield Problem(
            x.path,
            x.line,
            f"上次提交时本文件第 {x.line} 行的 {policy.shown(x.id)} 现在不见了"
            "（文件被删改，或围栏、缩进出错把它吞掉了）",
            "确是删除未发布的草稿可忽略本提示；否则用 git diff 找回",
        )
    for path, n in per_file.items():
        if n > 1:
            yield Problem(path, 1, f"本文件比上次提交少了 {n} 个对象或试题（逐条见下）", "核对是否有意删除")
