"""修订对照表 between two revisions: clauses matched by ID only (never by position or title), with
character-level changes, new / modified / repealed / moved clauses, renumbering noted, and the impact
of each change on procedures, steps, templates, questions and cases."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from zhifa.bank import quiz
from zhifa.model import fingerprint, status
from zhifa.model.outline import clause_labels, resolve
from zhifa.model.repo import Repository, load

LEGEND = "说明：**<u>加粗下划线</u>** 为新增文字，~~删除线~~ 为删除文字；条款按永久 ID 对应，条号为各自版本中的条号。"


@dataclass
class Row:
    id: str
    kind: str  # 新增 修改 废止 移动 删除
    old_label: str
    new_label: str
    old_text: str
    new_text: str
    note: str


def checkout(root: Path, ref: str, dest: Path) -> Repository:
    """The repository as it was at ``ref`` (read from git, nothing in the work tree changes)."""
    data = subprocess.run(["git", "archive", "--format=tar", ref], cwd=root, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return load(dest)


def _texts(repo: Repository, on: dt.date) -> dict[str, dict]:
    """Per clause: its label and text in this version; "shown" has references as that version's numbers,
    "text" keeps them as IDs, so a renumbered reference alone is not a change of the clause."""
    labels, where = clause_labels(repo, on)
    out = {}
    for o in repo.objects:
        if o.type == repo.model.role("article"):
            text = "".join(line.strip() for line in o.body if line.strip())
            here = f"《{where[o.id][0]}》" if o.id in where else ""
            out[o.id] = {
                "label": labels.get(o.id, ""),
                "title": o.title,
                "text": text,
                "print": fingerprint.normalise(o.title, o.body),  # what counts as a change of text
                "shown": resolve(text, labels, here),
                "status": status.of(o, on),
                "repealed": o.value("repealed"),
                "amended_by": o.value("amended_by"),
            }
    return out


def rows(old: Repository, new: Repository, on: dt.date) -> list[Row]:
    a, b = _texts(old, on), _texts(new, on)
    out = []
    for cid in [*b, *(c for c in a if c not in b)]:
        if cid not in a:
            out.append(Row(cid, "新增", "", b[cid]["label"], "", b[cid]["shown"], "新增条款"))
        elif cid not in b:
            out.append(
                Row(cid, "删除", a[cid]["label"], "", a[cid]["shown"], "", "条款被删除（已发布的条款应废止而不是删除）")
            )
        else:
            x, y = a[cid], b[cid]
            notes = []
            if y["status"] == "repealed" and x["status"] != "repealed":
                kind = "废止"
                notes.append(f"废止（{y['repealed']}" + (f"，依据{y['amended_by']}" if y["amended_by"] else "") + "）")
            elif x["print"] != y["print"]:
                kind = "修改"
                same_title = fingerprint.normalise(x["title"], "") == fingerprint.normalise(y["title"], "")
                notes.append("修改条文" + ("" if same_title else "和条旨"))
            elif x["label"] != y["label"]:
                kind = "移动"
            else:
                continue
            if x["label"] != y["label"] and y["label"] and not y["label"].endswith("）"):
                notes.append(f"条文序号由{x['label']}调整为{y['label']}")
            new_label = "（已废止）" if kind == "废止" else y["label"]
            out.append(Row(cid, kind, x["label"], new_label, x["shown"], y["shown"], "；".join(notes)))
    return out


def pieces(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The two texts as runs of (text, changed): deleted runs on the left, added runs on the right.
    Every format (Markdown, HTML, .docx) renders these same runs in its own way."""
    left, right = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if a2 > a1:
            left.append((old[a1:a2], op != "equal"))
        if b2 > b1:
            right.append((new[b1:b2], op != "equal"))
    return left, right


