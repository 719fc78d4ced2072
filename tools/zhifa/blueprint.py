"""The mock-exam blueprint (quizzes/blueprint.yaml): composition by type and scope, points, duration,
pass mark. Checked against the reviewed questions that exist, so a blueprint can always be drawn."""

from __future__ import annotations

from pathlib import Path

import yaml

BLUEPRINT_FILE = "quizzes/blueprint.yaml"
TYPES = ("单选", "多选", "判断")


def load(root: Path) -> tuple[dict | None, list[tuple[int, str, str]]]:
    path = Path(root) / BLUEPRINT_FILE
    if not path.is_file():
        return None, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [((mark.line + 1) if mark else 1, "考试蓝图 YAML 有语法错误", "检查缩进和冒号")]
    problems = []
    if not isinstance(data, dict):
        return None, [(1, "考试蓝图应是“键: 值”的映射", "参照默认蓝图的写法")]
    for key in ("name", "duration", "pass", "total", "sections"):
        if key not in data:
            problems.append((1, f"考试蓝图缺少 {key}", "补上该项"))
    for key in ("duration", "pass", "total"):
        if key in data and not (isinstance(data[key], (int, float)) and not isinstance(data[key], bool) and data[key] > 0):
            problems.append((1, f"考试蓝图的 {key} 应为正数，而不是“{data[key]}”", "填写数字"))
    sections = data.get("sections")
    if "sections" in data and not (isinstance(sections, list) and sections):
        problems.append((1, "考试蓝图的 sections 应是各部分的列表", "每部分写 - type: … count: … points: …"))
        sections = []
    total = 0
    for k, s in enumerate(sections or [], 1):
        if not isinstance(s, dict) or s.get("type") not in TYPES:
            problems.append((1, f"第 {k} 部分的题型应为单选、多选或判断", "改正 type"))
            continue
        count, points = s.get("count"), s.get("points")
        if not (isinstance(count, int) and not isinstance(count, bool) and count > 0
                and isinstance(points, (int, float)) and not isinstance(points, bool) and points > 0):
            problems.append((1, f"第 {k} 部分（{s['type']}）的 count 和 points 应为正数", "改正 count 和 points"))
            continue
        for scope in ("standards", "chapters"):
            if scope in s and not (isinstance(s[scope], list) and all(isinstance(x, str) for x in s[scope])):
                problems.append((1, f"第 {k} 部分的 {scope} 应是名称列表", f"写成 {scope}: [名称, …]"))
        total += count * points
    if problems:
        return None, problems
    if total != data["total"]:
        problems.append((1, f"各部分分值之和为 {total}，与满分 {data['total']} 不一致", "调整题数或每题分值"))
    if data["pass"] > data["total"]:
        problems.append((1, f"及格分 {data['pass']} 不能高于满分 {data['total']}", "改正 pass"))
    return data, problems


def in_scope(section: dict, question: dict) -> bool:
    """Whether a published question may be drawn for a section (type, and standard/chapter if given)."""
    if question["type"] != section["type"] or not question["reviewed"]:
        return False
    if section.get("standards") and not any(d.split("/")[1] in section["standards"] for d in question["docs"]):
        return False
    if section.get("chapters") and not any(d in section["chapters"] for d in question["docs"]):
        return False
    return True
