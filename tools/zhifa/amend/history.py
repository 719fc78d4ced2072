"""Per-clause history from git and the release manifests.

A commit is listed for a clause only when it changed that clause's normalised text (the same
fingerprint as the re-review gate and the manifests) or its 施行/废止 dates; a commit that only touched a
neighbour in the same file is not. Clauses are followed by ID, so moving one between files is not a change.
Without git, or on a shallow clone, history is reported as unavailable and nothing fails.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.amend import reasons
from zhifa.model import fingerprint, metamodel, myst
from zhifa.model.repo import STANDARDS_DIR

RELEASES_DIR = "releases"
DATED = ("effective", "repealed")


@dataclass(frozen=True)
class Change:
    kind: str  # 新增 / 修改条文 / 废止 / 施行日期变更 / 发布 / 待发布
    date: str  # YYYY-MM-DD
    ref: str  # short commit hash or release tag
    subject: str  # for a release: what it published of the clause and the reasons given (never a commit subject)
    order: int = -1  # position of the commit (a release: its tag's commit) in the history, -1 when unknown


@dataclass
class History:
    state: str  # "ok", "shallow" or "none" (not a git repository)
    commits: dict[str, list[Change]] = field(default_factory=dict)
    releases: dict[str, list[Change]] = field(default_factory=dict)

    pending: dict[str, list[str]] = field(default_factory=dict)  # {clause id: reasons not yet released}

    def of(self, clause_id: str) -> list[Change]:
        """Releases and commits for one clause, oldest first: by their place in the git history (a release
        after the commits it contains), by date when that is unknown; reasons not yet released last."""
        found = [*self.releases.get(clause_id, []), *self.commits.get(clause_id, [])]
        if all(c.order >= 0 for c in found):
            found.sort(key=lambda c: (c.order, c.kind == "发布"))
        else:
            found.sort(key=lambda c: (c.date, c.kind == "发布"))
        why = self.pending.get(clause_id)
        return [*found, Change("待发布", "", "", "修改理由：" + "；".join(why))] if why else found

    @property
    def note(self) -> str:
        return {
            "shallow": "本副本是浅克隆（没有完整的 git 历史），无法列出逐条修订记录；完整克隆后重新构建即可显示。",
            "none": "本副本不在 git 仓库中，无法列出逐条修订记录。",
        }.get(self.state, "")


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)


def _clauses(path: str, text: str, article: str) -> dict[str, tuple[str, tuple[str | None, ...]]]:
    """{clause id: (normalised text, (effective, repealed))} of one file's text (``article``: the type name)."""
    out = {}
    for d in myst.read(path, text, {article}).directives:
        if d.name == article and d.options.get("id"):
            dates = tuple((d.options.get(k) or ("",))[0] or None for k in DATED)
            out[d.options["id"][0]] = (fingerprint.normalise(d.argument, d.body), dates)
    return out


def _blobs(root: Path, specs: list[str]) -> list[str | None]:
    """Contents of ``commit:path`` objects in one ``git cat-file --batch`` call (None if missing)."""
    data = _git(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in specs).encode()).stdout
    out, pos = [], 0
    for _ in specs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            out.append(None)
            continue
        size = int(header[2])
        out.append(data[pos : pos + size].decode("utf-8", "replace"))
        pos += size + 1
    return out


def _positions(root: Path) -> dict[str, int]:
    """{full commit hash: its place in the history (oldest 0)}, parents always before children."""
    out = _git(root, "rev-list", "--reverse", "--topo-order", "HEAD").stdout.decode().split()
    return {sha: k for k, sha in enumerate(out)}


