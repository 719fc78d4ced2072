"""The fingerprint of a clause's text: one normalisation, shared by the question re-review gate and
the release manifest, so whitespace-only edits and renumbering never count as a change."""

from __future__ import annotations

import hashlib
import re

SPACE = re.compile(r"\s+")


def normalise(title: str, body: list[str] | str) -> str:
    """Title and body with all whitespace removed (Chinese text carries no meaning in spacing).
    References stay as written ({clause}`ID`), so renumbering leaves the text unchanged."""
    text = body if isinstance(body, str) else "\n".join(body)
    return SPACE.sub("", f"{title}｜{text}")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inline_diff(old: str, new: str, context: int = 12) -> str:
    """A one-line character diff: [-deleted-]{+added+} with a little context around each change."""
    import difflib

    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            seg = old[a1:a2]
            out.append(seg if len(seg) <= 2 * context else f"{seg[:context]}…{seg[-context:]}")
            continue
        if a2 > a1:
            out.append(f"[-{old[a1:a2]}-]")
        if b2 > b1:
            out.append(f"{{+{new[b1:b2]}+}}")
    return "".join(out)
