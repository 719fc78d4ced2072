"""The standards outline on a date: standard → chapter → clause, with each clause's status, number and name.

Built from plain data, so the checker (from the repository) and the Sphinx build (from its environment)
compute it the same way. Only the clauses whose status is in ``numbered`` get an article number (条文序号
只给施行中的条款; a 征求意见稿 numbers drafts and pending clauses as they would be once adopted); numbers
run on across a standard's chapters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zhifa.model import numbering, status
from zhifa.model.myst import ROLE

# One clause as the outline needs it: (id, {"effective": …, "repealed": …, "draft": …}).
ClauseDates = tuple[str, Mapping[str, object]]
# One standard: (index docname, title, [(chapter docname, chapter title, [ClauseDates, …]), …]).
StandardInput = tuple[str, str, Sequence[tuple[str, str, Sequence[ClauseDates]]]]
IN_FORCE = ("current",)


@dataclass
class Chapter:
    doc: str
    title: str
    number: int
    standard: Standard = field(repr=False)
    clauses: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{numbering.chapter(self.number)} {self.title}"


@dataclass
class Standard:
    doc: str
    title: str
    chapters: list[Chapter] = field(default_factory=list)


def law_name(law: str, article: int) -> str:
    """《行政处罚法》第五十四条: how a law article is named everywhere."""
    return f"《{law.removeprefix('中华人民共和国')}》{numbering.article(int(article))}"


def clause_name(number: str, title: str, status_label: str, standard: str = "") -> str:
    """How a clause is named wherever it is cited: 第三条, or its 条旨 and status when it has no number
    (目的（草案）); ``standard`` (《…》) in front when cited from elsewhere."""
    return standard + (number or f"{title}（{status_label}）")


class Outline:
    def __init__(self, standards: Sequence[StandardInput], on: dt.date, numbered: Sequence[str] = IN_FORCE):
        self.on, self.numbered = on, tuple(numbered)
        self._input = standards
        self.standards: list[Standard] = []
        self.state: dict[str, str] = {}
        self.article: dict[str, int] = {}
        self.chapter_of: dict[str, Chapter] = {}
        self._dates: dict[str, Mapping[str, object]] = {}
        self._eves: dict[dt.date, Outline] = {}
        for doc, title, chapters in standards:
            std = Standard(doc, title)
            per_chapter = []
            for k, (cdoc, ctitle, clauses) in enumerate(chapters):
                chapter = Chapter(cdoc, ctitle, k + 1, std, [cid for cid, _ in clauses])
                std.chapters.append(chapter)
                for cid, dates in clauses:
                    self.state[cid] = status.of(dates, on)
                    self.chapter_of[cid] = chapter
                    self._dates[cid] = dates
                per_chapter.append([(cid, self.state[cid] in self.numbered) for cid, _ in clauses])
            articles, _ = numbering.assign(per_chapter)
            self.article.update(articles)
            self.standards.append(std)

    def number(self, cid: str) -> str:
        """第X条, or "" for a clause that has no number on this date."""
        return numbering.article(self.article[cid]) if cid in self.article else ""

    def last_number(self, cid: str) -> str:
        """The number a repealed clause had the day before its 废止日期 ("" if it had none)."""
        if self.state.get(cid) != "repealed":
            return ""
        day = status.parse_date(str(self._dates[cid].get("repealed") or ""))
        if day is None:
            return ""
        eve = day - dt.timedelta(days=1)
        if eve not in self._eves:
            self._eves[eve] = Outline(self._input, eve, self.numbered)
        return self._eves[eve].number(cid)

    def standard_of(self, cid: str) -> Standard | None:
        chapter = self.chapter_of.get(cid)
        return chapter.standard if chapter else None

    def label(self, cid: str, title: str, status_label: str) -> str:
        """《规范》第X条 (or 《规范》条旨（状态）): a clause named with its standard, as exports and tables show it."""
        std = self.standard_of(cid)
        return clause_name(self.number(cid), title, status_label, std.title if std else "")


def from_repository(repo, on: dt.date, numbered: Sequence[str] = IN_FORCE) -> Outline:
    """The outline of a loaded repository (the checker's view: no Sphinx)."""
    by_doc: dict[str, list] = {}
    article = repo.model.role("article")
    for o in repo.objects:
        if o.type == article:
            by_doc.setdefault(o.docname, []).append((o.id, {k: o.value(k) for k in ("effective", "repealed", "draft")}))
    standards = []
    for std in repo.standards():
        chapters = [(doc, repo.docs[doc].title or "", by_doc.get(doc, [])) for doc in repo.chapters(std)]
        standards.append((std, repo.docs[std].title or std, chapters))
    return Outline(standards, on, numbered)


def clause_labels(repo, on: dt.date) -> tuple[dict[str, str], dict[str, list[str]]]:
    """{clause or law id: how it is named with its standard or law (《规范》第X条, 《行政处罚法》第X条)},
    {clause id: [standard title, 第X章 name]}, both read from the one outline."""
    tree = from_repository(repo, on)
    labels, where = {}, {}
    article, law = repo.model.role("article"), repo.model.role("law_article")
    for o in repo.objects:
        if o.type == article and o.id in tree.chapter_of:
            labels[o.id] = tree.label(o.id, o.title, repo.model.status_label(tree.state[o.id]))
            chapter = tree.chapter_of[o.id]
            where[o.id] = [chapter.standard.title.strip("《》"), chapter.label]
        elif o.type == law and (o.value("article") or "").isascii() and (o.value("article") or "").isdigit():
            labels[o.id] = law_name(o.value("law") or "", int(o.value("article")))
    return labels, where


def resolve(text: str, labels: dict[str, str], here: str = "") -> str:
    """References as their numbers; ``here`` (a standard's 《title》) is left out for its own clauses,
    as the site shows them (第三条 rather than 《规范》第三条)."""

    def label(m):
        found = labels.get(m.group("target").strip(), m.group("target"))
        return found.removeprefix(here) if here and found.startswith(here) and found != here else found

    return ROLE.sub(label, text)
