"""One source per fact: the site's bank, a paper, GIFT, Moodle XML, Anki and results agree on which
questions exist and on every answer, for a fixture with the awkward cases (every accepted spelling of a
判断 answer, a reviewed sub-question under a draft set, draft and pending clauses, a moved clause); and an
attempt file made before a clause moved is still scored after the rebuild."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import make_repo, zhifa
from zhifa.bank import paper

AWKWARD = """
- id: Q-PAR001
  type: 判断
  stem: 执法人员不得少于两人（写作 true）。
  answer: true
  explanation: 见 {clause}`CL-AAAAA2`。
  tests: [CL-AAAAA2]
  difficulty: 1
  review: 已审核
  reviewer: 王审核
  reviewed: 2026-01-10

- id: Q-PAR002
  type: 判断
  stem: 一名执法人员即可单独调查（写作 false）。
  answer: false
  explanation: 见 {clause}`CL-AAAAA2`。
  tests: [CL-AAAAA2]
  difficulty: 1
  review: 已审核
  reviewer: 王审核
  reviewed: 2026-01-10

- id: Q-PAR003
  type: 判断
  stem: 符合立案标准的应当及时立案（写作 True）。
  answer: True
  explanation: 见 {clause}`CL-AAAAA3`。
  tests: [CL-AAAAA3]
  difficulty: 1
  review: 已审核
  reviewer: 王审核
  reviewed: 2026-01-10

- id: Q-PAR004
  type: 判断
  stem: 制定本规范是为了规范执法（写作 正确）。
  answer: 正确
  explanation: 见 {clause}`CL-AAAAA1`。
  tests: [CL-AAAAA1]
  difficulty: 1
  review: 已审核
  reviewer: 王审核
  reviewed: 2026-01-10

- id: Q-PAR005
  type: 案例分析
  material: 某局尚在编写的案例（草案）。
  tests: [CL-AAAAA3]
  difficulty: 2
  review: 草案
  questions:
    - id: Q-PAR006
      type: 单选
      stem: 已审核的小题，但所属案例仍是草案：不得发布。
      options:
        A: 应当及时立案
        B: 不必立案
      answer: A
      explanation: 见 {clause}`CL-AAAAA3`。
      tests: [CL-AAAAA3]
      review: 已审核
      reviewer: 王审核
      reviewed: 2026-01-10
"""

BLUEPRINT = """name: 一致性测试
duration: 30
pass: 60
total: 100
shuffle: true
sections:
  - type: 单选
    count: 2
    points: 10
  - type: 判断
    count: 5
    points: 16
"""


def awkward_repo(dest: Path) -> Path:
    root = make_repo(dest)
    bank = root / "quizzes/demo.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + AWKWARD, encoding="utf-8")
    (root / "quizzes/blueprint.yaml").write_text(BLUEPRINT, encoding="utf-8")
    pinned = zhifa("--root", str(root), "pin", "--all")
    assert pinned.returncode == 0, pinned.stderr
    return root


def build(root: Path, out: Path) -> dict:
    result = zhifa("--root", str(root), "build", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "zhifa-bank.json").read_text(encoding="utf-8"))


def move_clause_to_another_chapter(root: Path) -> None:
    """CL-AAAAA2 (执法人员) moves from 总则 to the end of 立案: its number and chapter change."""
    general, filing = root / "standards/demo/general.md", root / "standards/demo/filing.md"
    text = general.read_text(encoding="utf-8")
    start = text.index("```{clause} 执法人员")
    block = text[start : text.index("```\n", text.index("\n\n", start)) + 4]
    general.write_text(text.replace(block, ""), encoding="utf-8")
    filing.write_text(filing.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + block, encoding="utf-8")


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("awkward")
    root = awkward_repo(tmp / "repo")
    check = zhifa("--root", str(root), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    site = tmp / "site"
    bank = build(root, site)
    exports = tmp / "exports"
    for fmt, name in (("moodle", "bank.xml"), ("gift", "bank.gift"), ("anki", "bank.apkg")):
        made = zhifa("--root", str(root), "export", "--format", fmt, "-o", str(exports / name))
        assert made.returncode == 0, made.stderr
    return root, site, bank, exports


def site_answers(bank: dict) -> dict[str, list[str]]:
    """The site's key of every question it may draw, as option texts (letters differ between formats)."""
    out = {}
    for q in bank["questions"]:
        if q["reviewed"]:
            text = dict((k, v) for k, v in q["options"])
            out[q["id"]] = sorted(text[a] for a in q["answer"])
    return out


