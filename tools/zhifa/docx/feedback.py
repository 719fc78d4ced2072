"""Reading a unit's copy of a 征求意见稿 back: its Word comments (word/comments.xml, anchored on ranges) and
tracked changes (w:ins / w:del, also w:moveFrom / w:moveTo), clause by clause through the ZF_ bookmarks the
stage's writer put around each clause (docx/marks.py); and writing the merged 意见汇总表 as a .docx.

What the reviewer's copy says is compared with what these sources print (docx/standard.py's outline), so an
edit made without 修订 is found too and shown as a change.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from zhifa.amend import feedback as model
from zhifa.amend.feedback import ADD, CHANGE, COMMENT, DELETE, FeedbackError, Opinion
from zhifa.docx import layout, marks
from zhifa.docx import standard as standard_docx
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font, para
from zhifa.model.repo import Repository

W_INS, W_DEL = {qn("w:ins"), qn("w:moveTo")}, {qn("w:del"), qn("w:moveFrom")}
TEXT = {qn("w:t"): "t", qn("w:delText"): "t", qn("w:tab"): "\t"}
HEAD = re.compile(r"^\s*第[一二三四五六七八九十百零〇]+条[\s　]*(?:【(?P<title>[^】]*)】)?")
UNIT_SUFFIX = re.compile(r"(?:关于.*)?(?:的)?(?:反馈|修改)?意见(?:稿)?$")


@dataclass
class Para:
    clause: str | None  # the clause whose bookmark holds its text
    after: str | None  # the last clause seen before it
    old: str = ""  # text without the reviewer's insertions
    new: str = ""  # text with insertions, without deletions
    authors: set[str] = field(default_factory=set)


@dataclass
class Comment:
    id: str
    paras: set[int] = field(default_factory=set)  # paragraphs its range has text in
    at: int | None = None  # the paragraph where it is anchored
    quote: str = ""
    author: str = ""
    text: str = ""


@dataclass
class Copy:
    path: Path
    properties: dict[str, str]
    paragraphs: list[Para]
    comments: dict[str, Comment]
    bookmarks: list[str]  # clause IDs bookmarked in the file

    def clause_of(self, comment: Comment) -> str | None:
        """The clause a comment is on: the first its range covers, else the one where it is anchored."""
        for k in sorted(comment.paras):
            if self.paragraphs[k].clause:
                return self.paragraphs[k].clause
        if comment.at is not None and comment.at < len(self.paragraphs):
            return self.paragraphs[comment.at].clause
        return None


def read(path: Path) -> Copy:
    """The text, tracked changes, comment anchors and clause bookmarks of a reviewer's .docx."""
    path = Path(path)
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise FeedbackError(
            f"{path}：不是 Word 文件（.docx）（{exc}）；请用 Word 或 LibreOffice 另存为 .docx 后再导入"
        ) from exc
    paras: list[Para] = []
    comments: dict[str, Comment] = {}
    clause_of_mark: dict[str, str] = {}  # bookmark w:id → clause ID
    open_comments: set[str] = set()
    found: list[str] = []
    # Clauses never overlap: a clause's bookmark opening closes any other (an end lost on the way must not
    # swallow the rest of the file).
    state: dict = {"clause": None, "last": None, "para": None}

    def walk(el, change: str) -> None:
        tag = el.tag
        if tag == qn("w:bookmarkStart"):
            cid = marks.clause_id(el.get(qn("w:name"), ""))
            if cid:
                clause_of_mark[el.get(qn("w:id"), "")] = cid
                state["clause"] = state["last"] = cid
                found.append(cid)
            return
        if tag == qn("w:bookmarkEnd"):
            if clause_of_mark.get(el.get(qn("w:id"), "")) == state["clause"]:
                state["clause"] = None
            return
        if tag in (qn("w:commentRangeStart"), qn("w:commentReference")):
            c = comments.setdefault(el.get(qn("w:id"), ""), Comment(el.get(qn("w:id"), "")))
            if c.at is None:
                c.at = len(paras)
            if tag == qn("w:commentRangeStart"):
                open_comments.add(c.id)
            return
        if tag == qn("w:commentRangeEnd"):
            open_comments.discard(el.get(qn("w:id"), ""))
            return
        if tag == qn("w:p"):
            state["para"] = Para(None, state["last"])
            for child in el:
                walk(child, change)
            paras.append(state["para"])
            state["para"] = None
            return
        if tag in W_INS or tag in W_DEL:
            if state["para"] is not None and el.get(qn("w:author")):
                state["para"].authors.add(el.get(qn("w:author")))
            for child in el:
                walk(child, "ins" if tag in W_INS else "del")
            return
        if tag in (qn("w:pPr"), qn("w:rPr"), qn("w:instrText")):
            return
        if tag in TEXT and state["para"] is not None:
            text = (el.text or "") if TEXT[tag] == "t" else TEXT[tag]
            p = state["para"]
            if p.clause is None:
                p.clause = state["clause"]
            if change != "ins":
                p.old += text
            if change != "del":
                p.new += text
            for cid in open_comments:
                comments[cid].paras.add(len(paras))
                if change != "del":
                    comments[cid].quote += text
            return
        for child in el:
            walk(child, change)

    walk(doc.element.body, "")
    # a paragraph typed between two paragraphs of one clause belongs to it
    owners = [k for k, p in enumerate(paras) if p.clause]
    for before, after in zip(owners, owners[1:]):
        if paras[before].clause == paras[after].clause:
            for k in range(before + 1, after):
                paras[k].clause = paras[before].clause
    # what each comment says (word/comments.xml); one without an anchor in the text is kept too (总体意见)
    for c in doc.comments:
        entry = comments.setdefault(str(c.comment_id), Comment(str(c.comment_id)))
        entry.author, entry.text = c.author or "", c.text.strip()
    return Copy(path, marks.read_properties(doc), paras, comments, found)


