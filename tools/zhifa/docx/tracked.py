"""The amended standard as a .docx with real Word revisions (修订): every clause as the newer version has it,
each change against the older version recorded as ``w:ins`` / ``w:del`` with the author and date of the
last commit that changed the standard, so Word and LibreOffice show them as 修订 that can be accepted or
rejected one by one. New clauses are inserted paragraphs, repealed ones deleted paragraphs, renumbering shows
as changed numbers; the text of each clause comes from model.clausetext, as in every other output."""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from zhifa.amend import compare
from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, KAI_FONT, TITLE_FONT, font, para
from zhifa.model import clausetext, numbering
from zhifa.model import outline as core_outline
from zhifa.model.outline import clause_labels
from zhifa.model.repo import Repository

# what a 征求意见稿 prints: every clause not repealed, numbered as it would be once adopted
PRINTED = ("current", "pending", "draft")


@dataclass
class Clause:
    id: str
    label: str
    paragraphs: list[str]


def _chapters(repo: Repository, standard: str, on: dt.date) -> list[tuple[str, list[Clause]]]:
    """[(第X章 title, [clause, …]), …] of one standard: the clauses printed, with numbers and paragraphs."""
    labels, _ = clause_labels(repo, on)
    tree = core_outline.from_repository(repo, on, numbered=PRINTED)
    objects = {o.id: o for o in repo.objects if o.type == repo.model.role("article")}
    std = next((s for s in tree.standards if s.doc == standard), None)
    if std is None:
        return []
    here = std.title
    return [
        (
            f"{numbering.chapter(ch.number)}　{ch.title}",
            [
                Clause(cid, tree.number(cid), clausetext.paragraphs(objects[cid].body, labels, here))
                for cid in ch.clauses
                if tree.number(cid)
            ],
        )
        for ch in std.chapters
    ]


class Revisions:
    """Numbers and stamps each w:ins / w:del with the one author and date."""

    def __init__(self, author: str, date: str):
        self.author, self.date, self.next = author, date, 1

    def mark(self, tag: str):
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next += 1
        return el

    def run(self, p, text: str, kind: str, faces=BODY_FONT) -> None:
        """Add ``text`` to paragraph ``p``: plain ("="), inserted ("+") or deleted ("-")."""
        run = p.add_run(text)
        font(run, faces, 16)
        if kind == "=":
            return
        wrapper = self.mark("w:ins" if kind == "+" else "w:del")
        run._r.addprevious(wrapper)
        wrapper.append(run._r)
        if kind == "-":
            for t in run._r.findall(qn("w:t")):
                t.tag = qn("w:delText")

    def paragraph_mark(self, p, kind: str) -> None:
        """A whole paragraph inserted or deleted: its paragraph mark is too (accepting leaves no empty line)."""
        ppr = p._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self.mark("w:ins" if kind == "+" else "w:del"))


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", old[a1:a2]))
            continue
        if a2 > a1:
            out.append(("-", old[a1:a2]))
        if b2 > b1:
            out.append(("+", new[b1:b2]))
    return out


def _clause(doc, rev: Revisions, old: Clause | None, new: Clause | None) -> None:
    """One clause: label and paragraphs, as a character diff of old → new (either may be missing)."""
    before = [f"{old.label}　{old.paragraphs[0] if old.paragraphs else ''}", *old.paragraphs[1:]] if old else []
    after = [f"{new.label}　{new.paragraphs[0] if new.paragraphs else ''}", *new.paragraphs[1:]] if new else []
    if not old or not new:
        kind = "+" if new else "-"
        for text in after or before:
            p = para(doc, "", BODY_FONT, 16)
            rev.run(p, text, kind)
            rev.paragraph_mark(p, kind)
        return
    # paragraphs matched in order; an extra paragraph on either side is inserted or deleted whole
    for k in range(max(len(before), len(after))):
        p = para(doc, "", BODY_FONT, 16)
        if k >= len(before) or k >= len(after):
            kind = "+" if k >= len(before) else "-"
            rev.run(p, (after if kind == "+" else before)[k], kind)
            rev.paragraph_mark(p, kind)
            continue
        for kind, text in _diff(before[k], after[k]):
            rev.run(p, text, kind)


def _author(root: Path, ref1: str, ref2: str, standard: str) -> tuple[str, str]:
    """Author and date (ISO 8601) of the newest commit in ref1..ref2 that changed the standard's folder."""
    folder = standard.rsplit("/", 1)[0]
    done = subprocess.run(
        ["git", "log", "-1", "--format=%an%x09%aI", f"{ref1}..{ref2}", "--", folder],
        cwd=root,
        capture_output=True,
        text=True,
    )
    name, _, date = done.stdout.strip().partition("\t")
    if not name:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%an%x09%aI", ref2], cwd=root, capture_output=True, text=True
        )
        name, _, date = done.stdout.strip().partition("\t")
    stamp = dt.datetime.fromisoformat(date).astimezone(dt.UTC) if date else dt.datetime.now(dt.UTC)
    return name or "zhifa", stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(path: Path, root: Path, standard: str, ref1: str, ref2: str, on: dt.date) -> str:
    """Write the standard (``standard``: its index docname) as ``ref2`` has it, with the changes since ``ref1``
    as revisions. Returns the title. Raises subprocess.CalledProcessError for a version git cannot read."""
    with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
        old_repo = compare.checkout(root, ref1, Path(t1))
        new_repo = compare.checkout(root, ref2, Path(t2))
        old, new = _chapters(old_repo, standard, on), _chapters(new_repo, standard, on)
        title = new_repo.docs[standard].title if standard in new_repo.docs else standard
    rev = Revisions(*_author(root, ref1, ref2, standard))
    doc = Document()
    section = doc.sections[0]
    layout.portrait(section)
    layout.page_number(section)
    doc.core_properties.title = title
    doc.core_properties.subject = f"修订稿（{ref1} → {ref2}）"
    settings = doc.settings.element
    if settings.find(qn("w:trackRevisions")) is None:  # further edits by a reviewer are tracked too
        settings.append(OxmlElement("w:trackRevisions"))
    para(doc, title.strip("《》"), TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, f"（修订稿：{ref1} → {ref2}，修改处以修订标记显示）", KAI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
    old_by_id = {c.id: c for _, clauses in old for c in clauses}
    new_ids = {c.id for _, clauses in new for c in clauses}
    old_order = [c.id for _, clauses in old for c in clauses]
    for label, clauses in new:
        doc.add_paragraph()
        para(doc, label, HEI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
        doc.add_paragraph()
        for c in clauses:
            # clauses the new version no longer prints (repealed) are shown deleted where they stood
            if c.id in old_by_id:
                for gone in _dropped_before(c.id, old_order, new_ids):
                    _clause(doc, rev, old_by_id[gone], None)
            _clause(doc, rev, old_by_id.get(c.id), c)
    trailing = [i for i in old_order if i not in new_ids and not _placed(i, old_order, new_ids)]
    for gone in trailing:
        _clause(doc, rev, old_by_id[gone], None)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return title


def _dropped_before(cid: str, old_order: list[str], new_ids: set[str]) -> list[str]:
    """The clauses dropped since the old version that stood right before ``cid`` there."""
    k = old_order.index(cid)
    out = []
    while k > 0 and old_order[k - 1] not in new_ids:
        k -= 1
        out.insert(0, old_order[k])
    return out


def _placed(cid: str, old_order: list[str], new_ids: set[str]) -> bool:
    """A dropped clause is placed before the next old clause that the new version still prints."""
    return any(i in new_ids for i in old_order[old_order.index(cid) + 1 :])
