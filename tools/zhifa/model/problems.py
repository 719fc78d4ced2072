"""One problem found in the content: where, what, and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.model.policy import escaped


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int
    message: str
    hint: str = ""
    # "error" fails `check` and the build; "warning" is reported but never fails anything
    kind: str = "error"

    def __str__(self) -> str:
        return f"{escaped(self.path)}:{self.line}: {self.text}"

    @property
    def text(self) -> str:
        """The message and what to do, as one sentence pair (no doubled full stop); warnings say so."""
        said = f"{self.message.rstrip('。')}。处理：{self.hint}" if self.hint else self.message
        return escaped(f"警告：{said}" if self.kind == "warning" else said)  # never a bidi override on a terminal