def unit_of(path: Path, properties: dict[str, str]) -> str:
    """The unit a copy comes from: its 单位 property, else its file name (某单位意见.docx → 某单位)."""
    for name in marks.UNIT_PROPERTIES:
        if properties.get(name):
            return properties[name]
    return UNIT_SUFFIX.sub("", path.stem).strip(" _-—") or path.stem


def _split_head(text: str) -> tuple[str, str | None]:
    m = HEAD.match(text)
    return (text[m.end() :], m.group("title")) if m else (text, None)


def opinions(repo: Repository, copy: Copy, unit: str, standard: str | None = None) -> tuple[list[Opinion], list[str]]:
    """A copy's opinions, clause by clause, against these sources; and notes (clauses deleted without 修订).
    Raises FeedbackError for a file that is not a 征求意见稿 of this repository's standard or of its version."""
    name = copy.path.name
    props = copy.properties
    std = props.get(marks.STANDARD, "")
    if not std or props.get(marks.STAGE) != "征求意见稿" or not copy.bookmarks:
        raise FeedbackError(
            f"{name}：不是用 zhifa standard 规范 --stage 征求意见稿 生成的征求意见稿（没有规范名称、版本或逐条书签）；"
            "请让来文单位在收到的征求意见稿原文件上批注和修订后寄回"
        )
    if std not in repo.standards():
        raise FeedbackError(f"{name}：是规范“{std}”的征求意见稿，本仓库没有这部规范；请在该规范所在的仓库中导入")
    if standard and standard != std:
        raise FeedbackError(f"{name}：是《{repo.docs[std].title}》的征求意见稿，不是本次导入的规范；请分开导入")
    current = model.version(repo, std)
    if props.get(marks.VERSION) != current:
        raise FeedbackError(
            f"{name}：是《{(repo.docs[std].title or '').strip('《》')}》另一版本的征求意见稿"
            f"（文件中的版本号 {props.get(marks.VERSION) or '无'}，当前条文的版本号 {current}）："
            "条文在发出征求意见稿后已修改，"
            "或文件的属性被改动。请在发出该稿时的提交上导入（用 git log 找到它），或重新发出征求意见稿"
        )
    try:
        on = dt.date.fromisoformat(props.get(marks.DATE, ""))
    except ValueError as exc:
        raise FeedbackError(f"{name}：文件属性 {marks.DATE} 不是日期；请用原始的征求意见稿文件") from exc
    draft = standard_docx.outline(repo, std, "征求意见稿", on)
    printed = {a.id: a for ch in draft.chapters for a in ch.articles}
    out: list[Opinion] = []
    notes: list[str] = []
    by_clause: dict[str, list[Para]] = {}
    for p in copy.paragraphs:
        if p.clause:
            by_clause.setdefault(p.clause, []).append(p)
    for cid, article in printed.items():
        if cid not in copy.bookmarks:
            notes.append(f"{name}：{article.label}（{cid}）在文件中已被删除，且未使用修订模式；列为删除条款的建议")
            out.append(Opinion(unit, name, cid, article.label, "", DELETE, "（未用修订模式删除了本条）", tracked=False))
            continue
        paras = by_clause.get(cid, [])
        old_paras, new_paras, authors = [], [], set()
        old_title = new_title = None
        for k, p in enumerate(paras):
            old, new = p.old, p.new
            if k == 0:
                old, old_title = _split_head(old)
                new, new_title = _split_head(new)
            authors |= p.authors
            if old.strip():
                old_paras.append(old.strip())
            if new.strip():
                new_paras.append(new.strip())
        reviewer = "、".join(sorted(authors))
        tracked = old_paras == article.paragraphs
        if not new_paras:
            out.append(Opinion(unit, name, cid, article.label, reviewer, DELETE, "建议删除本条", tracked=tracked))
            continue
        new_title = new_title if new_title is not None else article.title
        if new_paras != article.paragraphs or new_title != article.title:
            diff = model.paragraph_diff(article.paragraphs, new_paras)
            if new_title != article.title:
                diff = f"条旨：[-{article.title}-]{{+{new_title}+}}" + ("\n" + diff if diff else "")
            # a new paragraph that opens like a clause (第X条…) is a clause added, not a change of this one
            if any(HEAD.match(n) for n in new_paras[len(article.paragraphs) :]):
                out.append(Opinion(unit, name, cid, article.label, reviewer, ADD, "\n".join(new_paras), diff))
                continue
            out.append(
                Opinion(
                    unit,
                    name,
                    cid,
                    article.label,
                    reviewer,
                    CHANGE,
                    "\n".join(new_paras),
                    diff,
                    list(article.paragraphs),
                    new_paras,
                    article.title,
                    new_title,
                    tracked=tracked,
                )
            )
    labels = {cid: a.label for cid, a in printed.items()}
    for p in copy.paragraphs:
        if p.clause is None and p.new.strip() and not p.old.strip():
            after = labels.get(p.after or "", "")
            text = p.new.strip()
            out.append(
                Opinion(unit, name, "", "", "、".join(sorted(p.authors)), ADD, text, f"{{+{text}+}}", after=after)
            )
    for key, c in sorted(copy.comments.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0):
        author, text = c.author, c.text
        cid = copy.clause_of(c)
        if cid in printed:
            out.append(Opinion(unit, name, cid, labels[cid], author, COMMENT, text, quote=c.quote.strip()))
        else:
            out.append(Opinion(unit, name, "", "", author, COMMENT, text, quote=c.quote.strip()))
    return out, notes


