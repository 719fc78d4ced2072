"""意见汇总: the opinions units send back on a 征求意见稿 (Word comments and tracked changes, read by
docx/feedback.py), merged into one 意见汇总表, and the accepted text changes carried back into the sources on a
new git branch, each with its reason in changes/reasons.yaml (for the 对照表 and the 修订记录).

A clause deleted or added by a reviewer is only ever listed as a proposal: the drafting office decides and
edits the sources itself. A change that touches generated text (a reference's number, an item's （一）) cannot be
carried back into the Markdown and is refused with what to edit by hand.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from zhifa.amend import reasons as reason_file
from zhifa.model import clausetext, fingerprint
from zhifa.model.outline import clause_labels
from zhifa.model.repo import Obj, Repository

# Kinds of opinion, as the 汇总表 names them.
COMMENT, CHANGE, DELETE, ADD = "批注", "修改", "删除条款", "新增内容"
GENERAL = "总体意见"
STATE_FORMAT = 1


class FeedbackError(Exception):
    """A reviewer's file or an apply that cannot go on: the message says which file and what to do."""


def clauses(repo: Repository, standard: str) -> list[Obj]:
    """The standard's clauses in document order (its chapters as its toctree lists them)."""
    article = repo.model.role("article")
    out = []
    for chapter in repo.chapters(standard):
        out += [o for o in repo.objects if o.type == article and o.docname == chapter]
    return out


def version(repo: Repository, standard: str) -> str:
    """The version of a standard's text: a short hash of its clauses' IDs and normalised texts, in order.
    Written into every 征求意见稿; a reviewer's copy of another version cannot be read against these sources."""
    lines = [f"{o.id}｜{fingerprint.normalise(o.title, o.body)}" for o in clauses(repo, standard)]
    return fingerprint.sha256("\n".join(lines))[:12]


@dataclass
class Opinion:
    unit: str
    file: str
    clause: str  # clause ID; "" for 总体意见
    number: str  # 第X条 as the 征求意见稿 numbers it ("" for 总体意见)
    reviewer: str
    kind: str  # COMMENT, CHANGE, DELETE or ADD
    text: str  # the comment, or the proposed text
    diff: str = ""  # the change as [-deleted-]{+added+}
    old: list[str] = field(default_factory=list)  # the clause's paragraphs as printed
    new: list[str] = field(default_factory=list)  # its paragraphs as proposed
    old_title: str = ""
    new_title: str = ""
    quote: str = ""  # the text a comment is anchored on
    after: str = ""  # for an addition outside any clause: the clause it follows
    tracked: bool = True  # False: edited without 修订 (diff against the sources)
    id: str = ""  # 意见编号, given when the files are merged

    @property
    def where(self) -> str:
        if self.kind == ADD and not self.clause:
            return f"{self.after}之后（新增）" if self.after else "（新增）"
        return f"{self.number}（{self.clause}）" if self.clause else GENERAL


@dataclass
class Summary:
    standard: str  # docname
    title: str
    version: str
    on: str  # the numbering date of the 征求意见稿
    opinions: list[Opinion]
    files: list[str]
    notes: list[str] = field(default_factory=list)  # what the reader noticed (a clause deleted without 修订…)


def merge(standard: str, title: str, ver: str, on: str, order: list[str], per_file: list[tuple[str, list[Opinion]]]):
    """Several units' opinions in one table: by clause in the standard's order (additions after the clause
    they follow), 总体意见 last; then by file as given; numbered 1, 2, 3… in that order."""
    rank = {cid: k for k, cid in enumerate(order)}
    rows = []
    for f, (_, ops) in enumerate(per_file):
        for k, op in enumerate(ops):
            anchor = op.clause or op.after
            place = (rank.get(anchor, len(rank)) + (0.5 if op.kind == ADD and not op.clause else 0)) if anchor else 1e9
            rows.append(((place, f, k), op))
    rows.sort(key=lambda r: r[0])
    ops = [op for _, op in rows]
    for n, op in enumerate(ops, start=1):
        op.id = str(n)
    return Summary(standard, title, ver, on, ops, [name for name, _ in per_file])


