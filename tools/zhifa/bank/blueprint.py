"""The mock-exam blueprint (quizzes/blueprint.yaml): composition by type and scope, points, duration,
pass mark, and quotas within a section (so many questions per standard, chapter or difficulty, like Moodle's
"random questions from a category"). Checked against the reviewed questions that exist, so a blueprint can
always be drawn.

A section's ``quotas`` are drawn first, in the order written, each from the section's questions that match
it (``standards``, ``chapters``, ``difficulty``: all that are given); the rest of the section's ``count``
comes from its whole scope. bank/paper.py and static/zhifa-exam.js draw it the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zhifa.model import metamodel, yamlfile

BLUEPRINT_FILE = "quizzes/blueprint.yaml"
# The blueprint's schema: every key a trainer may write, at each level (anything else is reported).
KEYS = ("name", "duration", "pass", "total", "shuffle", "sections")
SECTION_KEYS = ("type", "count", "points", "standards", "chapters", "quotas")
QUOTA_KEYS = ("count", "standards", "chapters", "difficulty")
SCOPES = ("standards", "chapters")


@dataclass
class Lines:
    """Where each part of the blueprint is written (1-based), for reporting a problem at its own line."""

    mapping: int = 1
    keys: dict[str, int] = field(default_factory=dict)
    sections: list[int] = field(default_factory=list)
    section_keys: list[dict[str, int]] = field(default_factory=list)
    quotas: list[list[int]] = field(default_factory=list)  # per section, the line of each quota
    quota_keys: list[list[dict[str, int]]] = field(default_factory=list)

    def of(self, key: str) -> int:
        return self.keys.get(key, self.mapping)

    def section(self, k: int) -> int:
        """Line of the k-th section (from 1)."""
        return self.sections[k - 1] if k <= len(self.sections) else self.of("sections")

    def in_section(self, k: int, key: str) -> int:
        keys = self.section_keys[k - 1] if k <= len(self.section_keys) else {}
        return keys.get(key, self.section(k))

    def quota(self, k: int, j: int, key: str | None = None) -> int:
        """Line of the j-th quota of the k-th section (both from 1), or of its ``key``."""
        lines = self.quotas[k - 1] if k <= len(self.quotas) else []
        if j > len(lines):
            return self.in_section(k, "quotas")
        return self.quota_keys[k - 1][j - 1].get(key, lines[j - 1]) if key else lines[j - 1]


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
            for s in v.value:
                quotas = _quota_nodes(s)
                lines.quotas.append([q.start_mark.line + 1 for q in quotas])
                lines.quota_keys.append([_key_lines(q) if isinstance(q, yaml.MappingNode) else {} for q in quotas])
    return lines


def _quota_nodes(section: yaml.Node) -> list[yaml.Node]:
    if isinstance(section, yaml.MappingNode):
        for k, v in section.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "quotas" and isinstance(v, yaml.SequenceNode):
                return list(v.value)
    return []


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
    if data is None:  # only comments (a new repository's blueprint, `zhifa init`): no mock exam yet
        return None, [], lines
    if not isinstance(data, dict):
        return None, [(lines.mapping, "考试蓝图应是“键: 值”的映射", "参照默认蓝图的写法")], lines
    for key in ("name", "duration", "pass", "total", "sections"):
        if key not in data:
            problems.append((lines.mapping, f"考试蓝图缺少 {key}", "补上该项"))
    problems += _unknown(data, KEYS, lines.of, "考试蓝图")
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
        for scope in SCOPES:
            if scope in s and not (isinstance(s[scope], list) and all(isinstance(x, str) for x in s[scope])):
                problems.append(
                    (lines.in_section(k, scope), f"第 {k} 部分的 {scope} 应是名称列表", f"写成 {scope}: [名称, …]")
                )
        problems += _unknown(s, SECTION_KEYS, lambda key, k=k: lines.in_section(k, key), f"第 {k} 部分")
        problems += _quota_problems(s, k, lines)
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


def _unknown(mapping: dict, keys: tuple[str, ...], line, where: str) -> list[tuple[int, str, str]]:
    return [
        (line(key), f"{where}不认识的项“{key}”", f"可以写的项：{'、'.join(keys)}；检查拼写")
        for key in mapping
        if key not in keys
    ]


def _quota_problems(s: dict, k: int, lines: Lines) -> list[tuple[int, str, str]]:
    """A section's quotas: a list of {count, and standards / chapters / difficulty}, counts within the section's."""
    if "quotas" not in s:
        return []
    quotas = s["quotas"]
    if not (isinstance(quotas, list) and quotas):
        return [
            (
                lines.in_section(k, "quotas"),
                f"第 {k} 部分的 quotas 应是配额的列表",
                "每项写 - count: 题数 和 standards / chapters / difficulty 之一",
            )
        ]
    problems = []
    for j, quota in enumerate(quotas, 1):
        where = f"第 {k} 部分的第 {j} 项配额"
        if not isinstance(quota, dict):
            problems.append((lines.quota(k, j), f"{where}应是“键: 值”的映射", "写成 count: 题数 和范围"))
            continue
        problems += _unknown(quota, QUOTA_KEYS, lambda key, j=j: lines.quota(k, j, key), where)
        if not _positive(quota.get("count"), whole=True):
            written = f"，而不是“{quota['count']}”" if "count" in quota else "（缺少该项）"
            problems.append((lines.quota(k, j, "count"), f"{where}的 count 应为正整数{written}", "填写题数"))
        if not any(key in quota for key in (*SCOPES, "difficulty")):
            problems.append(
                (lines.quota(k, j), f"{where}没有限定范围", "写 standards、chapters 或 difficulty（至少一项）")
            )
        for scope in SCOPES:
            if scope in quota and not (
                isinstance(quota[scope], list) and quota[scope] and all(isinstance(x, str) for x in quota[scope])
            ):
                problems.append(
                    (lines.quota(k, j, scope), f"{where}的 {scope} 应是名称列表", f"写成 {scope}: [名称, …]")
                )
        if "difficulty" in quota and not (levels(quota) and all(_positive(d, whole=True) for d in levels(quota))):
            problems.append(
                (
                    lines.quota(k, j, "difficulty"),
                    f"{where}的 difficulty 应为难度（正整数）或其列表",
                    "如 difficulty: 3 或 difficulty: [2, 3]",
                )
            )
    wanted = sum(q["count"] for q in quotas if isinstance(q, dict) and _positive(q.get("count"), whole=True))
    if not problems and _positive(s.get("count"), whole=True) and wanted > s["count"]:
        problems.append(
            (
                lines.in_section(k, "quotas"),
                f"第 {k} 部分的配额共 {wanted} 题，超过该部分的 {s['count']} 题",
                "减少配额题数或增加该部分题数",
            )
        )
    return problems


def levels(quota: dict) -> list:
    """A quota's difficulty levels (written as one number or a list)."""
    d = quota.get("difficulty")
    return d if isinstance(d, list) else [d]


