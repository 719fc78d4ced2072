"""Small edits of question-bank YAML as legal staff would make them by hand: one ``key: value`` line of a
question set or added, everything else in the file (comments, order, quoting) left exactly as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from zhifa.bank import quiz

PLAIN = re.compile(r"^[\w\u4e00-\u9fff（）·-][\w\u4e00-\u9fff（）· .-]*$")


def _scalar(value: str) -> str:
    """A value as YAML: plain when it is safe to read back as the same text, else double-quoted."""
    return value if PLAIN.match(value) and not value.endswith(" ") else json.dumps(value, ensure_ascii=False)


def set_fields(root: Path, edits: list[tuple[quiz.Item, str, str]]) -> None:
    """Apply (question, key, value) edits: an existing ``key:`` line of the question gets the new value; a
    missing key is added right after the question's ``id:`` line, aligned with it."""
    by_file: dict[str, list[tuple[quiz.Item, str, str]]] = {}
    for q, key, value in edits:
        by_file.setdefault(q.path, []).append((q, key, value))
    for rel, items in by_file.items():
        path = Path(root) / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        inserts: list[tuple[int, str]] = []
        for q, key, value in items:
            if key in q.values:
                k = q.line_of(key) - 1
                lines[k] = re.sub(rf"^(\s*(?:-\s+)?{re.escape(key)}:\s*).*$", lambda m: m.group(1), lines[k])
                lines[k] += _scalar(value)
            else:
                k = q.line_of("id") - 1
                col = lines[k].index("id:")
                inserts.append((k + 1, " " * col + f"{key}: {_scalar(value)}"))
        for k, text in sorted(inserts, reverse=True):
            lines.insert(k, text)
        path.write_text("\n".join(lines), encoding="utf-8")
