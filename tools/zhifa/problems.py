"""One problem found in the content: where, what, and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f"。处理：{self.hint}" if self.hint else ""
        return f"{self.path}:{self.line}: {self.message}{hint}"
