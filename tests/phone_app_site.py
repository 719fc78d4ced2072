"""The fixture site of the drill-app tests: the mini repository plus the drill pages, a small blueprint and a
generated bank of reviewed questions over two chapters (enough for a paper), built with the real Sphinx build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, make_repo, sphinx_build

CLAUSES = ["CL-AAAAA2", "CL-AAAAA3", "CL-AAAAA5"]  # general.md, filing.md, filing.md
BLUEPRINT = """name: 测试模拟考试
duration: 30
pass: 60
total: 100
shuffle: true
sections:
  - type: 单选
    count: 6
    points: 5
  - type: 多选
    count: 4
    points: 10
  - type: 判断
    count: 6
    points: 5
"""


def _question(k: int, kind: str, stem_note: str = "") -> str:
    clause = CLAUSES[k % len(CLAUSES)]
    head = f"- id: Q-APP{k:03d}\n  type: {kind}\n  stem: 第 {k} 题：关于立案和执法人员，下列说法{stem_note}正确的是？\n"
    if kind == "判断":
        body = f"  answer: {'正确' if k % 2 else '错误'}\n"
    else:
        body = (
            "  options:\n    A: 应当及时立案\n    B: 执法人员不得少于两人\n"
            "    C: 可以一人执法\n    D: 可以年底统一立案\n"
        )
        body += "  answer: A\n" if kind == "单选" else "  answer: [A, B]\n"
    return (
        head
        + body
        + (
            f"  explanation: 见 {{clause}}`{clause}`。\n  tests: [{clause}]\n  difficulty: {k % 5 + 1}\n"
            "  review: 已审核\n  reviewer: 王审核\n  reviewed: 2026-01-10\n\n"
        )
    )


def questions(stem_note: str = "") -> str:
    kinds = ["单选"] * 14 + ["多选"] * 8 + ["判断"] * 12
    return "".join(_question(k + 1, kind, stem_note) for k, kind in enumerate(kinds))


def make_app_repo(dest: Path) -> Path:
    repo = make_repo(dest)
    shutil.copytree(ROOT / "drill", repo / "drill")
    index = repo / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("glossary/index\n", "glossary/index\ndrill/index\n"), encoding="utf-8"
    )
    (repo / "quizzes" / "blueprint.yaml").write_text(BLUEPRINT, encoding="utf-8")
    (repo / "quizzes" / "app.yaml").write_text(questions(), encoding="utf-8")
    (repo / "quizzes" / "app.md").write_text("# 题库：练习应用\n\n```{questions} app.yaml\n```\n", encoding="utf-8")
    qindex = repo / "quizzes" / "index.md"
    qindex.write_text(qindex.read_text(encoding="utf-8").replace("demo\n", "demo\napp\n", 1), encoding="utf-8")
    lock = json.loads((repo / "quizzes" / "review.lock").read_text(encoding="utf-8"))
    by_clause = {c: h for q in lock["questions"].values() for c, h in q.items()}
    for k in range(1, 35):
        clause = CLAUSES[k % len(CLAUSES)]
        lock["questions"][f"Q-APP{k:03d}"] = {clause: by_clause[clause]}
    (repo / "quizzes" / "review.lock").write_text(json.dumps(lock, ensure_ascii=False, indent=1), encoding="utf-8")
    return repo


def build(repo: Path, out: Path) -> Path:
    result = sphinx_build(repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out