def paragraph_diff(old: list[str], new: list[str]) -> str:
    """A clause's change: one line per changed paragraph, [-deleted-]{+added+}."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        a, b = old[i1:i2], new[j1:j2]
        for k in range(max(len(a), len(b))):
            x, y = (a[k] if k < len(a) else ""), (b[k] if k < len(b) else "")
            out.append(fingerprint.inline_diff(x, y, context=1000))
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>") or "—"


def markdown(summary: Summary) -> str:
    """The 意见汇总表 in Markdown: one row per opinion, with an empty 处理意见 column for the drafting office."""
    out = [
        f"# {summary.title.strip('《》')}（征求意见稿）意见汇总表",
        "",
        f"征求意见稿版本 {summary.version}（条号按 {summary.on} 计算）；来件 {len(summary.files)} 份："
        + "、".join(summary.files),
        "",
        "采纳意见时运行 `zhifa feedback apply --accept 编号 …`（编号即下表“编号”一栏）。",
        "",
    ]
    for note in summary.notes:
        out.append(f"> {note}")
    if summary.notes:
        out.append("")
    out += [
        "| 编号 | 条款 | 单位 | 提出人 | 类别 | 意见或修改建议 | 修订（删除[-…-]，增加{+…+}） | 处理意见 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for op in summary.opinions:
        text = op.text + (f"（批注位置：“{op.quote}”）" if op.quote else "")
        kind = op.kind + ("（未用修订模式）" if not op.tracked else "")
        cells = [op.id, op.where, op.unit, op.reviewer, kind, text, op.diff, ""]
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if not summary.opinions:
        out.append("| — | — | — | — | — | 来件中没有批注或修订 | — | — |")
    return "\n".join(out) + "\n"


def save(summary: Summary, path: Path) -> None:
    data = {"format": STATE_FORMAT, **asdict(summary)}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load(path: Path) -> Summary:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != STATE_FORMAT:
            raise ValueError("format")
        data.pop("format")
        data["opinions"] = [Opinion(**o) for o in data["opinions"]]
        return Summary(**data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FeedbackError(
            f"{path}：无法读取意见汇总（{exc}）；"
            "请先运行 zhifa feedback import 意见文件.docx …，或用 --summary 指定其生成的 .json"
        ) from exc


# --- apply ---------------------------------------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if done.returncode:
        raise FeedbackError(f"git {' '.join(args)} 失败：{done.stderr.strip()}")
    return done.stdout


def _carry(body: list[str], printed: list[clausetext.Printed], new: list[str]) -> tuple[list[str], list[str]]:
    """``body`` with the clause's paragraphs changed from the printed ones to ``new``; and what was refused."""
    old = [p.text for p in printed]
    steps, refused = [], []  # (paragraph index to act at, action, text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            steps.append((i1 + k, "edit", new[j1 + k]))
        for k in range(i1 + pairs, i2):
            steps.append((k, "delete", ""))
        for k in range(j1 + pairs, j2):
            steps.append((i2 - 0.5 + k * 1e-6, "insert", new[k]))
    body = list(body)
    for at, action, text in sorted(steps, key=lambda s: s[0], reverse=True):
        if action == "edit":
            changes, bad = clausetext.edits(printed[int(at)], text)
            refused += bad
            body = clausetext.apply(body, printed[int(at)], changes)
        elif action == "delete":
            lines = printed[int(at)].lines
            first, last = lines[0], lines[-1]
            if last + 1 < len(body) and not body[last + 1].strip():
                last += 1
            elif first > 0 and not body[first - 1].strip():
                first -= 1
            del body[first : last + 1]
        else:
            before = int(at + 0.5) - 1  # the paragraph it follows (-1: first)
            if before >= 0:
                pos = printed[before].lines[-1] + 1
                body[pos:pos] = ["", text]
            else:
                pos = printed[0].lines[0] if printed else 0
                body[pos:pos] = [text, ""] if printed else [text]
    return body, refused


