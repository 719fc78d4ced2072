"""The question bank's facts, computed once: each question's record (answer normalised, options as shown),
whether it may be published, and its own version.

The site's bank, the checker, the exports (GIFT, Moodle XML, Anki), papers and results all read these;
none of them interprets an answer or the review state on its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable

from zhifa.bank import quiz

REVIEWED = "已审核"
RETIRED = "停用"  # set by `zhifa retire` when the clauses a question tests are repealed
TRUE, FALSE = "正确", "错误"
# Every spelling a 判断 answer may take in the YAML, and what it means (YAML's true/false are kept as text).
JUDGEMENT = {"正确": TRUE, "错误": FALSE, "true": TRUE, "false": FALSE}
JUDGEMENT_OPTIONS = [[TRUE, TRUE], [FALSE, FALSE]]


def answer(q: quiz.Item) -> list[str]:
    """The key, normalised: ["正确"] or ["错误"] for 判断, the option letters otherwise ([] if unreadable)."""
    if q.qtype == "判断":
        found = JUDGEMENT.get(str(q.get("answer")).strip().lower())
        return [found] if found else []
    return quiz.answer_letters(q)


def options(q: quiz.Item) -> list[list[str]]:
    """[[letter, text], …] as a trainee sees them; a 判断 question's are 正确 and 错误."""
    if q.qtype == "判断":
        return [list(o) for o in JUDGEMENT_OPTIONS]
    given = q.get("options")
    return [[str(k), str(v)] for k, v in given.items()] if isinstance(given, dict) else []


def is_set(q: quiz.Item) -> bool:
    """A 案例分析 set (material and sub-questions), not a question answered itself: the item that holds
    ``questions`` (the metamodel's qtype ``sets`` say which type names one; the checker matches the two)."""
    return q.parent is None and q.get("questions") is not None


def right(key: list[str], chosen: list[str]) -> bool:
    """Scored all-or-nothing (as the site's ``same``): the options chosen are exactly the key, in any order;
    ``key`` and ``chosen`` are the bank's letters (正确/错误 for 判断), never the letters a paper showed."""
    return sorted(chosen) == sorted(key)


def reviewed(q: quiz.Item) -> bool:
    """Reviewed, and (for a sub-question) its 案例分析 set reviewed too: only then may it be published."""
    if q.review()[0] != REVIEWED:
        return False
    return q.parent is None or q.parent.review()[0] == REVIEWED


def retired(q: quiz.Item) -> bool:
    """停用 (by `zhifa retire`, or its 案例分析 set is): kept with its ID and history, never drawn or exported."""
    return q.review()[0] == RETIRED or (q.parent is not None and q.parent.review()[0] == RETIRED)


def difficulty(q: quiz.Item) -> int | None:
    """The question's 难度 1-5 as written (a sub-question without one takes its set's); None if not valid
    (the checker reports it)."""
    d = str(q.get("difficulty") or (q.parent.get("difficulty") if q.parent is not None else "") or "")
    return int(d) if d.isascii() and d.isdigit() and 1 <= int(d) <= 5 else None


def record(q: quiz.Item) -> dict:
    """A question as every output reads it; ``v`` is its own version (see ``version``)."""
    out = {
        "id": q.id,
        "type": q.qtype,
        "stem": str(q.get("stem") or q.get("material") or ""),
        "material": str(q.parent.get("material") or "") if q.parent is not None else "",
        "options": options(q),
        "answer": answer(q),
        "explanation": str(q.get("explanation") or ""),
        "tests": q.list_of("tests"),
        "parent": q.parent.id if q.parent is not None else None,
        "tags": [str(t) for t in q.get("tags")] if isinstance(q.get("tags"), list) else [],
        "reviewed": reviewed(q),
        "retired": retired(q),
        "set": is_set(q),
        "difficulty": difficulty(q),
    }
    out["v"] = version(out)
    return out


def version(rec: dict) -> str:
    """A digest of what a trainee sees and is scored on (type, material, stem, options, answer, 解析 as
    written): unchanged by moving or renumbering clauses, changed by any edit of the question itself."""
    face = [rec["type"], rec["material"], rec["stem"], rec["options"], rec["answer"], rec["explanation"]]
    return hashlib.sha256(json.dumps(face, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def publishable(rec: dict, state_of: Callable[[str], str | None]) -> bool:
    """Drawn for practice and exams and exported: a reviewed question (not a 案例分析 set itself) that
    tests no repealed clause. ``state_of`` gives a clause's status key on the build date."""
    return not rec["set"] and rec["reviewed"] and all(state_of(c) != "repealed" for c in rec["tests"])


def records(items: Iterable[quiz.Item]) -> list[dict]:
    """Every question and sub-question of the bank files, in file order."""
    return [record(q) for q in quiz.flatten(list(items))]
