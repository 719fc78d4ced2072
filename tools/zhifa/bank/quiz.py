"""The question bank: YAML files under quizzes/, read with line numbers so every problem can be
reported as path:line. A 案例分析 set holds its material and sub-questions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zhifa.model import yamlfile

QUIZ_DIR = "quizzes"
NOT_BANKS = {"blueprint.yaml"}  # quizzes/ also holds the exam blueprint
KEYS = {
    "id",
    "type",
    "stem",
    "material",
    "options",
    "answer",
    "explanation",
    "tests",
    "law",
    "case",
    "difficulty",
    "tags",
    "review",
    "reviewer",
    "reviewed",
    "questions",
}


@dataclass
class Item:
    """One question (or one 案例分析 set) as written: each value with the line it is on."""

    path: str
    line: int
    values: dict[str, tuple[object, int]]
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)

    def get(self, key: str, default=None):
        v = self.values.get(key)
        return v[0] if v is not None else default

    def line_of(self, key: str) -> int:
        return self.values.get(key, (None, self.line))[1]

    @property
    def id(self) -> str:
        return str(self.get("id") or "")

    @property
    def qtype(self) -> str:
        return str(self.get("type") or "")

    def review(self) -> tuple[object, object, object]:
        """Review state, reviewer and date; a sub-question takes its set's when it gives none."""
        src = self if self.get("review") is not None or self.parent is None else self.parent
        return src.get("review"), src.get("reviewer"), src.get("reviewed")

    def list_of(self, key: str) -> list[str]:
        v = self.get(key)
        if v is None:
            return []
        items = v if isinstance(v, list) else str(v).replace("，", ",").split(",")
        return [str(x).strip() for x in items if str(x).strip()]


def _item(path: str, node: yaml.Node, parent: Item | None, problems: list) -> Item | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append((path, line, "每道题应是“键: 值”的映射（以 - id: 开头）", "参照题库中其他试题的写法"))
        return None
    values = {str(k.value): (yamlfile.plain(v), v.start_mark.line + 1) for k, v in node.value}
    item = Item(path, line, values, parent)
    for k, v in node.value:
        if k.value == "questions" and isinstance(v, yaml.SequenceNode):
            item.children = [c for c in (_item(path, n, item, problems) for n in v.value) if c]
    return item


def load_file(path: Path, rel: str) -> tuple[list[Item], list[tuple[str, int, str, str]]]:
    problems: list[tuple[str, int, str, str]] = []
    try:
        root = yamlfile.compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [], [(rel, 1, "题库文件不是 UTF-8 编码", "用 UTF-8 重新保存")]
    except yamlfile.YamlError as exc:
        return [], [
            (rel, exc.line, f"题库 YAML 有语法错误：{exc.message}", "检查缩进、冒号和引号；含冒号的文字请用引号括起")
        ]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [(rel, 1, "题库文件应是试题列表（每题以 - id: 开头）", "参照其他题库文件的写法")]
    items = [i for i in (_item(rel, n, None, problems) for n in root.value) if i]
    return items, problems


def bank_files(root: Path) -> list[Path]:
    folder = Path(root) / QUIZ_DIR
    return [p for p in sorted(folder.rglob("*.yaml")) if p.name not in NOT_BANKS] if folder.is_dir() else []


def of(repository, parsed: dict | None = None) -> tuple[list[Item], list[tuple[str, int, str, str]]]:
    """The bank of a loaded repository, read once however many checks and commands ask for it (``parsed``:
    as for ``load``)."""
    if getattr(repository, "_quiz", None) is None:
        repository._quiz = load(repository.root, parsed)
    return repository._quiz


def load(root: Path, parsed: dict | None = None) -> tuple[list[Item], list[tuple[str, int, str, str]]]:
    """Every bank file read. ``parsed`` ({path: (key, what load_file gave)}, from an earlier load, e.g. the
    previous build's checker) is reused for files whose bytes are unchanged, and updated in place; the items it
    hands out are shared, so nothing may change them."""
    items, problems = [], []
    files = {path.relative_to(root).as_posix(): path for path in bank_files(root)}
    for rel, path in files.items():
        if parsed is None:
            got, bad = load_file(path, rel)
        else:
            key = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            hit = parsed.get(rel)
            if hit is None or hit[0] != key:
                hit = parsed[rel] = (key, load_file(path, rel))
            got, bad = hit[1]
        items += got
        problems += bad
    for rel in set(parsed or ()) - set(files):
        del parsed[rel]  # a file deleted or renamed
    return items, problems


def flatten(items: list[Item]) -> list[Item]:
    """Every question object: each set and each of its sub-questions."""
    out = []
    for i in items:
        out.append(i)
        out += i.children
    return out


def answer_letters(item: Item) -> list[str]:
    a = item.get("answer")
    if isinstance(a, list):
        return [str(x).strip().upper() for x in a]
    return [c for c in str(a or "").strip().upper() if c.isalpha()]
