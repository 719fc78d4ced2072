"""The mock-exam blueprint (quizzes/blueprint.yaml): composition by type and scope, points, duration,
pass mark. Checked against the reviewed questions that exist, so a blueprint can always be drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zhifa.model import metamodel, yamlfile

BLUEPRINT_FILE = "quizzes/blueprint.yaml"


@dataclass
class Lines:
    """Where each part of the blueprint is written (1-based), for reporting a problem at its own line."""

    mapping: int = 1
    keys: dict[str, int] = field(default_factory=dict)
    sections: list[int] = field(default_factory=list)
    section_keys: list[dict[str, int]] = field(default_factory=list)

    def of(self, key: str) -> int:
        return self.keys.get(key, self.mapping)

    def section(self, k: int) -> int:
        """Line of the k-th section (from 1)."""
        return self.sections[k - 1] if k <= len(self.sections) else self.of("sections")

    def in_section(self, k: int, key: str) -> int:
        keys = self.section_keys[k - 1] if k <= len(self.section_keys) else {}
        return keys.get(key, self.section(k))


def _key_lines(node: yaml.Node) -> dict[str, int]:
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _lines(node: yaml.Node | None) -> Lines:
    if not isinstance(node, yaml.MappingNode):
        return Lines(node.start_mark.line + 1 if node is not None else 1)
    lines = Lines(node.start_mark.line + 1, _key_lines(node))
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "sections" and isinstance(v, yaml.SequenceNode):
            lines.sections = [s.start_mark.line + 1 for s in v.value]
            lines.section_keys = [_key_lines(s) if isinstance(s, yaml.MappingNode) else {} for s in v.value]
    return lines


def _positive(value, whole: bool = False) -> bool:
    return isinstance(value, int if whole else (int, float)) and not isinstance(value, bool) and value > 0


def load(root: Path) -> tuple[dict | None, list[tuple[int, str, str]]]:
    """The blueprint as plain data (exactly what yaml.safe_load gives: it is published in the site) and its
    problems as (line, message, hint)."""
    data, problems, _ = load_with_lines(root)
    return data, problems


def load_with_lines(root: Path) -> tuple[dict | None, list[tuple[int, str, str]], Lines]:
    """Like ``load``, plus where each key and section is written."""
    path = Path(root) / BLUEPRINT_FILE
    if not path.is_file():
        return None, [], Lines()
    types = metamodel.load(root).drawn_types  # a paper draws these (the metamodel's question types)
    try:
        data, node = yamlfile.load(path.read_text(encoding="utf-8"))  # node tree keeps lines
    except UnicodeDecodeError:
        return None, [(1, "考试蓝图不是 UTF-8 编码", "用 UTF-8 重新保存")], Lines()
    except yamlfile.YamlError as exc:
        return None, [(exc.line, f"考试蓝图 YAML 有语法错误：{exc.message}", "检查缩进和冒号")], Lines()
    lines = _lines(node)
    problems = []
    if not isinstance(data, dict):
        return None, [(lines.mapping, "考试蓝图应是“键: 值”的映射", "参照默认蓝图的写法")], lines
    for key in ("name", "duration", "pass", "total", "sections"):
        if key not in data:
            problems.append((lines.mapping, f"考试蓝图缺少 {key}", "补上该项"))
    for key in ("duration", "pass", "total"):
        if key in data and not _positive(data[key]):
            problems.append((lines.of(key), f"考试蓝图的 {key} 应为正数，而不是“{data[key]}”", "填写数字"))
    sections = data.get("sections")
    if "sections" in data and not (isinstance(sections, list) and sections):
        problems.append(
            (lines.of("sections"), "考试蓝图的 sections 应是各部分的列表", "每部分写 - type: … count: … points: …")
        )
        sections = []
    total = 0
    for k, s in enumerate(sections or [], 1):
        if not isinstance(s, dict) or s.get("type") not in types:
            problems.append((lines.section(k), f"第 {k} 部分的题型应为{'、'.join(types)}之一", "改正 type"))
            continue
        count, points = s.get("count"), s.get("points")
        bad = [
            (key, what)
            for key, what, ok in (
                ("count", "正整数（题数）", _positive(count, whole=True)),
                ("points", "正数（每题分值）", _positive(points)),
            )
            if not ok
        ]
        for key, what in bad:
            written = f"，而不是“{s[key]}”" if key in s else "（缺少该项）"
            problems.append(
                (lines.in_section(k, key), f"第 {k} 部分（{s['type']}）的 {key} 应为{what}{written}", f"改正 {key}")
            )
        if bad:
            continue
        for scope in ("standards", "chapters"):
            if scope in s and not (isinstance(s[scope], list) and all(isinstance(x, str) for x in s[scope])):
                problems.append(
                    (lines.in_section(k, scope), f"第 {k} 部分的 {scope} 应是名称列表", f"写成 {scope}: [名称, …]")
                )
        total += count * points
    if problems:
        return None, problems, lines
    if total != data["total"]:
        problems.append(
            (lines.of("total"), f"各部分分值之和为 {total}，与满分 {data['total']} 不一致", "调整题数或每题分值")
        )
    if data["pass"] > data["total"]:
        problems.append((lines.of("pass"), f"及格分 {data['pass']} 不能高于满分 {data['total']}", "改正 pass"))
    return data, problems, lines


def in_scope(section: dict, question: dict) -> bool:
    """Whether a published question may be drawn for a section (type, and standard/chapter if given)."""
    if question["type"] != section["type"] or not question["reviewed"]:
        return False
    if section.get("standards") and not any(d.split("/")[1] in section["standards"] for d in question["docs"]):
        return False
    if section.get("chapters") and not any(d in section["chapters"] for d in question["docs"]):
        return False
    return True