def matches(quota: dict, question: dict) -> bool:
    """Whether a question (already in its section's scope) counts for a quota."""
    if quota.get("standards") and not any(d.split("/")[1] in quota["standards"] for d in question["docs"]):
        return False
    if quota.get("chapters") and not any(d in quota["chapters"] for d in question["docs"]):
        return False
    return "difficulty" not in quota or question.get("difficulty") in levels(quota)


def shortfalls(data: dict, questions: list[dict]) -> list[tuple[int, int, int, int]]:
    """(section k, quota j, needed, available) for each quota that some seed could not fill, counting in the
    worst case the questions earlier quotas of the section may take from it (both from 1)."""
    out = []
    for k, s in enumerate(data["sections"], 1):
        pools: list[tuple[dict, set[str]]] = []
        for j, quota in enumerate(s.get("quotas") or [], 1):
            mine = {q["id"] for q in questions if in_scope(s, q) and matches(quota, q)}
            taken = sum(min(earlier["count"], len(ids & mine)) for earlier, ids in pools)
            if len(mine) - taken < quota["count"]:
                out.append((k, j, quota["count"], max(len(mine) - taken, 0)))
            pools.append((quota, mine))
    return out


def in_scope(section: dict, question: dict) -> bool:
    """Whether a published question may be drawn for a section (type, and standard/chapter if given)."""
    if question["type"] != section["type"] or not question["reviewed"]:
        return False
    if section.get("standards") and not any(d.split("/")[1] in section["standards"] for d in question["docs"]):
        return False
    if section.get("chapters") and not any(d in section["chapters"] for d in question["docs"]):
        return False
    return True
