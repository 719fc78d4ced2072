"""修改理由: why each clause changed, kept in a committed file rather than in commit messages (a squash merge
rewrites those). ``changes/reasons.yaml`` is a list of entries::

    - id: CL-XXXXXX
      reason: 采纳某单位意见：……
      source: 征求意见/某单位      # optional

One clause may have several entries. ``zhifa release`` moves the pending entries into
``releases/reasons/vYYYY.N.yaml`` (the same format) and leaves ``changes/reasons.yaml`` empty, so each
release keeps the reasons of the changes it publishes and the next amendment starts afresh. The reasons of a
comparison ref1 → ref2 are the entries ref2 holds (archived and pending) that ref1 did not hold yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from zhifa.model import yamlfile
from zhifa.model.problems import Problem

FOLDER = "changes"
FILE = f"{FOLDER}/reasons.yaml"
ARCHIVE_DIR = "releases/reasons"
HEADER = (
    "# 修改理由：每处修改一项，发布（zhifa release）时移入 releases/reasons/ 下该发布的文件。\n"
    "# 格式：\n"
    "# - id: CL-XXXXXX            # 被修改、新增、废止或移动的条款 ID\n"
    "#   reason: 采纳某单位意见：……  # 修改理由（必填）\n"
    "#   source: 征求意见/某单位     # 来源（可选）\n"
)
FIX = "每项写成“- id: 条款ID”“reason: 修改理由”（可选“source: 来源”），参照文件开头的说明"


@dataclass(frozen=True)
class Reason:
    id: str
    reason: str
    source: str = ""
    path: str = FILE
    line: int = 1

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.id, self.reason, self.source)

    def shown(self) -> str:
        return self.reason + (f"（来源：{self.source}）" if self.source else "")


def parse(text: str, path: str, problems: list[Problem] | None = None) -> list[Reason]:
    """The entries of one reasons file; malformed ones are left out and, with ``problems``, reported."""
    found: list[Problem] = []
    out: list[Reason] = []
    try:
        root = yamlfile.compose(text)
    except yamlfile.YamlError as exc:
        found.append(Problem(path, exc.line, f"修改理由文件有 YAML 语法错误：{exc.message}", FIX))
        root = None
    if root is not None and not isinstance(root, yaml.SequenceNode):
        found.append(Problem(path, root.start_mark.line + 1, "修改理由文件应是列表（每项以 - id: 开头）", FIX))
        root = None
    for node in root.value if root is not None else []:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            found.append(Problem(path, line, "每项修改理由应是“键: 值”的映射（以 - id: 开头）", FIX))
            continue
        values = {str(k.value): (yamlfile.plain(v), v.start_mark.line + 1) for k, v in node.value}
        unknown = sorted(set(values) - {"id", "reason", "source"})
        for key in unknown:
            found.append(Problem(path, values[key][1], f"修改理由中没有“{key}”这一项", "只写 id、reason 和 source"))
        cid, reason, source = (values.get(k, (None, line)) for k in ("id", "reason", "source"))
        if not isinstance(cid[0], str) or not cid[0].strip():
            found.append(Problem(path, cid[1], "修改理由缺少条款 ID（id）", FIX))
            continue
        if not isinstance(reason[0], str) or not reason[0].strip():
            found.append(Problem(path, reason[1], f"{cid[0].strip()} 的修改理由（reason）是空的", "写明为什么修改"))
            continue
        if source[0] is not None and not isinstance(source[0], str):
            found.append(Problem(path, source[1], "来源（source）应是一行文字", FIX))
            continue
        out.append(Reason(cid[0].strip(), reason[0].strip(), (source[0] or "").strip(), path, line))
    if problems is not None:
        problems.extend(found)
    return out


def read(root: Path, problems: list[Problem] | None = None) -> list[Reason]:
    """Every entry a tree holds: the archived ones (oldest release first) and the pending ones."""
    root = Path(root)
    out = []
    for path in sorted((root / ARCHIVE_DIR).glob("v*.yaml"), key=lambda p: _release_key(p.stem)):
        out += parse(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix(), problems)
    out += pending(root, problems)
    return out


def pending(root: Path, problems: list[Problem] | None = None) -> list[Reason]:
    path = Path(root) / FILE
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        if problems is not None:
            problems.append(Problem(FILE, 1, "修改理由文件不是 UTF-8 编码", "用 UTF-8 重新保存"))
        return []
    return parse(text, FILE, problems)


def between(old_root: Path, new_root: Path) -> dict[str, list[Reason]]:
    """{clause id: reasons} that the newer tree holds and the older did not (by content, so archiving at a
    release moves an entry without making it new)."""
    seen = Counter(r.key for r in read(old_root))
    out: dict[str, list[Reason]] = {}
    for r in read(new_root):
        if seen[r.key]:
            seen[r.key] -= 1
            continue
        out.setdefault(r.id, []).append(r)
    return out


def by_release(root: Path) -> dict[str, dict[str, list[Reason]]]:
    """{release tag or "": {clause id: reasons}}: each release's archived reasons; "" holds the pending ones."""
    root = Path(root)
    out: dict[str, dict[str, list[Reason]]] = {}
    for path in (root / ARCHIVE_DIR).glob("v*.yaml"):
        for r in parse(path.read_text(encoding="utf-8"), path.name):
            out.setdefault(path.stem, {}).setdefault(r.id, []).append(r)
    for r in pending(root):
        out.setdefault("", {}).setdefault(r.id, []).append(r)
    return out


def archive(root: Path, tag: str) -> list[str]:
    """At a release: the pending entries move to releases/reasons/<tag>.yaml (the file is copied as written,
    comments included) and changes/reasons.yaml keeps only its header comments (no entries).
    Returns the paths written."""
    root = Path(root)
    path = root / FILE
    if not pending(root):
        return []
    target = root / ARCHIVE_DIR / f"{tag}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.write_text(HEADER, encoding="utf-8")  # no entries: the next one is simply written below
    return [FILE, target.relative_to(root).as_posix()]


def _release_key(tag: str) -> tuple[int, int]:
    year, _, n = tag.lstrip("v").partition(".")
    return (int(year), int(n)) if year.isdigit() and n.isdigit() else (0, 0)
