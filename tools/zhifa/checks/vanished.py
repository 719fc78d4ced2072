"""Nothing silently lost: an object or question the last commit (or the last release) had and the working tree
has lost is reported at the file and line it was at there, not at the objects that still refer to it.

Released IDs are the registry's rule (``checks.registry``: an error, located here by ``where_in``). An unreleased
object lost since HEAD is a legitimate draft deletion, so only a warning, unless something still refers to it:
then the deletion is the cause of the dangling links and is reported as an error, listed before them. The same
goes for a toctree entry lost since HEAD (not the page left out of the site), a renamed page, a review.lock pin
removed by hand (not the question it leaves unpinned) and a chart edge removed (not the step that needs it): each is
a ``@cause``, named at the file the author changed."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from zhifa.amend import release, review_lock
from zhifa.bank import quiz
from zhifa.checks import Context, advisory, cause, structure
from zhifa.flowchart import source
from zhifa.model import myst, policy, procedures
from zhifa.model.problems import Problem
from zhifa.model.repo import CONTENT_DIRS, Repository, prose_directives

# the line that names an object's ID: ":id: CL-…" in Markdown, "- id: Q-…" / "id: Q-…" in a bank
ID_LINE = re.compile(r"^\s*(?::id:|-?\s*id:)\s*['\"]?([A-Z]+-[0-9A-Z-]+)")


@dataclass(frozen=True)
class Lost:
    id: str
    path: str  # where the last commit had it
    line: int


def _folders(root: Path) -> list[str]:
    # documentation examples in guide/ are not objects of the standards
    return [d for d in CONTENT_DIRS if d != "guide" and (root / d).is_dir()]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, errors="replace")
    except OSError:
        return None


def changed_since_head(repo: Repository) -> list[str]:
    """Content files that differ from HEAD (modified or deleted; not new ones); [] outside git. Asked once per
    loaded repository."""
    cached = getattr(repo, "_changed", None)
    if cached is not None:
        return cached
    folders = _folders(repo.root)
    done = _git(
        repo.root, "diff", "HEAD", "--name-only", "--no-renames", "--diff-filter=MDT", "--", "index.md", *folders
    )
    ok = folders and done is not None and done.returncode == 0
    repo._changed = [p for p in done.stdout.splitlines() if p] if ok else []
    return repo._changed


def head_text(root: Path, path: str) -> str | None:
    done = _git(root, "show", f"HEAD:{path}")
    return done.stdout if done is not None and done.returncode == 0 else None


def lost_since_head(ctx: Context) -> list[Lost]:
    """IDs that a file changed since HEAD had on an ``id`` line there and no object or question has now: a
    deleted line, an emptied file, or an object swallowed by a broken fence or indentation (its text may
    still be there). Only the changed files are read, so it stays fast."""
    cached = getattr(ctx.repo, "_lost", None)
    if cached is not None:
        return cached
    found: list[Lost] = []
    changed = changed_since_head(ctx.repo)
    now = set(release.current_ids(ctx.repo)) if changed else set()
    seen: set[str] = set()
    for path in changed:
        for k, text in enumerate((head_text(ctx.repo.root, path) or "").splitlines(), 1):
            m = ID_LINE.match(text)
            if m and m.group(1) not in now and m.group(1) not in seen:
                seen.add(m.group(1))
                found.append(Lost(m.group(1), path, k))
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
    charts = ctx.repo.root / "flowcharts"
    for path in sorted(charts.glob("*.mmd")) if charts.is_dir() and not charts.is_symlink() else ():
        try:
            chart = source.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue  # the chart check names what is wrong with it
        for node, line in chart.nodes.items():
            refs.setdefault(node, []).append((path.relative_to(ctx.repo.root).as_posix(), line))
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


@cause
def pages_dropped_from_a_toctree(ctx: Context):
    """A page no toctree reaches because a toctree entry (or the toctree itself) of a file changed since HEAD is
    gone: named at that entry's line in HEAD, not at the page that was left out."""
    repo = ctx.repo
    orphans = set(repo.docs) - structure.reached(repo)
    if not orphans:
        return
    prose = prose_directives(repo.model)
    for path in changed_since_head(repo):
        text = head_text(repo.root, path) if path.endswith(".md") else None
        if text is None:
            continue
        docname = path.removesuffix(".md")
        before = Repository(repo.root, repo.model, docs={docname: myst.read(path, text, prose)})
        still = {target for target, _ in repo.toctree(docname)}
        for target, line in before.toctree(docname):
            if target in orphans and target not in still:
                orphans.discard(target)
                yield Problem(
                    path,
                    line,
                    f"上次提交时本文件第 {line} 行的目录（toctree）条目 {Path(target).name} 现在不起作用了"
                    f"（这一行或目录指令被删改），页面 {repo.docs[target].path} 因此没有被任何目录收录",
                    "恢复这一行（git diff 可找回）；确要从站点去掉该页面，请同时删除该文件",
                )


