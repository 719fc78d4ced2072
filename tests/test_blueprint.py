"""The exam blueprint (quizzes/blueprint.yaml): each problem is reported at its own line, and the data
published in the site stays exactly what the YAML says."""

from __future__ import annotations

import pytest
import yaml

from conftest import make_repo, zhifa
from zhifa.bank import blueprint

FILE = blueprint.BLUEPRINT_FILE

# The fixture bank holds 3 reviewed 单选 and 2 reviewed 判断 questions. Two comment lines first, so that
# "line 1" is never right by accident.
GOOD = """\
# 测试蓝图
# 满分 5 分
name: 测试考试
duration: 30
pass: 3
total: 5
shuffle: true
sections:
  - type: 单选
    count: 3
    points: 1
  - type: 判断
    count: 2
    points: 1
"""


def _with(tmp_path, text: str):
    repo = make_repo(tmp_path / "repo")
    (repo / FILE).write_text(text, encoding="utf-8")
    return repo


def _edit(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def test_a_good_blueprint_passes(tmp_path):
    result = zhifa("--root", str(_with(tmp_path, GOOD)), "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_published_blueprint_is_what_the_yaml_says(tmp_path):
    text = GOOD.replace("    points: 1\n  - type: 判断", "    points: 1\n    standards: [demo]\n  - type: 判断", 1)
    data, problems = blueprint.load(_with(tmp_path, text))
    assert problems == []
    assert data == yaml.safe_load(text)  # no line numbers or other extra keys
    assert type(data["total"]) is int and type(data["sections"][0]["points"]) is int and data["shuffle"] is True
    assert list(data) == ["name", "duration", "pass", "total", "shuffle", "sections"]


CASES = {
    "missing key": (_edit("pass: 3\n", ""), 3, "考试蓝图缺少 pass"),
    "bad duration": (_edit("duration: 30", "duration: 半小时"), 4, "duration 应为正数"),
    "bad pass": (_edit("pass: 3", "pass: 0"), 5, "pass 应为正数"),
    "bad total": (_edit("total: 5", "total: -5"), 6, "total 应为正数"),
    "sections not a list": (GOOD.split("sections:")[0] + "sections: 单选\n", 8, "sections 应是各部分的列表"),
    "bad section type": (_edit("type: 判断", "type: 填空"), 12, "第 2 部分的题型应为单选、多选、判断之一"),
    "section not a mapping": (GOOD + "  - 单选\n", 15, "第 3 部分的题型"),
    "bad count": (_edit("count: 2", "count: 1.5"), 13, "第 2 部分（判断）的 count 应为正整数"),
    "missing points": (
        _edit("    points: 1\n  - type: 判断", "  - type: 判断"),
        9,
        "points 应为正数（每题分值）（缺少该项）",
    ),
    "bad points": (
        _edit("points: 1\n  - type: 判断", "points: 一分\n  - type: 判断"),
        11,
        "第 1 部分（单选）的 points",
    ),
    "bad scope": (
        _edit("    count: 2\n", "    count: 2\n    standards: demo\n"),
        14,
        "第 2 部分的 standards 应是名称列表",
    ),
    "sum mismatch": (_edit("total: 5", "total: 6"), 6, "各部分分值之和为 5，与满分 6 不一致"),
    "pass above total": (_edit("pass: 3", "pass: 8"), 5, "及格分 8 不能高于满分 5"),
    "too few questions": (
        _edit("count: 2\n    points: 1", "count: 5\n    points: 1").replace("total: 5", "total: 8"),
        12,
        "第 2 部分需要 5 道已审核的判断题，题库中只有 2 道",
    ),
    "syntax error": (_edit("duration: 30", "duration: 30: 分钟"), 4, "YAML 有语法错误"),
    "not a mapping": ("# 注释\n\n- name: 测试考试\n", 3, "考试蓝图应是“键: 值”的映射"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_blueprint_problem_is_reported_at_its_own_line(tmp_path, case):
    text, line, fragment = CASES[case]
    result = zhifa("--root", str(_with(tmp_path, text)), "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    mine = [ln for ln in result.stdout.splitlines() if ln.startswith(f"{FILE}:")]
    assert any(ln.startswith(f"{FILE}:{line}: ") and fragment in ln for ln in mine), "\n".join(mine)
    assert not any(ln.startswith(f"{FILE}:1: ") for ln in mine), "\n".join(mine)


def test_each_bad_key_of_a_section_has_its_line(tmp_path):
    text = _edit("count: 3\n    points: 1", "count: 0\n    points: 0")
    data, problems = blueprint.load(_with(tmp_path, text))
    assert data is None
    assert [(line, "count" in m, "points" in m) for line, m, _ in problems] == [(10, True, False), (11, False, True)]


# --- Quotas within a section (issue 23): so many questions per standard, chapter or difficulty ---


def _quotas(quotas: str) -> str:
    return _edit("    count: 3\n    points: 1\n", "    count: 3\n    points: 1\n    quotas:\n" + quotas)


QUOTA_CASES = {
    "quotas not a list": (
        _edit("    count: 3\n    points: 1\n", "    count: 3\n    points: 1\n    quotas: 3\n"),
        12,
        "第 1 部分的 quotas 应是配额的列表",
    ),
    "quota without count": (
        _quotas("      - difficulty: 1\n"),
        13,
        "第 1 部分的第 1 项配额的 count 应为正整数（缺少该项）",
    ),
    "quota without scope": (_quotas("      - count: 1\n"), 13, "第 1 部分的第 1 项配额没有限定范围"),
    "quota unknown key": (
        _quotas("      - count: 1\n        level: 2\n"),
        14,
        "第 1 部分的第 1 项配额不认识的项“level”",
    ),
    "quota bad difficulty": (_quotas("      - count: 1\n        difficulty: 难\n"), 14, "difficulty 应为难度"),
    "quota bad standards": (_quotas("      - count: 1\n        standards: demo\n"), 14, "standards 应是名称列表"),
    "quotas above the section": (
        _quotas("      - count: 2\n        difficulty: 1\n      - count: 2\n        difficulty: 2\n"),
        12,
        "第 1 部分的配额共 4 题，超过该部分的 3 题",
    ),
    "section unknown key": (_edit("    count: 2\n", "    count: 2\n    quota: 1\n"), 14, "第 2 部分不认识的项“quota”"),
    "top unknown key": (_edit("shuffle: true\n", "shuffle: true\nshufle: false\n"), 8, "考试蓝图不认识的项“shufle”"),
    # the fixture bank's reviewed 单选: two of difficulty 1, one of difficulty 2
    "quota cannot be met": (
        _quotas("      - count: 2\n        difficulty: [2]\n"),
        13,
        "需要 2 道已审核的试题，只能保证 1 道，差 1 道",
    ),
    "overlapping quotas cannot be met": (
        _quotas("      - count: 2\n        difficulty: [1, 2]\n      - count: 1\n        difficulty: 1\n"),
        15,
        "第 1 部分（单选）的第 2 项配额（difficulty 1）需要 1 道已审核的试题，只能保证 0 道，差 1 道",
    ),
}


@pytest.mark.parametrize("case", QUOTA_CASES)
def test_a_quota_problem_is_reported_at_its_own_line(tmp_path, case):
    text, line, fragment = QUOTA_CASES[case]
    result = zhifa("--root", str(_with(tmp_path, text)), "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    mine = [ln for ln in result.stdout.splitlines() if ln.startswith(f"{FILE}:")]
    assert any(ln.startswith(f"{FILE}:{line}: ") and fragment in ln for ln in mine), "\n".join(mine)


def test_quotas_that_can_be_met_pass_and_are_published_as_written(tmp_path):
    text = _quotas("      - count: 1\n        difficulty: 1\n      - count: 2\n        standards: [demo]\n")
    repo = _with(tmp_path, text)
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    data, problems = blueprint.load(repo)
    assert problems == [] and data == yaml.safe_load(text)