def write(path: Path, summary: model.Summary) -> None:
    """The 意见汇总表 as a .docx: landscape A4, one row per opinion, 处理意见 left empty to fill in."""
    doc = Document()
    section = doc.sections[0]
    layout.landscape(section)
    layout.page_number(section)
    doc.core_properties.title = f"{summary.title}意见汇总表"
    para(doc, f"{summary.title.strip('《》')}（征求意见稿）意见汇总表", TITLE_FONT, 18, WD_ALIGN_PARAGRAPH.CENTER)
    para(
        doc,
        f"征求意见稿版本 {summary.version}；来件 {len(summary.files)} 份：{'、'.join(summary.files)}",
        BODY_FONT,
        12,
        indent=False,
    )
    for note in summary.notes:
        para(doc, note, BODY_FONT, 12, indent=False)
    heads = ["编号", "条款", "单位", "提出人", "类别", "意见或修改建议", "修订", "处理意见"]
    widths = [14, 28, 24, 16, 19, 70, 62, 24]  # mm, 257 in all: landscape A4 within 20 mm margins
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Mm(width).twips)))  # LibreOffice lays columns out from the grid
    for k, h in enumerate(heads):
        cell = table.rows[0].cells[k]
        cell.width = Mm(widths[k])
        font(cell.paragraphs[0].add_run(h), HEI_FONT, 11)
    for op in summary.opinions:
        cells = table.add_row().cells
        text = op.text + (f"（批注位置：“{op.quote}”）" if op.quote else "")
        kind = op.kind + ("（未用修订模式）" if not op.tracked else "")
        for k, value in enumerate([op.id, op.where, op.unit, op.reviewer, kind, text, "", ""]):
            cells[k].width = Mm(widths[k])
            font(cells[k].paragraphs[0].add_run(value), BODY_FONT, 11)
        _diff_cell(cells[6], op)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def _diff_cell(cell, op: Opinion) -> None:
    """The change as Word shows one: deleted text struck through, added text underlined."""
    p = cell.paragraphs[0]
    for k, line in enumerate(op.diff.split("\n") if op.diff else []):
        if k:
            p = cell.add_paragraph()
        for piece in re.split(r"(\[-.*?-\]|\{\+.*?\+\})", line):
            if not piece:
                continue
            run = p.add_run(piece[2:-2] if piece[:2] in ("[-", "{+") else piece)
            font(run, BODY_FONT, 11)
            run.font.strike = piece.startswith("[-")
            run.font.underline = piece.startswith("{+")
            if piece[:2] in ("[-", "{+"):
                run.font.size = Pt(11)
