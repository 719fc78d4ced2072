"""The question bank outside Sphinx (for exports and papers): reviewed questions with their 解析
references resolved to current numbers, computed from the repository by the same numbering rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhifa.bank import quiz, rules
from zhifa.model import outline, status
from zhifa.model.outline import clause_labels, resolve
from zhifa.model.repo import Repository


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
    v: str = ""  # the question's own version (core.rules.version)


def questions(repo: Repository, on: dt.date | None = None) -> list[Question]:
    """The questions the site publishes (core.bank's rule), with 解析 references as current numbers."""
    on = on or status.build_date()
    labels, where = clause_labels(repo, on)
    tree = outline.from_repository(repo, on)
    out = []
    for rec in rules.records(quiz.of(repo)[0]):
        if not rules.publishable(rec, tree.state.get):
            continue
        tests = rec["tests"]
        out.append(
            Question(
                id=rec["id"],
                type=rec["type"],
                stem=rec["stem"],
                material=rec["material"],
                options=[(k, v) for k, v in rec["options"]] if rec["type"] != "判断" else [],
                answer=rec["answer"],
                explanation=resolve(rec["explanation"], labels),
                tags=rec["tags"],
                category=where.get(tests[0], ["其他", "其他"]) if tests else ["其他", "其他"],
                clauses=tests,
                v=rec["v"],
            )
        )
    return out
