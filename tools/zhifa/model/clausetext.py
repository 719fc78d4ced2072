"""A clause's text as readers see it: its 款 (MyST paragraphs) and 项 (list items, numbered （一）（二）… as in
legal texts) as separate paragraphs, references shown as numbers, emphasis markup removed. The whole-standard
.docx, the 对照表 in every format and `verify` all read it from here."""

from __future__ import annotations

import re

from zhifa.model import numbering
from zhifa.model.outline import resolve

MARKUP = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
ITEM = re.compile(r"^(?:(?P<n>\d+)[.、]|[-*+])\s+")


def paragraphs(body: list[str], labels: dict[str, str], here: str) -> list[str]:
    """MyST paragraphs and list items as plain text paragraphs, references shown as their numbers;
    a numbered item becomes （一）（二）…, as items are numbered in legal texts."""
    out, current = [], []
    for line in [*body, ""]:
        item = ITEM.match(line.strip())
        if (not line.strip() or item) and current:
            text = resolve("".join(current), labels, here)
            out.append(MARKUP.sub(lambda m: m.group(1) or m.group(2), text))
            current = []
        if item:
            marker = f"（{numbering.chinese(int(item['n']))}）" if item["n"] else ""
            current.append(marker + line.strip()[item.end() :])
        elif line.strip():
            current.append(line.strip())
    return out