def apply(repo: Repository, summary: Summary, accept: list[str], branch: str) -> tuple[list[str], list[str]]:
    """Carry the accepted text changes into the sources on a new branch and commit them with their reasons.
    Returns (what was applied, proposals listed but not applied). Raises FeedbackError, leaving the tree as
    it was, when nothing can be applied cleanly."""
    root = repo.root
    if version(repo, summary.standard) != summary.version:
        raise FeedbackError(
            f"规范条文自意见导入以来已修改（征求意见稿版本 {summary.version}，"
            f"当前 {version(repo, summary.standard)}）："
            "请在当前版本上重新运行 zhifa feedback import，再采纳意见"
        )
    by_id = {op.id: op for op in summary.opinions}
    unknown = [a for a in accept if a not in by_id]
    if unknown:
        raise FeedbackError(
            f"意见汇总表中没有编号 {'、'.join(unknown)}；可采纳的编号见意见汇总表的“编号”一栏（共 {len(by_id)} 条）"
        )
    objects = {o.id: o for o in clauses(repo, summary.standard)}
    labels, _ = clause_labels(repo, dt.date.fromisoformat(summary.on))
    here = repo.docs[summary.standard].title or ""
    chosen: dict[str, Opinion] = {}
    applied, proposals, problems = [], [], []
    for a in accept:
        op = by_id[a]
        if op.kind in (DELETE, ADD):
            proposals.append(
                f"意见 {op.id}（{op.unit}，{op.where}）：{op.kind}的建议，不自动修改；请起草人手工修改源文件"
            )
            continue
        if op.kind == COMMENT:
            proposals.append(f"意见 {op.id}（{op.unit}，{op.where}）是批注，没有修改文本；请按批注手工修改源文件")
            continue
        if op.clause in chosen:
            problems.append(
                f"意见 {op.id} 与意见 {chosen[op.clause].id} 都修改 {op.where}：只能采纳其中一条，或手工合并两处修改"
            )
            continue
        chosen[op.clause] = op
    if problems:
        raise FeedbackError("\n".join(problems))
    if not chosen:
        return applied, proposals
    if git(root, "status", "--porcelain").strip():
        raise FeedbackError(
            "工作区有未提交的修改：请先提交或另存这些修改，再运行 zhifa feedback apply（它会新建一个分支）"
        )
    # Plan every change before touching a file, so a refused one leaves the tree untouched.
    files: dict[str, list[str]] = {}
    for cid, op in sorted(chosen.items(), key=lambda kv: -objects[kv[0]].line if kv[0] in objects else 0):
        o = objects.get(cid)
        if o is None:
            problems.append(f"意见 {op.id}：条款 {cid} 已不在《{summary.title}》中")
            continue
        printed = clausetext.mapped(o.body, labels, here)
        if [p.text for p in printed] != op.old:
            problems.append(f"意见 {op.id}：{op.where} 的条文与征求意见稿不一致；请重新导入意见")
            continue
        body, refused = _carry(o.body, printed, op.new)
        if refused:
            problems.append(
                f"意见 {op.id}（{op.where}）修改了自动生成的文字（条号引用或项的序号）：{'；'.join(refused)}；"
                f"请在 {o.path} 第 {o.body_line} 行起手工修改，不要采纳此编号"
            )
            continue
        lines = files.setdefault(o.path, (root / o.path).read_text(encoding="utf-8").split("\n"))
        lines[o.body_line - 1 : o.body_line - 1 + len(o.body)] = body
        if op.new_title and op.new_title != o.title:
            head = lines[o.line - 1]
            if not head.rstrip().endswith(o.title):
                problems.append(f"意见 {op.id}：{o.path} 第 {o.line} 行找不到条旨“{o.title}”")
                continue
            lines[o.line - 1] = head.rstrip()[: -len(o.title)] + op.new_title
        applied.append(f"意见 {op.id}（{op.unit}）→ {op.where}，{o.path}")
    if problems:
        raise FeedbackError("\n".join(problems))
    git(root, "switch", "-c", branch)
    for rel, lines in files.items():
        (root / rel).write_text("\n".join(lines), encoding="utf-8")
    append_reasons(root, [_reason(summary, op) for op in chosen.values()])
    git(root, "add", "--", *files, reason_file.FILE)
    units = "、".join(dict.fromkeys(op.unit for op in chosen.values()))
    ids = ", ".join(op.id for op in chosen.values())
    git(root, "commit", "-q", "-m", f"Apply accepted 征求意见 opinions {ids} ({units})")
    return applied, proposals


def _reason(summary: Summary, op: Opinion) -> dict[str, str]:
    comments = [
        o.text
        for o in summary.opinions
        if o.kind == COMMENT and o.clause == op.clause and o.unit == op.unit and o.text.strip()
    ]
    what = "；".join(comments) if comments else _what_changed(op.old, op.new)
    return {"id": op.clause, "reason": f"采纳{op.unit}意见：{what}", "source": f"征求意见/{op.unit}"}


def _what_changed(old: list[str], new: list[str]) -> str:
    """A change in words for the 修改理由 when the unit wrote no comment: only the paragraphs it touched."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        out += [f"“{old[i1 + k]}”修改为“{new[j1 + k]}”" for k in range(pairs)] if op != "equal" else []
        out += [f"删去“{old[k]}”" for k in range(i1 + pairs, i2)] if op != "equal" else []
        out += [f"增加“{new[k]}”" for k in range(j1 + pairs, j2)] if op != "equal" else []
    return "；".join(out)


def append_reasons(root: Path, entries: list[dict[str, str]]) -> None:
    """Add entries to changes/reasons.yaml as text, keeping every line already there (an empty list "[]"
    left by a release gives way to the first entries)."""
    path = Path(root) / reason_file.FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else reason_file.HEADER
    lines = text.rstrip("\n").split("\n")
    if lines and lines[-1].strip() == "[]":
        lines.pop()
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + dumped, encoding="utf-8")
