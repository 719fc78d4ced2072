"""A clause's text as readers see it: its 款 (MyST paragraphs) and 项 (list items, numbered （一）（二）… as in
legal texts) as separate paragraphs, references shown as numbers, emphasis markup removed. The whole-standard
.docx, the 对照表 in every format and `verify` all read it from here; mapped() also says where each shown character
stands in the source, so a reviewer's edit of the shown text can be carried back
into the Markdown (`zhifa feedback apply`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhifa.model import numbering
from zhifa.model.myst import ROLE
from zhifa.model.outline import resolve

MARKUP = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
ITEM = re.compile(r"^(?:(?P<n>\d+)[.、]|[-*+])\s+")
# Where a printed character comes from: an offset into the paragraph's joined source, or a generated span
# (start, end) such as a resolved reference or an item marker.
Source = int | tuple[int, int]


@dataclass
class Printed:
    text: str
    src: list[Source]  # one per character of text
    lines: list[int]  # indices into the body of the source lines of this paragraph
    cols: list[tuple[int, int]]  # per offset of the joined source: (body line index, column)

    @property
    def source_length(self) -> int:
        return len(self.cols)


def _sub(pattern: re.Pattern, text: str, src: list[Source], repl) -> tuple[str, list[Source]]:
    """``pattern`` replaced in ``text``, keeping the source map: ``repl(m)`` returns a string (generated, mapped
    to the whole match) or an int (keep that group's characters with their own sources)."""
    out, out_src, pos = [], [], 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        out_src.extend(src[pos : m.start()])
        r = repl(m)
        if isinstance(r, int):
            g = r if m.group(r) is not None else r + 1
            out.append(m.group(g))
            out_src.extend(src[m.start(g) : m.end(g)])
        else:
            first, last = src[m.start()], src[m.end() - 1]
            span = (first if isinstance(first, int) else first[0], (last + 1) if isinstance(last, int) else last[1])
            out.append(r)
            out_src.extend([span] * len(r))
        pos = m.end()
    out.append(text[pos:])
    out_src.extend(src[pos:])
    return "".join(out), out_src


def mapped(body: list[str], labels: dict[str, str], here: str) -> list[Printed]:
    """paragraphs(), each with where its characters stand in ``body`` (for carrying an edit back)."""
    groups: list[list[int]] = []
    current: list[int] = []
    for k, line in enumerate([*body, ""]):
        item = ITEM.match(line.strip())
        if (not line.strip() or item) and current:
            groups.append(current)
            current = []
        if line.strip():
            current.append(k)
    out = []
    for lines in groups:
        joined, cols = [], []
        for k in lines:
            raw = body[k]
            start = len(raw) - len(raw.lstrip())
            stripped = raw.strip()
            joined.append(stripped)
            cols.extend((k, start + c) for c in range(len(stripped)))
        text = "".join(joined)
        src: list[Source] = list(range(len(text)))
        item = ITEM.match(text)
        if item:
            marker = f"（{numbering.chinese(int(item['n']))}）" if item["n"] else ""
            text, src = marker + text[item.end() :], [(0, item.end())] * len(marker) + src[item.end() :]
        text, src = _sub(ROLE, text, src, lambda m: resolve(m.group(0), labels, here))
        text, src = _sub(MARKUP, text, src, lambda m: 1)
        out.append(Printed(text, src, lines, cols))
    return out


def edits(printed: Printed, new: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The reviewer's change of one printed paragraph as edits of its joined source: [(start, end, text)],
    and what could not be carried back (a change inside a reference or an item marker, or across emphasis)."""
    import difflib

    old, src = printed.text, printed.src
    out, refused = [], []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i1 == i2:  # insertion: next to a character of the source
            if i1 < len(old) and isinstance(src[i1], int):
                at = src[i1]
            elif i1 > 0:
                prev = src[i1 - 1]
                at = prev + 1 if isinstance(prev, int) else prev[1]
            elif i1 < len(old):
                at = src[i1][0]
            else:
                at = 0
            out.append((at, at, new[j1:j2]))
            continue
        span = src[i1:i2]
        plain = all(isinstance(s, int) for s in span) and span[-1] - span[0] == i2 - i1 - 1
        if not plain:
            refused.append(f"“{old[i1:i2]}”→“{new[j1:j2]}”")
            continue
        out.append((span[0], span[-1] + 1, new[j1:j2]))
    return out, refused


def apply(body: list[str], printed: Printed, changes: list[tuple[int, int, str]]) -> list[str]:
    """``body`` with ``changes`` (edits of ``printed``'s joined source, from edits()) made in its lines."""
    body = list(body)
    n = printed.source_length
    for start, end, text in sorted(changes, reverse=True):
        if start < n:
            l1, c1 = printed.cols[start]
        else:
            l1 = printed.lines[-1]
            c1 = len(body[l1].rstrip())
        if end > start:  # just after the last replaced character, so no line break is swallowed
            l2, c2 = printed.cols[end - 1]
            c2 += 1
        else:
            l2, c2 = l1, c1
        body[l1] = body[l1][:c1] + text + body[l2][c2:]
        del body[l1 + 1 : l2 + 1]
    return body


def paragraphs(body: list[str], labels: dict[str, str], here: str) -> list[str]:
    """MyST paragraphs and list items as plain text paragraphs, references shown as their numbers;
    a numbered item becomes （一）（二）…, as items are numbered in legal texts."""
    return [p.text for p in mapped(body, labels, here)]
