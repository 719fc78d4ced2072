"""The questions of a repealed clause leave the bank without being deleted: ``zhifa retire CL-…`` sets
``review: 停用`` on every question (and 案例分析 sub-question) that tests the clause. A 停用 question is never
drawn for practice, exams or papers, nor exported (bank.rules.reviewed), and keeps its ID, its place in the
bank file and its versions in the release archives, so old attempt files still score.

In a layered repository (issue 26) the clause is looked up in the merged standard and only the layer's own
questions are edited (in its own files): a base clause in force is the base's to repeal, and one that does not
apply here is marked 不适用 in layers.yaml instead."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.amend import bankedit
from zhifa.bank import quiz, rules
from zhifa.model import layers
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
    record = layers.record(repo.root)  # a layered repository's merged standard
    mine = None if record is None else {i for i, o in record["origins"].items() if o == layers.ADDED}
    if mine is not None and clause_id not in mine and not clause.value("repealed"):
        raise RetireError(
            f"条款 {clause_id}（{clause.title}）是上级规范的条款，只有上级规范能废止它。本县不适用该条的，"
            f"请在 {layers.LAYERS_FILE} 的 excluded 中写“{clause_id}: 不适用的理由”（条款留在原处、标为不适用，"
            "考查它的上级试题随之不用）；本县措辞不同的，写在 overrides 中"
        )
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
        if clause_id not in tests or rules.retired(q) or (mine is not None and q.id not in mine):
            continue  # a base question is the base's to retire
        edits.append((q, "review", rules.RETIRED))
        out.append(Retired(q.id, f"{q.path}:{q.line}", [c for c in tests if c != clause_id]))
    bankedit.set_fields(layers.home(repo.root) or repo.root, edits)  # the layer's own files, never the merged copy
    return out
