"""The one way the project reads the JSON files people may hand-edit or hand over (the release registry, the
review lock, release manifests, published banks): decoding errors become ``JsonFileError`` with a line, never a
traceback, and ``key_line`` finds where a key is written (for ``file:line`` messages)."""

from __future__ import annotations

import json
from pathlib import Path


class JsonFileError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def load(path: Path) -> object:
    """The decoded file; raises JsonFileError (not UTF-8, not JSON, unreadable)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise JsonFileError(1, f"文件不是 UTF-8 编码的文本（第 {exc.start} 字节）") from exc
    except OSError as exc:
        raise JsonFileError(1, f"无法读取文件：{exc.strerror}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFileError(exc.lineno, f"JSON 格式错误（{exc.msg}，第 {exc.colno} 列）") from exc
    except (ValueError, RecursionError) as exc:
        raise JsonFileError(1, "JSON 无法读取（嵌套过深或数值过大）") from exc


def key_line(path: Path, key: str, default: int = 1) -> int:
    """The first line of ``path`` on which ``"key"`` is written as a key."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return default
    needle = json.dumps(key, ensure_ascii=False)
    return next((k for k, t in enumerate(lines, 1) if needle in t), default)