def test_every_output_agrees_on_which_questions_exist_and_their_answers(awkward, tmp_path):
    from pygiftparser import parser

    root, site, bank, exports = awkward
    expected = site_answers(bank)
    # the awkward cases, as the site publishes them
    assert expected["Q-PAR001"] == ["正确"] and expected["Q-PAR002"] == ["错误"]
    assert expected["Q-PAR003"] == ["正确"] and expected["Q-PAR004"] == ["正确"]
    assert "Q-PAR006" not in expected and "Q-AAAAA3" not in expected  # draft set's sub-question; a draft
    index = json.loads((site / "zhifa-bank-index.json").read_text(encoding="utf-8"))
    assert {row[0] for row in index["questions"] if row[2]} == set(expected)

    # Moodle XML, read by lxml: the option with fraction 100 (or every positive one) is the key
    moodle = {}
    for q in etree.parse(str(exports / "bank.xml")).getroot().findall("question"):
        if q.get("type") == "category":
            continue
        right = [a.findtext("text") for a in q.findall("answer") if float(a.get("fraction")) > 0]
        moodle[q.findtext("idnumber")] = sorted({"true": "正确", "false": "错误"}.get(t, t) for t in right)
    assert moodle == expected

    # GIFT, read by pygiftparser (which ignores escapes inside general feedback, "####…": it is left out)
    gift = {}
    text = re.sub(r"####(?:\\.|[^}\\])*", "", (exports / "bank.gift").read_text(encoding="utf-8"))
    for q in parser.parse(text).questions:
        right = [o.text for o in q.answer.options if o.percentage > 0]
        gift[q.name.split("::")[-1].strip()] = sorted({"True": "正确", "False": "错误"}.get(t, t) for t in right)
    assert gift == expected

    # Anki, read from the collection with sqlite: the 答案 field holds the letters (or 正确/错误)
    with zipfile.ZipFile(exports / "bank.apkg") as z:
        z.extract("collection.anki2", tmp_path)
    anki = {}
    for (fields,) in sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes"):
        qid, _, _, answer, *_ = fields.split("\x1f")
        anki[qid] = answer
    assert set(anki) == set(expected)
    for q in bank["questions"]:
        if q["id"] in anki:
            assert anki[q["id"]] == "".join(q["answer"]), q["id"]

    # a paper drawn by the CLI only holds publishable questions, and its key is the site's
    out = tmp_path / "papers"
    made = zhifa("--root", str(root), "exam", "--bank", str(site / "zhifa-bank.json"), "--seed", "5", "-o", str(out))
    assert made.returncode == 0, made.stderr
    drawn = json.loads((out / "试卷-5.json").read_text(encoding="utf-8"))["items"]
    assert {it["id"] for it in drawn} <= set(expected) and len(drawn) == 7
    by_id = {q["id"]: q for q in bank["questions"]}
    assert all(it["v"] == by_id[it["id"]]["v"] for it in drawn)

    # results score a trainee who answered every item with the site's key at full marks
    attempts = tmp_path / "attempts"
    attempts.mkdir()
    perfect = attempt(bank, 5, lambda q: q["answer"])
    (attempts / "a.json").write_text(json.dumps(perfect, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report"
    scored = zhifa(
        "--root", str(root), "results", str(attempts), "--bank", str(site / "zhifa-bank.json"), "-o", str(report)
    )
    assert scored.returncode == 0, scored.stderr
    assert "平均分 100.0" in scored.stdout


def attempt(bank: dict, seed: int, choose, version: int = 2) -> dict:
    items = paper.draw(bank, seed)
    by_id = {q["id"]: q for q in bank["questions"]}
    data = {
        "format": "zhifa-attempt",
        "version": version,
        "name": "学员",
        "seed": seed,
        "bankVersion": bank["version"],
        "startedAt": 1,
        "submittedAt": seed,
        "answers": {it.id: choose(by_id[it.id]) for it in items},
    }
    if version == 2:
        data["items"] = [{"id": it.id, "v": it.v, "order": it.order, "points": it.points} for it in items]
    return data


def test_an_attempt_made_before_a_clause_moved_is_scored_after_the_rebuild(tmp_path):
    root = awkward_repo(tmp_path / "repo")
    site = tmp_path / "site"
    before = build(root, site)
    attempts = tmp_path / "attempts"
    attempts.mkdir()
    answered = attempt(before, 9, lambda q: q["answer"])
    (attempts / "before.json").write_text(json.dumps(answered, ensure_ascii=False), encoding="utf-8")

    move_clause_to_another_chapter(root)
    assert zhifa("--root", str(root), "check").returncode == 0
    after = build(root, site)
    assert after["version"] != before["version"]  # the questions' chapters changed, so papers differ
    moved = {q["id"]: q["v"] for q in after["questions"]}
    assert all(moved[q["id"]] == q["v"] for q in before["questions"])  # ...but no question changed

    report = tmp_path / "report"
    scored = zhifa(
        "--root", str(root), "results", str(attempts), "--bank", str(site / "zhifa-bank.json"), "-o", str(report)
    )
    assert scored.returncode == 0, scored.stderr
    assert "已分析 1 份成绩（跳过 0 份" in scored.stdout and "平均分 100.0" in scored.stdout

    # once a question the trainee answered is edited, the file names it instead of scoring it wrongly
    bank_file = root / "quizzes/demo.yaml"
    drawn = answered["items"][0]["id"]
    text = bank_file.read_text(encoding="utf-8")
    start = text.index(f"- id: {drawn}")
    stem = text.index("stem: ", start)
    bank_file.write_text(text[: stem + 6] + "（已修改）" + text[stem + 6 :], encoding="utf-8")
    build(root, site)
    again = zhifa(
        "--root", str(root), "results", str(attempts), "--bank", str(site / "zhifa-bank.json"), "-o", str(report)
    )
    assert again.returncode == 1 and drawn in again.stderr and "已修改" in again.stderr


def test_each_release_archives_its_questions_so_older_attempts_stay_scorable(tmp_path, monkeypatch):
    import subprocess

    for key, value in (
        ("GIT_AUTHOR_NAME", "法制科"),
        ("GIT_COMMITTER_NAME", "法制科"),
        ("GIT_AUTHOR_EMAIL", "fz@example.org"),
        ("GIT_COMMITTER_EMAIL", "fz@example.org"),
    ):
        monkeypatch.setenv(key, value)
    root = awkward_repo(tmp_path / "repo")
    (root / ".gitignore").write_text("_build/\n", encoding="utf-8")
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "初稿")):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    released = zhifa("--root", str(root), "release", "--date", "2026-06-01")
    assert released.returncode == 0, released.stderr
    archive = json.loads((root / "releases/banks/v2026.1.json").read_text(encoding="utf-8"))
    site = tmp_path / "site"
    bank = build(root, site)
    # the archive holds exactly what the site publishes, version for version
    assert {(q["id"], q["v"]) for q in archive["questions"]} == {
        (q["id"], q["v"]) for q in bank["questions"] if q["reviewed"]
    }

    attempts = tmp_path / "attempts"
    attempts.mkdir()
    answered = attempt(bank, 3, lambda q: q["answer"])
    (attempts / "a.json").write_text(json.dumps(answered, ensure_ascii=False), encoding="utf-8")
    # after the release every question the trainee answered is edited, and the site rebuilt
    bank_file = root / "quizzes/demo.yaml"
    text = bank_file.read_text(encoding="utf-8")
    for item in answered["items"]:
        start = text.index(f"id: {item['id']}")
        stem = text.index("stem: ", start) + 6
        text = text[:stem] + "（新版）" + text[stem:]
    bank_file.write_text(text, encoding="utf-8")
    zhifa("--root", str(root), "pin", "--all")
    build(root, site)
    scored = zhifa(
        "--root",
        str(root),
        "results",
        str(attempts),
        "--bank",
        str(site / "zhifa-bank.json"),
        "-o",
        str(tmp_path / "report"),
    )
    assert scored.returncode == 0, scored.stderr
    assert "平均分 100.0" in scored.stdout  # scored against the versions the release archived
    report = (tmp_path / "report/index.html").read_text(encoding="utf-8")
    assert "作答后已修改的试题" in report and all(item["id"] in report for item in answered["items"])
