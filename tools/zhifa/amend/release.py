"""Releases: an annotated git tag vYYYY.N, the registry of every ID ever released (an ID once published
is never deleted or reused) and a manifest with the SHA-256 of every clause's normalised text.

A layered repository (issue 26) releases its own layer: the release reads the merged standard, but the tag, the
files under releases/ and the git history are the layer's (``home``); its registry claims only the layer's own IDs
(本地新增) and records, apart, its overrides and exclusions of base IDs, which stay the base's (its registry, at the
pinned release, governs them)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from zhifa.amend import reasons
from zhifa.bank import quiz
from zhifa.model import fingerprint, jsonfile, layers, policy, status
from zhifa.model.outline import clause_labels
from zhifa.model.problems import Problem
from zhifa.model.repo import STANDARDS_DIR, Repository

RELEASES_DIR = "releases"
REGISTRY_FILE = f"{RELEASES_DIR}/registry.json"
BANKS_DIR = f"{RELEASES_DIR}/banks"  # each release's published questions, by version
NORMALISATION = (
    "条款的规范化文本 = 条旨 + “｜” + 正文，删除全部空白字符（空格、换行、制表符）；正文中对本规范条款的引用"
    "保留为 {clause}`条款ID` 原样，因此条号变化不影响指纹。SHA-256 按 UTF-8 编码计算。"
    "规范整体指纹 = 按条款在规范中的顺序，把各条指纹用换行连接后再计算 SHA-256。"
)


class ReleaseError(Exception):
    pass


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} 失败：{done.stderr.strip()}")
    return done.stdout


def read_registry(root: Path, problems: list[Problem] | None = None) -> dict[str, dict]:
    """{ID: {"type", "first"[, "standard"]}}; malformed parts (hand edits) are left out and, with
    ``problems``, reported at their line."""
    path = Path(root) / REGISTRY_FILE
    if not path.is_file():
        return {}
    found: list[Problem] = []
    fix = "用 git 恢复该文件（git show 最近的发布标签:releases/registry.json）；登记表只由 zhifa release 写出"
    try:
        data = jsonfile.load(path)
    except jsonfile.JsonFileError as exc:
        found.append(Problem(REGISTRY_FILE, exc.line, f"ID 登记表无法读取：{exc.message}", fix))
        data = {}
    ids = data.get("ids", {}) if isinstance(data, dict) else None
    if not isinstance(ids, dict):
        line = jsonfile.key_line(path, "ids") if isinstance(data, dict) else 1
        found.append(Problem(REGISTRY_FILE, line, "ID 登记表应是 {\"ids\": {ID: {\"type\": …, \"first\": …}}}", fix))
        ids = {}
    out = {}
    for object_id, info in ids.items():
        if isinstance(info, dict) and isinstance(info.get("type"), str) and isinstance(info.get("first"), str):
            out[object_id] = info
        else:
            found.append(
                Problem(
                    REGISTRY_FILE,
                    jsonfile.key_line(path, object_id),
                    f"ID 登记表中 {policy.shown(object_id)} 的记录不完整：应有 type（类型）和 first（首次发布）",
                    fix,
                )
            )
    if problems is not None:
        problems.extend(found)
    return out


def registry_lines(root: Path) -> dict[str, int]:
    """Line of each ID in the registry file (for path:line messages)."""
    path = Path(root) / REGISTRY_FILE
    lines = {}
    try:
        text_lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    except (OSError, UnicodeDecodeError):
        text_lines = []
    for k, text in enumerate(text_lines, 1):
        stripped = text.strip()
        if stripped.startswith('"') and '": {' in stripped:
            lines[stripped.split('"')[1]] = k
    return lines


def current_standards(repo: Repository) -> dict[str, str]:
    """{ID: the standard's folder (standards/<name>)} for every object written in a standard."""
    out = {}
    for o in repo.objects:
        parts = o.path.split("/")
        if o.id and len(parts) > 2 and parts[0] == STANDARDS_DIR:
            out.setdefault(o.id, "/".join(parts[:2]))
    return out


MOVED_FROM = "moved_from"  # the clause field that declares a move between standards (metamodel.yaml)


def standard_folder(value: str) -> str:
    """A standard named as in :moved_from: ("chufa", "standards/chufa", "standards/chufa/index.md") as the
    registry records it ("standards/chufa")."""
    name = value.strip().strip("/").removesuffix("/index.md").removesuffix("/index")
    return name if name.startswith(f"{STANDARDS_DIR}/") else f"{STANDARDS_DIR}/{name}"


def declared_moves(repo: Repository) -> dict[str, tuple[str, int]]:
    """{ID: (the standard it declares it moved from, the line of the declaration)}."""
    return {
        o.id: (standard_folder(o.value(MOVED_FROM)), o.line_of(MOVED_FROM)) for o in repo.objects if o.value(MOVED_FROM)
    }


def latest_tag(root: Path) -> str | None:
    """The newest release tag vYYYY.N reachable from HEAD, or None (no git, no release)."""
    try:
        tags = git(root, "tag", "--list", "v*", "--merged", "HEAD").split()
    except (ReleaseError, OSError):
        return None
    numbered = []
    for t in tags:
        year, _, n = t[1:].partition(".")
        if year.isdigit() and n.isdigit():
            numbered.append((int(year), int(n), t))
    return max(numbered)[2] if numbered else None


def current_ids(repo: Repository) -> dict[str, str]:
    ids = {o.id: o.type for o in repo.objects if o.id}
    ids.update({q.id: repo.model.role("question") for q in quiz.flatten(quiz.load(repo.root)[0]) if q.id})
    return ids


def home(root: Path) -> Path:
    """Where the releases, the tags and the git history are: the repository, or the layer a merged standard was
    merged for."""
    return layers.home(root) or Path(root)


def own_ids(repo: Repository) -> dict[str, str]:
    """The IDs this repository releases as its own: all of them, or in a layered repository the layer's own
    (本地新增); a base ID (adopted, overridden or not applied here) is never claimed."""
    ids, record = current_ids(repo), layers.record(repo.root)
    if record is None:
        return ids
    return {i: kind for i, kind in ids.items() if record["origins"].get(i) == layers.ADDED}


def deviations(root: Path) -> dict[str, dict[str, str]]:
    """A layer's overrides and exclusions of base IDs as its release records them: {ID: {"kind", "reason"}}."""
    if not layers.declared(root):
        return {}
    decl = layers.read(root)
    out = {cid: {"kind": layers.OVERRIDDEN, "reason": o.reason} for cid, o in decl.overrides.items()}
    out.update({cid: {"kind": layers.EXCLUDED, "reason": why} for cid, (why, _) in decl.excluded.items()})
    return dict(sorted(out.items()))


def layer_info(root: Path) -> dict | None:
    """What a layer's release pins: its prefix, its base and release, its deviations; None without layers."""
    if not layers.declared(root):
        return None
    decl = layers.read(root)
    base = {"git": decl.git} if decl.git is not None else {"path": decl.path}
    if decl.release:
        base["release"] = decl.release
    return {"prefix": decl.prefix, "base": base, "deviations": deviations(root)}


def manifest(repo: Repository, tag: str, on: dt.date) -> dict:
    labels, where = clause_labels(repo, on)
    clauses, standards = {}, {}
    record = layers.record(repo.root)  # a layered repository: each clause's layer as seen from this one
    for std in repo.standards():
        hashes = []
        for doc in repo.chapters(std):
            for o in (o for o in repo.objects if o.docname == doc and o.type == repo.model.role("article")):
                digest = fingerprint.sha256(fingerprint.normalise(o.title, o.body))
                hashes.append(digest)
                clauses[o.id] = {
                    "sha256": digest,
                    "body_sha256": fingerprint.sha256(fingerprint.normalise("", o.body)[1:]),
                    "title": o.title,
                    "label": labels.get(o.id, ""),
                    "status": status.of(o, on),
                }
                if record is not None:
                    clauses[o.id]["layer"] = record["origins"].get(o.id, layers.ADOPTED)
        standards[repo.docs[std].title or std] = fingerprint.sha256("\n".join(hashes))
    out = {
        "release": tag,
        "date": on.isoformat(),
        "normalisation": NORMALISATION,
        "standards": standards,
        "clauses": clauses,
    }
    info = layer_info(home(repo.root))
    if info is not None:
        out["layer"] = info
    return out


def published_bank(repo: Repository, tag: str, on: dt.date) -> dict:
    """The questions this release publishes, each with its own version and key: attempt files that name
    these versions stay scorable after the bank moves on (zhifa results reads every archive)."""
    from zhifa.bank import rules
    from zhifa.model import outline

    tree = outline.from_repository(repo, on)
    kept = ("id", "v", "type", "stem", "material", "options", "answer", "tests")
    questions = [
        {k: rec[k] for k in kept} for rec in rules.records(quiz.of(repo)[0]) if rules.publishable(rec, tree.state.get)
    ]
    return {"release": tag, "date": on.isoformat(), "questions": questions}


def next_tag(root: Path, on: dt.date) -> str:
    tags = git(root, "tag", "--list", f"v{on.year}.*").split()
    numbers = [int(t.split(".")[1]) for t in tags if t.split(".")[1].isdigit()]
    return f"v{on.year}.{max(numbers, default=0) + 1}"


def default_branch(root: Path) -> str:
    """The branch releases are made from: the remote's default (origin/HEAD), else the only branch, else main or
    master, whichever exists (main when both or neither)."""
    try:
        remote = git(root, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD").strip()
        return remote.split("/", 1)[1]
    except (ReleaseError, IndexError):
        pass
    heads = set(git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/").split())
    if len(heads) == 1:  # a repository with one branch: that is its default
        return heads.pop()
    return "master" if "master" in heads and "main" not in heads else "main"


def _unchanged(repo: Repository, tag: str | None, on: dt.date) -> bool:
    """Nothing to release: the clauses (text, number, status), the published questions and the IDs are as the
    latest release has them, and no 修改理由 is waiting."""
    root = home(repo.root)
    if tag is None or reasons.pending(root):
        return False
    try:
        before = read_manifest(root / RELEASES_DIR / f"{tag}.json")
        bank = json.loads((root / BANKS_DIR / f"{tag}.json").read_text(encoding="utf-8"))
    except (ReleaseError, OSError, ValueError):
        return False
    now = manifest(repo, tag, on)
    registry = read_registry(root)
    return (
        before.get("clauses") == now["clauses"]
        and before.get("layer") == now.get("layer")
        and bank.get("questions") == published_bank(repo, tag, on)["questions"]
        and all(i in registry for i in own_ids(repo))
    )


def make(repo: Repository, on: dt.date) -> str:
    root = home(repo.root)
    if git(root, "status", "--porcelain").strip():
        raise ReleaseError("工作区有未提交的修改：请先提交（发布只针对已提交的内容）")
    branch = git(root, "branch", "--show-current").strip()
    wanted = default_branch(root)
    if branch != wanted:
        raise ReleaseError(
            f"发布只能在默认分支 {wanted} 上进行，当前在"
            + (f"分支 {branch}" if branch else "游离的提交（detached HEAD）")
            + f"：请先把修改合并到 {wanted}，再在 {wanted} 上运行 zhifa release"
        )
    latest = latest_tag(root)
    if _unchanged(repo, latest, on):
        raise ReleaseError(
            f"自上次发布 {latest} 以来，条款（文本、条号、状态）、已发布的试题和 ID 都没有变化，不需要新的发布"
        )
    tag = next_tag(root, on)
    registry = read_registry(root)
    standards = current_standards(repo)
    moves = declared_moves(repo)
    for object_id, kind in own_ids(repo).items():
        entry = registry.setdefault(object_id, {"type": kind, "first": tag})
        if object_id in standards:
            was = entry.setdefault("standard", standards[object_id])  # an ID keeps its standard for good,
            if was != standards[object_id] and moves.get(object_id, ("",))[0] == was:  # unless a move is declared
                entry["standard"] = standards[object_id]
                entry.setdefault("moves", []).append({"from": was, "to": standards[object_id], "release": tag})
    written: dict = {"ids": dict(sorted(registry.items()))}
    if layers.declared(root):
        written["deviations"] = _deviations(root, tag)
    (root / RELEASES_DIR).mkdir(exist_ok=True)
    (root / REGISTRY_FILE).write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (root / RELEASES_DIR / f"{tag}.json").write_text(
        json.dumps(manifest(repo, tag, on), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    archive = root / BANKS_DIR / f"{tag}.json"
    archive.parent.mkdir(parents=True, exist_ok=True)
    archive.write_text(json.dumps(published_bank(repo, tag, on), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    moved = reasons.archive(root, tag)  # the 修改理由 of this release go with it; the next amendment starts afresh
    git(root, "add", REGISTRY_FILE, f"{RELEASES_DIR}/{tag}.json", f"{BANKS_DIR}/{tag}.json", *moved)
    git(root, "commit", "-q", "-m", f"Release {tag}")
    git(root, "tag", "-a", tag, "-m", f"发布 {tag}（{on.isoformat()}）")
    return tag


def _deviations(root: Path, tag: str) -> dict[str, dict]:
    """The registry's record of a layer's overrides and exclusions of base IDs, by release: the ID is the base's
    (never in "ids"); "first" is this layer's first release with the deviation, "ended" the release that dropped
    it (the base's text applies again)."""
    try:
        data = json.loads((root / REGISTRY_FILE).read_text(encoding="utf-8"))
        was = data.get("deviations") if isinstance(data, dict) else None
    except (OSError, ValueError):
        was = None
    out = {k: dict(v) for k, v in (was or {}).items() if isinstance(v, dict)}
    decl = layers.read(root)
    now = deviations(root)
    for cid, d in now.items():
        entry = out.setdefault(cid, {"first": tag})
        entry.pop("ended", None)
        entry.update(kind=d["kind"], base=decl.release or decl.path or "")
    for cid, entry in out.items():
        if cid not in now:
            entry.setdefault("ended", tag)
    return dict(sorted(out.items()))


def verify_manifest(repo: Repository, manifest_path: Path, on: dt.date) -> tuple[list[str], int]:
    """Compare a release manifest with the repository: which clauses still match, changed or are gone."""
    data = read_manifest(Path(manifest_path))
    now = manifest(repo, "当前", on)
    lines, mismatches = [], 0
    for cid, c in data["clauses"].items():
        cur = now["clauses"].get(cid)
        if cur is None:
            lines.append(f"{cid} {c.get('label', '')}：当前版本中不存在")
            mismatches += 1
        elif cur["sha256"] != c["sha256"]:
            lines.append(f"{cid} {c.get('label', '')}：文本已修改")
            mismatches += 1
    same = len(data["clauses"]) - mismatches
    lines.insert(0, f"发布 {data.get('release')}：{same} 条与当前一致，{mismatches} 条不一致")
    return lines, mismatches


def read_manifest(path: Path) -> dict:
    """A release manifest, validated: raises ReleaseError (file:line, what is wrong) for anything malformed."""
    try:
        data = jsonfile.load(path)
    except jsonfile.JsonFileError as exc:
        raise ReleaseError(f"{path}:{exc.line}: 发布清单无法读取：{exc.message}") from exc
    clauses = data.get("clauses") if isinstance(data, dict) else None
    if not isinstance(clauses, dict):
        line = jsonfile.key_line(path, "clauses") if isinstance(data, dict) else 1
        raise ReleaseError(
            f"{path}:{line}: 发布清单应有 \"clauses\": {{条款ID: {{\"sha256\": …}}}}，这不是 zhifa release 写出的清单"
        )
    for cid, c in clauses.items():
        if not isinstance(c, dict) or not isinstance(c.get("sha256"), str):
            raise ReleaseError(
                f"{path}:{jsonfile.key_line(path, cid)}: 发布清单中 {policy.shown(cid)} 的记录缺少 sha256 指纹"
            )
    return data