@cause
def renamed_pages(ctx: Context):
    """A page new since HEAD (or outside git) that no toctree reaches, beside a toctree entry whose file is gone:
    most likely the file was renamed. Named at the renamed file (the one the author changed)."""
    repo = ctx.repo
    missing: dict[str, list[tuple[str, str, int]]] = {}
    for docname, doc in repo.docs.items():
        for target, line in repo.toctree(docname):
            if target not in repo.docs:
                missing.setdefault(str(Path(target).parent), []).append((target, doc.path, line))
    if not missing:
        return
    reached = structure.reached(repo)
    for docname, doc in sorted(repo.docs.items()):
        entries = missing.get(str(Path(docname).parent), [])
        if docname in reached or not entries or head_text(repo.root, doc.path) is not None:
            continue  # reached, nothing missing beside it, or the file had this name at HEAD: not renamed
        target, where, line = entries[0]
        old, new = Path(target).name, Path(doc.path).name
        yield Problem(
            doc.path,
            1,
            f"本页没有被任何目录收录，而 {where}:{line} 目录中的 {old} 找不到文件：像是 {old}.md 被改名成了 {new}",
            f"把文件名改回，或把 {where} 目录中的这一行改为 {Path(docname).name}",
        )


@cause
def review_lock_edited(ctx: Context):
    """A pin the last commit had that is gone or changed, though the question still needs it: the lock was
    edited by hand (``zhifa pin`` only writes the current fingerprint). Named at the pin's line in HEAD, before
    the question it leaves unpinned."""
    root = ctx.repo.root
    if review_lock.LOCK_FILE not in changed_since_head(ctx.repo):
        return
    text = head_text(root, review_lock.LOCK_FILE) or ""
    try:
        before = json.loads(text).get("questions")
    except (ValueError, AttributeError):
        return
    if not isinstance(before, dict):
        return
    pins, clauses = review_lock.read(root)["questions"], review_lock.current(ctx.repo)
    lines = text.splitlines()
    for q in review_lock.reviewed(quiz.of(ctx.repo)[0]):
        was = before.get(q.id)
        for cid in q.list_of("tests") if isinstance(was, dict) else ():
            pinned = pins.get(q.id, {}).get(cid)
            if cid in was and cid in clauses and pinned != was[cid] and pinned != clauses[cid][0]:
                line = _pin_line(lines, q.id, cid)
                yield Problem(
                    review_lock.LOCK_FILE,
                    line,
                    f"上次提交时本文件第 {line} 行试题 {q.id} 对条款 {cid} 的审核指纹"
                    f"{'不见了' if pinned is None else '被改动了'}（重新审核记录被手工编辑）",
                    "用 git diff 找回这一行；重新审核后只用 zhifa pin 试题ID 写入",
                )


def _pin_line(lines: list[str], qid: str, cid: str) -> int:
    """The line of ``"cid": …`` inside the ``"qid": {`` block of the lock as written."""
    start = next((k for k, t in enumerate(lines) if f'"{qid}"' in t), None)
    if start is None:
        return 1
    return next((k + 1 for k in range(start, len(lines)) if f'"{cid}"' in lines[k]), start + 1)


@cause
def chart_edges_lost(ctx: Context):
    """An edge the procedure's steps still call for, drawn in its chart at HEAD and gone now: the chart was
    edited, so it is named there (at the edge's line in HEAD), not at the step that lost its edge."""
    changed = [p for p in changed_since_head(ctx.repo) if p.startswith("flowcharts/") and p.endswith(".mmd")]
    if not changed:
        return
    charts = {p.obj.value("flowchart"): p for p in procedures.collect(ctx.repo)[0]}
    for rel in changed:
        proc = charts.get(rel)
        path = ctx.repo.root / rel
        if proc is None:
            continue
        try:
            drawn = {(e.src, e.dst) for e in source.parse(path.read_text(encoding="utf-8")).edges}
        except (OSError, UnicodeDecodeError):
            drawn = set()
        expected = {(a, b) for a, b, _ in procedures.expected_edges(proc)}
        for e in source.parse(head_text(ctx.repo.root, rel) or "").edges:
            if (e.src, e.dst) in expected and (e.src, e.dst) not in drawn:
                yield Problem(
                    rel,
                    e.line,
                    f"上次提交时本文件第 {e.line} 行的连线 {e.src} --> {e.dst} 不见了，"
                    f"而流程 {proc.obj.id} 的环节仍要求这条连线",
                    "用 git diff 找回这一行；确要改变流程，先改环节的 :next: 或 :branches:",
                )


@cause
def clause_edited_under_reviewed_questions(ctx: Context):
    """A clause in a file changed since HEAD whose text is no longer what reviewed questions were checked against:
    the edit is named at the clause (listed first); each question to re-review is named at its own line after."""
    changed = set(changed_since_head(ctx.repo))
    if not changed:
        return
    pins, clauses = review_lock.read(ctx.repo.root)["questions"], review_lock.current(ctx.repo)
    stale: dict[str, list[str]] = {}
    for q in review_lock.reviewed(quiz.of(ctx.repo)[0]):
        for cid in q.list_of("tests"):
            pinned = pins.get(q.id, {}).get(cid)
            if pinned is not None and cid in clauses and pinned != clauses[cid][0]:
                stale.setdefault(cid, []).append(f"{q.id}（{q.path}:{q.line_of('id')}）")
    by_id = ctx.repo.by_id()
    for cid, questions in sorted(stale.items()):
        o = by_id.get(cid)
        if o is None or o.path not in changed:
            continue
        shown = "、".join(questions[:3]) + ("等" if len(questions) > 3 else "")
        yield Problem(
            o.path,
            o.line,
            f"条款 {cid} 的文本已不是 {len(questions)} 道已审核试题审核时的文本：{shown}",
            "有意修改：逐题重新审核后运行 zhifa pin 试题ID；误改（如围栏、缩进出错）：用 git diff 找回",
        )
