"""`zhifa pin` in a layered repository: the questions are reviewed against the merged standard's texts, and the
pins go into this layer's own quizzes/review.lock (the merge adds the layers' locks up, this layer's winning).

A question of a base layer keeps its reviewer and date in the base's bank, which this layer never edits: the
review is recorded here by its pin alone, and the report says so."""

from __future__ import annotations

from pathlib import Path

from zhifa.amend import review_lock
from zhifa.bank import quiz
from zhifa.model.repo import Repository


def pin(root: Path, merged: Repository, items: list, ids: set[str] | None, named: list[str], reviewer: str, on):
    """Pin in the merged tree, then keep in ``root``'s lock its own pins, the changed and the named ones."""
    own_items = quiz.load(root)[0]
    local = {q.id for q in quiz.flatten(own_items)}
    before = review_lock.read(root)
    changed = review_lock.pin(merged, items, ids)
    after = review_lock.read(merged.root)
    keep = set(before["questions"]) | set(changed) | set(named) | (set(after["questions"]) if ids is None else set())
    review_lock.write(
        root,
        {"questions": {q: p for q, p in after["questions"].items() if q in keep}, "texts": after["texts"]},
    )
    mine = [q for q in named if q in local]
    lines = review_lock.report(root, own_items, [q for q in changed if q in local], mine, reviewer, on)
    for qid in [q for q in named if q not in local]:
        state = "已按本层合并后的条文重新固定指纹" if qid in changed else "所考查条款的文本未变，指纹原本就是最新的"
        lines.append(f"  {qid}：上级规范的试题，{state}；审核记录在本层的 {review_lock.LOCK_FILE} 中（不改上级的题库）")
    return lines