def _commit_changes(root: Path, positions: dict[str, int], cache: dict | None = None) -> dict[str, list[Change]]:
    """``cache``: kept by the caller between calls; the history is read again only when its last commit or the
    metamodel's article type changed (reading every commit's files takes a build most of a second)."""
    article = metamodel.load(root).role("article")
    key = (next(reversed(positions), None), article)
    if cache is not None and cache.get("key") == key:
        return cache["changes"]
    log = _git(
        root, "log", "--reverse", "--no-renames", "--format=%x00%H%x09%as%x09%s", "--name-only", "--", STANDARDS_DIR
    ).stdout.decode("utf-8", "replace")
    commits = []
    for chunk in log.split("\x00")[1:]:
        head, *files = chunk.strip("\n").split("\n")
        sha, date, subject = (head.split("\t", 2) + ["", ""])[:3]
        files = [f for f in files if f.endswith(".md")]
        if files:
            commits.append((sha, date, subject, files))
    texts = iter(_blobs(root, [f"{sha}:{f}" for sha, _, _, files in commits for f in files]))
    per_file: dict[str, dict] = {}  # path -> its clauses at the last commit seen
    current: dict[str, tuple] = {}  # clause id -> (text, dates) wherever it lives
    out: dict[str, list[Change]] = {}
    for sha, date, subject, files in commits:
        seen_now: dict[str, tuple] = {}
        for f in files:
            text = next(texts)
            per_file[f] = _clauses(f, text, article) if text is not None else {}
            seen_now.update(per_file[f])
        for cid, (norm, dates) in seen_now.items():
            before = current.get(cid)
            kinds = []
            if before is None:
                kinds.append("新增")
            else:
                if before[0] != norm:
                    kinds.append("修改条文")
                if dates[1] and dates[1] != before[1][1]:
                    kinds.append("废止")
                elif dates[0] != before[1][0]:
                    kinds.append("施行日期变更")
            current[cid] = (norm, dates)
            out.setdefault(cid, []).extend(Change(k, date, sha[:7], "", positions.get(sha, -1)) for k in kinds)
    if cache is not None:
        cache.clear()
        cache.update(key=key, changes=out)
    return out


def _release_changes(root: Path, positions: dict[str, int] | None = None) -> dict[str, list[Change]]:
    """From the committed manifests: the releases in which each clause's fingerprint first appeared or changed,
    with the reasons archived at that release (releases/reasons/)."""
    why = reasons.by_release(root)
    tags = {}
    if positions:
        for line in (
            _git(root, "tag", "--list", "v*", "--format=%(refname:short) %(*objectname) %(objectname)")
            .stdout.decode()
            .splitlines()
        ):
            name, *shas = line.split()
            tags[name] = next((positions[s] for s in shas if s in positions), -1)
    manifests = []
    for path in (Path(root) / RELEASES_DIR).glob("v*.json"):
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # a broken manifest is reported by `verify`, not here
    manifests.sort(key=lambda m: (m.get("date", ""), release_key(m.get("release", ""))))
    last: dict[str, str] = {}
    out: dict[str, list[Change]] = {}
    for m in manifests:
        tag = m.get("release", "")
        given = why.get(tag, {})
        for cid, c in m.get("clauses", {}).items():
            said = "；".join(r.shown() for r in given.get(cid, []))
            if last.get(cid) != c.get("sha256") or said:
                what = (
                    "首次发布" if cid not in last else ("发布修改后的条文" if last[cid] != c.get("sha256") else "发布")
                )
                subject = f"{what}（当时为{c.get('label') or '未编号'}）" + (f"；修改理由：{said}" if said else "")
                out.setdefault(cid, []).append(Change("发布", m.get("date", ""), tag, subject, tags.get(tag, -1)))
                last[cid] = c.get("sha256")
    return out


def release_key(tag: str) -> tuple[int, int]:
    year, _, n = tag.lstrip("v").partition(".")
    return (int(year), int(n)) if year.isdigit() and n.isdigit() else (0, 0)


def load(root: Path, cache: dict | None = None) -> History:
    """``cache``: see _commit_changes."""
    root = Path(root)
    pending = {cid: [r.shown() for r in rs] for cid, rs in reasons.by_release(root).get("", {}).items()}
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        return History("none", releases=_release_changes(root), pending=pending)
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
        return History("shallow", releases=_release_changes(root), pending=pending)
    positions = _positions(root)
    return History("ok", _commit_changes(root, positions, cache), _release_changes(root, positions), pending)
