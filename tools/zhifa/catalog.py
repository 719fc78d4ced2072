"""The question bank outside Sphinx (for exports and papers): reviewed questions with their 解析
references resolved to current numbers, computed from the repository by the same numbering rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import numbering, quiz, status
from .myst import ROLE
from .repo import Repository


@dataclass
class Question:
    id: str
    type: str
    stem: str
    material: str
    options: list[tuple[str, str]]
    answer: list[str]
    explanation: str
    tags: list[str]
    category: list[str]  # [standard, chapter]
    clauses: list[str]


# clauses not in force carry no number (条文序号只给施行中的条款)
UNNUMBERED = {"draft": "（草案，暂不编号）", "pending": "（未施行，暂不编号）", "repealed": "（已废止）"}


def clause_labels(repo: Repository, on: dt.date) -> tuple[dict[str, str], dict[str, list[str]]]:
    """{clause id: 《规范》第X条}, {clause id: [standard title, 第X章 name]} for clauses in chapters."""
    labels, where, state_of = {}, {}, {}
    for std in repo.standards():
        title = repo.docs[std].title or std
        chapters = repo.chapters(std)
        per_chapter = []
        for doc in chapters:
            clauses = [o for o in repo.objects if o.docname == doc and o.type == "clause"]
            states = {o.id: status.compute(o.value("effective"), o.value("repealed"), o.value("draft"), on)
                      for o in clauses}
            state_of.update(states)
            per_chapter.append([(o.id, states[o.id] == "current") for o in clauses])
        articles, chapter_no = numbering.assign(per_chapter)
        for k, (doc, clauses) in enumerate(zip(chapters, per_chapter)):
            chapter = f"{numbering.chapter(chapter_no[k])} {repo.docs[doc].title}"
            for cid, _ in clauses:
                labels[cid] = title + (numbering.article(articles[cid]) if cid in articles else UNNUMBERED[state_of[cid]])
                where[cid] = [title.strip("《》"), chapter]
    for o in repo.objects:
        if o.type == "law" and (o.value("article") or "").isdigit():
            labels[o.id] = f"《{(o.value('law') or '').removeprefix('中华人民共和国')}》{numbering.article(int(o.value('article')))}"
    return labels, where


def resolve(text: str, labels: dict[str, str], here: str = "") -> str:
    """References as their numbers; ``here`` (a standard's 《title》) is left out for its own clauses,
    as the site shows them (第三条 rather than 《规范》第三条)."""
    def label(m):
        found = labels.get(m.group("target").strip(), m.group("target"))
        return found.removeprefix(here) if here and found.startswith(here) and found != here else found
    return ROLE.sub(label, text)


def questions(repo: Repository, on: dt.date | None = None) -> list[Question]:
    on = on or status.build_date()
    labels, where = clause_labels(repo, on)
    items, _ = quiz.load(repo.root)
    out = []
    for q in quiz.flatten(items):
        if q.qtype == "案例分析" or q.review()[0] != "已审核":
            continue
        options = q.get("options") if isinstance(q.get("options"), dict) else {}
        answer = [str(q.get("answer")).strip()] if q.qtype == "判断" else quiz.answer_letters(q)
        tests = q.list_of("tests")
        out.append(Question(
            id=q.id, type=q.qtype, stem=str(q.get("stem") or ""),
            material=str(q.parent.get("material") or "") if q.parent is not None else "",
            options=[(str(k), str(v)) for k, v in options.items()], answer=answer,
            explanation=resolve(str(q.get("explanation") or ""), labels),
            tags=[str(t) for t in (q.get("tags") or [])] if isinstance(q.get("tags"), list) else [],
            category=where.get(tests[0], ["其他", "其他"]) if tests else ["其他", "其他"], clauses=tests))
    return out
