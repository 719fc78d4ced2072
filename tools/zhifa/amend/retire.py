"""The questions of a repealed clause leave the bank without being deleted: ``zhifa retire CL-…`` sets
``review: 停用`` on every question (and 案例分析 sub-question) that tests the clause. A 停用 question is never
drawn for practice, exams or papers, nor exported (bank.rules.reviewed), and keeps its ID, its place in the
bank file and its versions in the release archives, so old attempt files still score."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.amend import bankedit
from zhifa.bank import quiz, rules
from zhifa.model.repo import Repository


class RetireError(Exception):
    pass


@dataclass
class Retired:
    id: str
    where: str  # path:line
    also: list[str]  # other clauses the question tests (still in force)


def retire(repo: Repository, clause_id: str) -> list[Retired]:
    """Set 停用 on the questions testing ``clause_id`` (a clause with :repealed:); returns what changed."""
    index = repo.by_id()
    clause = index.get(clause_id)
    if clause is None or clause.type != repo.model.role("article"):
        raise RetireError(f"{clause_id} 不是本仓库的条款 ID：请写出已废止条款的 ID（条款 :id: 一行的值）")
    if not clause.value("repealed"):
        raise RetireError(
            f"条款 {clause_id}（{clause.title}）没有废止日期：请先在 {clause.path}:{clause.line} 的条款中填写 "
            ":repealed: 废止日期 和 :amended_by: 修订依据，再运行本命令"
        )
    items, problems = quiz.of(repo)
    if problems:
        path, line, message, _ = problems[0]
        raise RetireError(f"{path}:{line}: {message}。请先改正题库文件（zhifa check）")
    out, edits = [], []
    for q in quiz.flatten(items):
        tests = q.list_of("tests")
        if clause_id not in tests or rules.retired(q):
            continue
        edits.append((q, "review", rules.RETIRED))
        out.append(Retired(q.id, f"{q.path}:{q.line}", [c for c in tests if c != clause_id]))
    bankedit.set_fields(repo.root, edits)
    return out
