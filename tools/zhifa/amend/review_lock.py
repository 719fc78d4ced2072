"""The re-review gate: quizzes/review.lock pins, for every reviewed question, the fingerprint of each
clause it tests. A clause whose text changed since makes `check` (and so the build and CI) name the
questions to re-review; `zhifa pin` records the new fingerprints once they have been reviewed."""

from __future__ import annotations

import json
from pathlib import Path

from zhifa.bank import quiz, rules
from zhifa.model import fingerprint, jsonfile, policy
from zhifa.model.problems import Problem
from zhifa.model.repo import Repository

LOCK_FILE = "quizzes/review.lock"


def current(repo: Repository) -> dict[str, tuple[str, str]]:
    """{clause id: (sha256, normalised text)} for every clause."""
    out = {}
    for o in repo.objects:
        if o.type == repo.model.role("article"):
            text = fingerprint.normalise(o.title, o.body)
            out[o.id] = (fingerprint.sha256(text), text)
    return out


def read(root: Path, problems: list[Problem] | None = None) -> dict:
    """The lock; what is malformed in it (hand edits) is left out and, with ``problems``, reported there."""
    path = Path(root) / LOCK_FILE
    out: dict = {"questions": {}, "texts": {}}
    if not path.is_file():
        return out
    found: list[Problem] = []
    fix = "恢复 zhifa pin 写出的格式（或删除该行后重新运行 zhifa pin 试题ID）；不要手工编辑该文件"
    try:
        data = jsonfile.load(path)
    except jsonfile.JsonFileError as exc:
        found.append(Problem(LOCK_FILE, exc.line, f"重新审核记录无法读取：{exc.message}", fix))
        data = {}
    if not isinstance(data, dict):
        found.append(Problem(LOCK_FILE, 1, "重新审核记录应是一个 JSON 对象（{…}）", fix))
        data = {}
    for part in ("questions", "texts"):
        value = data.get(part, {})
        if not isinstance(value, dict):
            line = jsonfile.key_line(path, part)
            found.append(Problem(LOCK_FILE, line, f"重新审核记录中的 {part} 应是 JSON 对象（{{…}}）", fix))
            continue
        for key, entry in value.items():
            if part == "texts":
                ok = isinstance(entry, str)
            else:
                ok = isinstance(entry, dict) and all(isinstance(h, str) for h in entry.values())
            if ok:
                out[part][key] = entry
            else:
                line = jsonfile.key_line(path, key)
                what = "条款 ID 到指纹的对象" if part == "questions" else "文字"
                found.append(Problem(LOCK_FILE, line, f"重新审核记录中 {policy.shown(key)} 的值应是{what}", fix))
    if problems is not None:
        problems.extend(found)
    return out


def write(root: Path, lock: dict) -> None:
    used = {h for pins in lock["questions"].values() for h in pins.values()}
    lock = {
        "questions": {q: dict(sorted(p.items())) for q, p in sorted(lock["questions"].items())},
        "texts": {h: t for h, t in sorted(lock["texts"].items()) if h in used},
    }
    path = Path(root) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(lock, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def reviewed(items: list[quiz.Item]) -> list[quiz.Item]:
    """The questions the gate holds to their clauses' text: those the site may publish (core.bank)."""
    return [q for q in quiz.flatten(items) if rules.reviewed(q)]


def pin(repo: Repository, items: list[quiz.Item], ids: set[str] | None) -> list[str]:
    """Record current fingerprints for the given reviewed questions (all when ids is None)."""
    lock, now = read(repo.root), current(repo)
    changed = []
    known = {q.id for q in quiz.flatten(items)}
    for qid in [q for q in lock["questions"] if q not in known]:
        del lock["questions"][qid]
    for q in reviewed(items):
        if ids is not None and q.id not in ids:
            continue
        pins = {cid: now[cid][0] for cid in q.list_of("tests") if cid in now}
        if lock["questions"].get(q.id) != pins:
            changed.append(q.id)
        lock["questions"][q.id] = pins
        lock["texts"].update({now[cid][0]: now[cid][1] for cid in pins})
    write(repo.root, lock)
    return changed


def git_user(root: Path) -> str:
    """The git author's name (GIT_AUTHOR_NAME or user.name), the default reviewer ("" when unset or no git)."""
    import subprocess

    try:
        done = subprocess.run(["git", "var", "GIT_AUTHOR_IDENT"], cwd=root, capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.split("<", 1)[0].strip() if done.returncode == 0 else ""


def report(root: Path, items: list[quiz.Item], changed: list[str], named: list[str], reviewer: str, on) -> list[str]:
    """What `zhifa pin` did, question by question; the named questions get reviewer and date (reviewer,
    reviewed) in the bank file, as re-reviewing them means."""
    from zhifa.amend import bankedit

    by_id = {q.id: q for q in quiz.flatten(items)}
    lines = [f"已更新 {LOCK_FILE}：{len(changed)} 道试题的审核指纹有变化。"]
    for qid in named:
        pinned = (
            "已按所考查条款的现行文本重新固定指纹" if qid in changed else "所考查条款的文本未变，指纹原本就是最新的"
        )
        lines.append(f"  {qid}：{pinned}；审核人 {reviewer}，审核日期 {on.isoformat()}")
    if not named:
        lines += [f"  {qid}：已固定指纹" for qid in changed[:50]] + (["  ……"] if len(changed) > 50 else [])
    owners = {}
    for qid in named:
        q = by_id[qid]
        # a sub-question without its own review state is reviewed with its set
        owner = q if q.get("review") is not None or q.parent is None else q.parent
        owners[owner.id] = owner
    edits = [
        (o, key, value)
        for o in owners.values()
        for key, value in (("reviewer", reviewer), ("reviewed", on.isoformat()))
    ]
    bankedit.set_fields(root, edits)
    return lines