def _marked(old: str, new: str) -> tuple[str, str]:
    """(old with deletions struck, new with additions bold+underlined), in Markdown."""
    left, right = pieces(old, new)
    return ("".join(f"~~{t}~~" if c else t for t, c in left), "".join(f"**<u>{t}</u>**" if c else t for t, c in right))


def markdown(changes: list[Row], ref1: str, ref2: str) -> str:
    lines = [
        f"# 修订对照表（{ref1} → {ref2}）",
        "",
        LEGEND,
        "",
        "| 现行条文 | 修改后条文 | 修改说明 |",
        "|---|---|---|",
    ]
    for r in changes:
        old, new = _marked(r.old_text, r.new_text) if r.kind == "修改" else (r.old_text, r.new_text)
        if r.kind == "废止":
            old, new = r.old_text, f"~~{r.new_text}~~"
        cell = lambda label, text: (f"{label} {text}".strip()).replace("|", "\\|")  # noqa: E731
        lines.append(f"| {cell(r.old_label, old)} | {cell(r.new_label, new)} | {r.note}（{r.id}） |")
    if not changes:
        lines.append("| （无变化） | | |")
    return "\n".join(lines) + "\n"


def html_table(changes: list[Row], ref1: str, ref2: str) -> str:
    e = html.escape

    def marked(old: str, new: str) -> tuple[str, str]:
        left, right = pieces(old, new)
        return (
            "".join(f"<del>{e(t)}</del>" if c else e(t) for t, c in left),
            "".join(f"<ins><b>{e(t)}</b></ins>" if c else e(t) for t, c in right),
        )

    out = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>修订对照表</title><style>'
        "body{font-family:serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:.4em;vertical-align:top}ins{text-decoration:underline}del{color:#900}"
        f"</style></head><body><h1>修订对照表（{e(ref1)} → {e(ref2)}）</h1>"
        "<p>说明：<ins><b>加粗下划线</b></ins>为新增文字，<del>删除线</del>为删除文字；条款按永久 ID 对应。</p>"
        "<table><tr><th>现行条文</th><th>修改后条文</th><th>修改说明</th></tr>"
    ]
    for r in changes:
        old, new = marked(r.old_text, r.new_text) if r.kind == "修改" else (e(r.old_text), e(r.new_text))
        if r.kind == "废止":
            new = f"<del>{e(r.new_text)}</del>"
        out.append(
            f"<tr><td>{e(r.old_label)} {old}</td><td>{e(r.new_label)} {new}</td><td>{e(r.note)}（{e(r.id)}）</td></tr>"
        )
    out.append("</table></body></html>")
    return "\n".join(out)


def impact(changes: list[Row], new: Repository) -> str:
    """Markdown: what depends on each changed clause (procedures, steps, templates, questions, cases)."""
    changed = {r.id for r in changes}
    depends: dict[str, list[str]] = {cid: [] for cid in changed}
    titles = {t.name: t.title for t in new.model.types.values()}
    for o in new.objects:
        for link in ("implements", "case_of", "cites"):
            for target in o.link_ids(link):
                if target in changed:
                    depends[target].append(f"{titles[o.type]} {o.id} {o.title}")
    for q in quiz.flatten(quiz.load(new.root)[0]):
        for cid in q.list_of("tests"):
            if cid in changed:
                depends[cid].append(f"试题 {q.id}")
    lines = ["## 影响分析", ""]
    for r in changes:
        items = depends.get(r.id) or ["（无依赖对象）"]
        lines.append(f"- {r.new_label or r.old_label}（{r.id}，{r.kind}）：" + "；".join(items))
    return "\n".join(lines) + "\n"


def compare(root: Path, ref1: str, ref2: str, on: dt.date) -> tuple[list[Row], str]:
    """The rows of the 对照表 and the impact report (computed while both checkouts exist)."""
    with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
        old = checkout(root, ref1, Path(t1))
        new = checkout(root, ref2, Path(t2))
        changes = rows(old, new, on)
        return changes, impact(changes, new)
