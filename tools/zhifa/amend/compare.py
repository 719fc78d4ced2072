"""修订对照表 between two revisions, as offices make them: clauses matched by ID only (never by position or
title); only changed, new, repealed and moved clauses get a row (each 款/项 a paragraph, character-level
marks); a clause that only got a new number because others were inserted or repealed is summarised in one
note ("其余条文序号相应调整") with a compact old → new list. Each row carries the 修改理由 of changes/reasons.yaml,
and the impact of each change on procedures, steps, templates, questions and cases is computed here once.
Markdown, HTML, .docx and the site all render the one ``Report``."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.amend import reasons as change_reasons
from zhifa.bank import quiz, rules
from zhifa.model import clausetext, fingerprint, layers, numbering, status
from zhifa.model.myst import ROLE
from zhifa.model.outline import clause_labels, from_repository, resolve
from zhifa.model.repo import Repository, load

LEGEND = (
    "说明：加粗下划线为新增文字，删除线为删除文字；只列出修改、新增、废止和移动的条文，"
    "其余条文的序号调整见表后说明；条款按永久 ID 对应，条号为各自版本中的条号。"
)
HEADERS = ("现行条文", "修改后条文", "修改说明")
COMMENT_LIMIT = 65536  # a GitHub pull-request comment or body holds at most this many characters
TAG = re.compile(r"^v\d{4}\.\d+$")


@dataclass
class Row:
    id: str
    kind: str  # 新增 修改 废止 移动 删除
    old_label: str
    new_label: str
    old_text: str  # paragraphs (款/项) separated by "\n"
    new_text: str
    note: str
    standard: str = ""
    reasons: list[str] = field(default_factory=list)
    # each text with its references as one placeholder character per referenced ID, and what each placeholder
    # shows in that version: a reference renumbered by an insertion is not marked as a change of the words
    old_refs: tuple[str, dict[str, str]] = ("", {})
    new_refs: tuple[str, dict[str, str]] = ("", {})

    @property
    def mark(self) -> str:
        """How the marked runs of the right-hand cell are shown: struck when the clause is repealed."""
        return "del" if self.kind == "废止" else "ins"

    @property
    def explanation(self) -> str:
        """修改说明 as printed: what changed, the reasons given, and the clause ID."""
        why = "；".join(self.reasons)
        return f"{self.note}" + (f"。修改理由：{why}" if why else "") + f"（{self.id}）"


@dataclass
class Version:
    ref: str
    release: str = ""  # the release tag when the ref is one
    date: str = ""  # the release date, else the commit date
    commit: str = ""

    @property
    def shown(self) -> str:
        if self.release:
            return f"{self.release}（{self.date} 发布）"
        return f"{self.ref}（未发布，提交 {self.commit}，{self.date}）" if self.commit else self.ref


@dataclass
class Report:
    old: Version
    new: Version
    rows: list[Row]
    renumbered: dict[str, list[tuple[int, int]]]  # {standard: [(old number, new number), …]}
    impact: dict[str, list[str]]  # {clause id: what depends on it}
    standards: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return ("、".join(self.standards) or "规范") + "修订对照表"

    @property
    def versions(self) -> str:
        return f"原版本：{self.old.shown}；修改后版本：{self.new.shown}"

    @property
    def renumbering_note(self) -> str:
        """One note for every clause that only got a new number: 其余条文序号相应调整（…）."""
        parts = [f"{std}{compact(pairs)}" for std, pairs in self.renumbered.items() if pairs]
        return "其余条文序号相应调整：" + "；".join(parts) + "。" if parts else ""

    @property
    def summary(self) -> str:
        kinds = ("修改", "新增", "废止", "移动", "删除", layers.EXCLUDED, RESTORED)
        counts = {k: sum(1 for r in self.rows if r.kind == k) for k in kinds}
        said = "，".join(f"{k} {n} 条" for k, n in counts.items() if n) or "条款没有变化"
        moved = sum(len(p) for p in self.renumbered.values())
        return f"共 {len(self.rows)} 处：{said}" + (f"；另有 {moved} 条仅序号相应调整" if moved else "") + "。"

    def only(self, standard: str) -> Report:
        """The part of the report about one standard (a whole-standard .docx appends its own 对照表)."""
        return Report(
            self.old,
            self.new,
            [r for r in self.rows if r.standard == standard],
            {s: p for s, p in self.renumbered.items() if s == standard},
            self.impact,
            [standard],
        )

    def impact_lines(self) -> list[str]:
        return [
            f"{r.old_label if r.kind in ('废止', '删除') else r.new_label}（{r.id}，{r.kind}）："
            + "；".join(self.impact.get(r.id) or ["（无依赖对象）"])
            for r in self.rows
        ]


def compact(pairs: list[tuple[int, int]]) -> str:
    """(old, new) numbers as runs: 原第二条至第一百三十条依次改为第三条至第一百三十一条，原第五条改为第六条."""
    runs: list[list[tuple[int, int]]] = []
    for a, b in sorted(pairs):
        if runs and a == runs[-1][-1][0] + 1 and b - a == runs[-1][-1][1] - runs[-1][-1][0]:
            runs[-1].append((a, b))
        else:
            runs.append([(a, b)])
    art = numbering.article
    return "，".join(
        f"原{art(r[0][0])}改为{art(r[0][1])}"
        if len(r) == 1
        else f"原{art(r[0][0])}至{art(r[-1][0])}依次改为{art(r[0][1])}至{art(r[-1][1])}"
        for r in runs
    )


def checkout(root: Path, ref: str, dest: Path) -> Repository:
    """The repository as it was at ``ref`` (read from git, nothing in the work tree changes); a layered
    repository's version is its merged standard at that version (its base as pinned then, fetched into the
    repository's own ``_layers/``)."""
    data = subprocess.run(["git", "archive", "--format=tar", ref], cwd=root, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    if layers.declared(dest):
        return load(layers.merge(dest, anchor=str(Path(root).resolve()), store=Path(root)).root)
    return load(dest)


RESTORED = "恢复适用"  # a row of a layered repository: a base clause marked 不适用 before applies again


def _layer_notes(rows_: list[Row], old: Repository, new: Repository) -> None:
    """In a layered repository each row says whose change it is: 上级规范 (the base's, through a new pin),
    本地调整 (with its reason), 本地新增, 不适用."""
    was, now = layers.record(old.root) or {}, layers.record(new.root) or {}
    if not was and not now:
        return
    reasons = {d["id"]: d["reason"] for d in [*was.get("deviations", []), *now.get("deviations", [])]}
    for r in rows_:
        origin = now.get("origins", {}).get(r.id) or was.get("origins", {}).get(r.id)
        why = reasons.get(r.id) if origin in (layers.OVERRIDDEN, layers.EXCLUDED) else None
        if r.kind == layers.EXCLUDED:
            r.note += f"，理由：{why}" if why else ""
        elif origin and r.kind != RESTORED:
            r.note = origin + (f"（{why}）" if why else "") + f"：{r.note}"


def version(root: Path, ref: str, tree: Path) -> Version:
    """Release name and date when ``ref`` is a release tag (its manifest says the date), else the commit."""
    run = lambda *a: subprocess.run(["git", *a], cwd=root, capture_output=True, text=True).stdout.strip()  # noqa: E731
    commit, date = run("rev-parse", "--short=7", f"{ref}^{{commit}}"), run("log", "-1", "--format=%as", ref)
    tags = [t for t in run("tag", "--points-at", ref).split() if TAG.match(t)]
    name = ref if TAG.match(ref) else (tags[0] if tags else "")
    if name:
        try:
            data = json.loads((tree / "releases" / f"{name}.json").read_text(encoding="utf-8"))
            return Version(ref, name, str(data.get("date") or date), commit)
        except (OSError, ValueError):
            pass
    return Version(ref, "", date, commit)


def _texts(repo: Repository, on: dt.date) -> dict[str, dict]:
    """Per clause: its label, number and place in this version; "shown" has its 款/项 as paragraphs and
    references as that version's numbers, "print" keeps them as IDs (what counts as a change of text)."""
    labels, where = clause_labels(repo, on)
    tree = from_repository(repo, on)
    order = {cid: k for k, cid in enumerate(c for s in tree.standards for ch in s.chapters for c in ch.clauses)}
    out = {}
    for o in repo.objects:
        if o.type == repo.model.role("article") and o.id in order:
            std = tree.standard_of(o.id)
            here = f"《{where[o.id][0]}》" if o.id in where else ""
            out[o.id] = {
                "label": labels.get(o.id, ""),
                "number": tree.article.get(o.id),
                "title": o.title,
                "print": fingerprint.normalise(o.title, o.body),
                "shown": "\n".join(clausetext.paragraphs(o.body, labels, here)),
                "refs": _placeholders(o.body, labels, here),
                "status": status.of(o, on),
                "repealed": o.value("repealed"),
                "amended_by": o.value("amended_by"),
                "standard": std.title if std else "",
                "chapter": tree.chapter_of[o.id].label,
                "order": order[o.id],
            }
    return out


def _moved(a: dict[str, dict], b: dict[str, dict]) -> set[str]:
    """Clauses whose place among the others changed (not merely their number): outside the longest run of
    clauses kept in the same order, or now in another chapter."""
    common = [c for c in sorted(a, key=lambda c: a[c]["order"]) if c in b and a[c]["standard"] == b[c]["standard"]]
    after = sorted(common, key=lambda c: b[c]["order"])
    kept = set()
    for block in difflib.SequenceMatcher(None, common, after, autojunk=False).get_matching_blocks():
        kept.update(common[block.a : block.a + block.size])
    return {c for c in common if c not in kept or a[c]["chapter"] != b[c]["chapter"]}


def rows(old: Repository, new: Repository, on: dt.date) -> tuple[list[Row], dict[str, list[tuple[int, int]]]]:
    a, b = _texts(old, on), _texts(new, on)
    moved = _moved(a, b)
    was_out = {i for i, o in (layers.record(old.root) or {}).get("origins", {}).items() if o == layers.EXCLUDED}
    now_out = {i for i, o in (layers.record(new.root) or {}).get("origins", {}).items() if o == layers.EXCLUDED}
    out, renumbered = [], {}
    for cid in [*sorted(b, key=lambda c: b[c]["order"]), *(c for c in a if c not in b)]:
        if cid not in a:
            y = b[cid]
            out.append(Row(cid, "新增", "", y["label"], "", y["shown"], "新增条款", y["standard"]))
            continue
        x = a[cid]
        if cid not in b:
            note = "条款被删除（已发布的条款应废止而不是删除）"
            out.append(Row(cid, "删除", x["label"], "", x["shown"], "", note, x["standard"]))
            continue
        y = b[cid]
        notes = []
        if y["repealed"] and not x["repealed"]:
            kind = "废止"
            notes.append(f"废止（{y['repealed']}" + (f"，依据{y['amended_by']}" if y["amended_by"] else "") + "）")
        elif x["print"] != y["print"]:
            kind = "修改"
            same_title = fingerprint.normalise(x["title"], "") == fingerprint.normalise(y["title"], "")
            notes.append("修改条文" + ("" if same_title else "和条旨"))
        elif x["standard"] != y["standard"]:  # moved to another standard (declared with :moved_from:)
            kind = "移动"
            notes.append(f"由{x['standard']}{x['chapter']}移至{y['standard']}{y['chapter']}")
        elif cid in moved:
            kind = "移动"
            notes.append(
                f"条文位置调整：由{x['chapter']}移至{y['chapter']}" if x["chapter"] != y["chapter"] else "条文位置调整"
            )
        elif (cid in now_out) != (cid in was_out):  # a layer marks a base clause 不适用, or applies it again
            kind = layers.EXCLUDED if cid in now_out else RESTORED
            notes.append("本层标为不适用（条文不变，留在原处）" if cid in now_out else "本层恢复适用上级条文")
        else:
            if x["number"] and y["number"] and x["number"] != y["number"]:
                renumbered.setdefault(y["standard"], []).append((x["number"], y["number"]))
            continue
        if kind != "废止" and x["label"] != y["label"] and y["label"] and y["number"]:
            notes.append(f"条文序号由{x['label']}调整为{y['label']}")
        new_label = "（已废止）" if kind == "废止" and y["status"] == "repealed" else y["label"]
        row = Row(cid, kind, x["label"], new_label, x["shown"], y["shown"], "；".join(notes), y["standard"])
        row.old_refs, row.new_refs = x["refs"], y["refs"]
        out.append(row)
    _layer_notes(out, old, new)
    return out, renumbered


def pieces(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The two texts as runs of (text, changed): deleted runs on the left, added runs on the right.
    Every format (Markdown, HTML, .docx, the site) renders these same runs in its own way."""
    left, right = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if a2 > a1:
            left.append((old[a1:a2], op != "equal"))
        if b2 > b1:
            right.append((new[b1:b2], op != "equal"))
    return left, right


def sides(r: Row) -> tuple[list[list[tuple[str, bool]]], list[list[tuple[str, bool]]]]:
    """Both cells of a row as paragraphs (款/项) of runs (text, marked): for a 修改 row the marked runs are
    the changed characters, for a 废止 row the whole repealed text on the right is struck."""
    if r.kind == "修改" and r.old_refs[0] and r.new_refs[0]:
        left, right = pieces(r.old_refs[0], r.new_refs[0])
        left = [(_expand(t, r.old_refs[1]), c) for t, c in left]
        right = [(_expand(t, r.new_refs[1]), c) for t, c in right]
    elif r.kind == "修改":
        left, right = pieces(r.old_text, r.new_text)
    else:
        left, right = [(r.old_text, False)], [(r.new_text, r.kind == "废止")]
    return _paragraphs(left), _paragraphs(right)


_TOKENS: dict[str, str] = {}  # referenced ID -> its placeholder (a private-use character), the same in every version


def _placeholders(body: list[str], labels: dict[str, str], here: str) -> tuple[str, dict[str, str]]:
    """The clause's paragraphs with each reference as its placeholder, and {placeholder: the reference as shown}."""
    targets = {m.group("target").strip() for m in ROLE.finditer("\n".join(body))}
    tokens = {t: _TOKENS.setdefault(t, chr(0xE000 + len(_TOKENS))) for t in sorted(targets)}
    text = "\n".join(clausetext.paragraphs(body, tokens, ""))
    shown = {tokens[t]: resolve(f"{{clause}}`{t}`", labels, here) for t in targets}
    return text, shown


def _expand(text: str, shown: dict[str, str]) -> str:
    return "".join(shown.get(ch, ch) for ch in text)


def _paragraphs(runs: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    out: list[list[tuple[str, bool]]] = [[]]
    for text, marked in runs:
        for k, part in enumerate(text.split("\n")):
            if k:
                out.append([])
            if part:
                out[-1].append((part, marked))
    return [p for p in out if p]


def markdown(report: Report, impact: bool = False, limit: int | None = None, artifact: str = "") -> str:
    """The 对照表 in Markdown (HTML <ins>/<del>, which forges keep); with ``limit`` the text stays within that
    many characters: rows that do not fit are left out and counted, pointing to ``artifact`` for all of them."""

    def cell(label: str, paras: list[list[tuple[str, bool]]], tag: str) -> str:
        text = "<br>".join(
            "".join(
                f"<{tag}><b>{html.escape(t)}</b></{tag}>"
                if m and tag == "ins"
                else (f"<del>{html.escape(t)}</del>" if m else html.escape(t))
                for t, m in p
            )
            for p in paras
        )
        return (f"**{label}** " if label else "") + text.replace("|", "\\|")

    head = [
        f"# {report.title}",
        "",
        report.versions,
        "",
        report.summary,
        "",
        LEGEND.replace("加粗下划线", "<ins><b>加粗下划线</b></ins>").replace("删除线", "<del>删除线</del>", 1),
        "",
        f"| {' | '.join(HEADERS)} |",
        "|---|---|---|",
    ]
    body = []
    for r in report.rows:
        left, right = sides(r)
        body.append(f"| {cell(r.old_label, left, 'del')} | {cell(r.new_label, right, r.mark)} | {r.explanation} |")
    if not report.rows:
        body.append("| （无变化） | | |")
    tail = ["", report.renumbering_note] if report.renumbering_note else []
    if impact:
        tail += ["", "## 影响分析", "", *(f"- {line}" for line in report.impact_lines())]
    text = "\n".join(head + body + tail) + "\n"
    if limit is None or len(text) <= limit:
        return text
    left_out = lambda n: (  # noqa: E731
        f"\n> 本评论只列出前 {len(body) - n} 行，其余 {n} 行和影响分析超出评论长度上限，"
        f"完整对照表见{artifact or '完整报告'}。\n"
    )
    tail = ["", report.renumbering_note] if report.renumbering_note else []
    kept = list(body)
    while kept:
        text = "\n".join(head + kept + tail) + "\n" + left_out(len(body) - len(kept))
        if len(text) <= limit:
            return text
        kept.pop()
    return ("\n".join(head[:6]) + "\n" + left_out(len(body)))[:limit]


def html_table(report: Report, impact: bool = False) -> str:
    e = html.escape

    def cell(label: str, paras: list[list[tuple[str, bool]]], tag: str) -> str:
        inner = "".join(
            "<p>"
            + "".join(
                (f"<ins><b>{e(t)}</b></ins>" if tag == "ins" else f"<del>{e(t)}</del>") if m else e(t) for t, m in p
            )
            + "</p>"
            for p in paras
        )
        return (f"<p><b>{e(label)}</b></p>" if label else "") + inner

    out = [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(report.title)}</title><style>'
        "body{font-family:serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:.4em;vertical-align:top}td p{margin:.2em 0}"
        "ins{text-decoration:underline}del{color:#900}thead{display:table-header-group}"
        f"</style></head><body><h1>{e(report.title)}</h1><p>{e(report.versions)}</p><p>{e(report.summary)}</p>"
        "<p>"
        + e(LEGEND).replace("加粗下划线", "<ins><b>加粗下划线</b></ins>").replace("删除线", "<del>删除线</del>", 1)
        + "</p><table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in HEADERS)
        + "</tr></thead><tbody>"
    ]
    for r in report.rows:
        left, right = sides(r)
        out.append(
            f"<tr><td>{cell(r.old_label, left, 'del')}</td><td>{cell(r.new_label, right, r.mark)}</td>"
            f"<td>{e(r.explanation)}</td></tr>"
        )
    out.append("</tbody></table>")
    if report.renumbering_note:
        out.append(f"<p>{e(report.renumbering_note)}</p>")
    if impact:
        out.append("<h2>影响分析</h2><ul>" + "".join(f"<li>{e(x)}</li>" for x in report.impact_lines()) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def drafting_note(report: Report) -> str:
    """A 起草说明 skeleton (Markdown): the parts an office writes by hand, and the main changes with their
    reasons filled in from changes/reasons.yaml."""
    lines = [
        f"# 关于{report.title.removesuffix('修订对照表')}修订的起草说明",
        "",
        f"（{report.versions}）",
        "",
        "## 一、修订的必要性和依据",
        "",
        "（待填写：修订的背景、法律依据）",
        "",
        "## 二、起草和征求意见过程",
        "",
        "（待填写：征求意见的范围、收到的意见及采纳情况）",
        "",
        "## 三、主要修改内容",
        "",
    ]
    what = {"新增": "新增", "修改": "修改", "废止": "废止", "移动": "调整位置：", "删除": "删除"}
    for k, r in enumerate(report.rows, 1):
        label = r.new_label if r.kind == "新增" else r.old_label
        title = r.new_text.split("\n")[0][:40] if r.kind == "新增" else r.old_text.split("\n")[0][:40]
        lines.append(f"（{numbering.chinese(k)}）{what[r.kind]}{label}（{r.id}）：{r.note}。")
        lines.append(f"修改理由：{'；'.join(r.reasons)}" if r.reasons else "修改理由：（待填写）")
        lines.append(f"条文：{title}……" if title else "")
        lines.append("")
    if report.renumbering_note:
        lines += [report.renumbering_note, ""]
    if not report.rows:
        lines += ["条款没有变化。", ""]
    return "\n".join(line for k, line in enumerate(lines) if line or (k and lines[k - 1])) + "\n"


def impact(changes: list[Row], new: Repository) -> dict[str, list[str]]:
    """What depends on each changed clause (procedures, steps, templates, questions, cases)."""
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
                depends[cid].append(f"试题 {q.id}" + ("（已停用）" if rules.retired(q) else ""))
    return depends


def compare(root: Path, ref1: str, ref2: str, on: dt.date) -> Report:
    """The 对照表 of ref1 → ref2, with the reasons and impact (computed while both checkouts exist)."""
    with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
        old = checkout(root, ref1, Path(t1))
        new = checkout(root, ref2, Path(t2))
        changes, renumbered = rows(old, new, on)
        why = change_reasons.between(Path(t1), Path(t2))
        for r in changes:
            r.reasons = [x.shown() for x in why.get(r.id, [])]
        standards = list(dict.fromkeys([*(r.standard for r in changes), *renumbered]))
        return Report(
            version(root, ref1, Path(t1)),
            version(root, ref2, Path(t2)),
            changes,
            renumbered,
            impact(changes, new),
            [s for s in standards if s],
        )
