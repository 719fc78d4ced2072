"""A sitting end to end on the fixture site: 20 trainees (three through the exam page in Chromium, five on a
printed paper typed into the entry template, twelve exported files), a rebuild in the middle of the cycle
(a clause moved, a clause amended and re-reviewed, a question edited), then the gradebook and the item
analysis checked against values worked out here from how each attempt was made, and the .xlsx read back
by LibreOffice (an independent reader)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, guarded, make_repo, serve, zhifa
from zhifa.bank import paper

SEED = 2026
REVIEWED = "  review: 已审核\n  reviewer: 王审核\n  reviewed: 2026-01-10\n"
BLUEPRINT = """name: 结业考试
duration: 30
pass: 60
total: 100
shuffle: true
sections:
  - type: 单选
    count: 8
    points: 5
  - type: 多选
    count: 3
    points: 10
  - type: 判断
    count: 5
    points: 6
"""


def _questions() -> str:
    """Six 单选, three 多选 and three 判断 more than the mini fixture has, all reviewed."""
    clauses = ["CL-AAAAA1", "CL-AAAAA2", "CL-AAAAA3", "CL-AAAAA5"]
    out = []
    for k in range(6):
        out.append(
            f"- id: Q-SXT00{k}\n  type: 单选\n  stem: 第 {k + 1} 道单选题：关于执法，下列说法正确的是？\n  options:\n"
            f"    A: 甲说法{k}\n    B: 乙说法{k}\n    C: 丙说法{k}\n    D: 丁说法{k}\n  answer: {'ABCD'[k % 4]}\n"
            f"  explanation: 见 {{clause}}`{clauses[k % 4]}`。\n  tests: [{clauses[k % 4]}]\n  difficulty: 1\n"
            + REVIEWED
        )
    for k in range(3):
        out.append(
            f"- id: Q-SXT10{k}\n  type: 多选\n  stem: 第 {k + 1} 道多选题：下列说法正确的有？\n  options:\n"
            f"    A: 甲项{k}\n    B: 乙项{k}\n    C: 丙项{k}\n    D: 丁项{k}\n  answer: [A, C]\n"
            f"  explanation: 见 {{clause}}`{clauses[k]}`。\n  tests: [{clauses[k]}]\n  difficulty: 2\n" + REVIEWED
        )
    for k in range(3):
        out.append(
            f"- id: Q-SXT20{k}\n  type: 判断\n  stem: 第 {k + 1} 道判断题：执法应当依法进行。\n"
            f"  answer: {'正确' if k % 2 else '错误'}\n  explanation: 见 {{clause}}`{clauses[k + 1]}`。\n"
            f"  tests: [{clauses[k + 1]}]\n  difficulty: 1\n" + REVIEWED
        )
    return "\n".join(out)


def sitting_repo(dest: Path) -> Path:
    repo = make_repo(dest)
    (repo / "quizzes/sitting.yaml").write_text(_questions(), encoding="utf-8")
    (repo / "quizzes/sitting.md").write_text("# 题库：结业考试\n\n```{questions} sitting.yaml\n```\n", encoding="utf-8")
    index = repo / "quizzes/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("demo\n```", "demo\nsitting\n```"), encoding="utf-8")
    (repo / "quizzes/blueprint.yaml").write_text(BLUEPRINT, encoding="utf-8")
    (repo / "drill").mkdir()
    shutil.copy(ROOT / "drill/exam.md", repo / "drill/exam.md")  # the site's exam page
    root_index = repo / "index.md"
    root_index.write_text(
        root_index.read_text(encoding="utf-8").replace("quizzes/index\n", "quizzes/index\ndrill/exam\n"),
        encoding="utf-8",
    )
    result = zhifa("pin", "--all", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def build(repo: Path, out: Path) -> dict:
    result = zhifa("build", "--out", str(out), cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "zhifa-bank.json").read_text(encoding="utf-8"))


def plan(bank: dict, seed: int, k: int) -> dict[str, list[str]]:
    """Trainee k's answers (bank letters): item i right when (i + k) % 5 < 3 + (k % 3 == 0), else the first
    wrong option; trainee 7 leaves item 0 blank. Everything expected below is worked out from this rule."""
    by_id = {q["id"]: q for q in bank["questions"]}
    answers = {}
    for i, it in enumerate(paper.draw(bank, seed)):
        q = by_id[it.id]
        if k == 7 and i == 0:
            continue
        if expected_right(i, k):
            answers[it.id] = list(q["answer"])
        else:
            answers[it.id] = [next(o[0] for o in q["options"] if o[0] not in q["answer"])]
    return answers


def expected_right(i: int, k: int) -> bool:
    return not (k == 7 and i == 0) and (i + k) % 5 < 3 + (k % 3 == 0)


def attempt_file(bank: dict, seed: int, k: int, **extra) -> dict:
    items = paper.draw(bank, seed)
    start = 1_780_000_000_000 + k * 1000
    return {
        "format": "zhifa-attempt",
        "version": 2,
        "name": f"学员{k:02d}",
        "unit": f"第{k % 3 + 1}执法大队",
        "seed": seed,
        "bankVersion": bank["version"],
        "blueprint": "结业考试",
        "startedAt": start,
        "submittedAt": start + (10 + k) * 60_000,
        "answers": plan(bank, seed, k),
        "items": [{"id": i.id, "v": i.v, "order": i.order, "points": i.points} for i in items],
        **extra,
    }


def manifest(bank: dict, seed: int, paper_id: str) -> dict:
    """The paper manifest `zhifa exam` writes (format agreed in bank/results.py), made here from bank/paper.py."""
    items = paper.draw(bank, seed)
    return {
        "format": "zhifa-paper",
        "paper": paper_id,
        "seed": seed,
        "variant": None,
        "bankVersion": bank["version"],
        "blueprint": "结业考试",
        "items": [{"id": i.id, "v": i.v, "order": i.order, "points": i.points} for i in items],
    }


def printed_row(bank: dict, seed: int, k: int) -> list[str]:
    """What the clerk types for trainee k: the letters as printed (shuffled), 判断 as 对/错."""
    cells = []
    for it in paper.draw(bank, seed):
        chosen = plan(bank, seed, k).get(it.id, [])
        if it.type == "判断":
            cells.append({"正确": "对", "错误": "错"}[chosen[0]] if chosen else "")
        else:
            cells.append("".join(sorted(chr(65 + it.order.index(x)) for x in chosen)))
    return cells


def points_of(bank: dict, seed: int) -> list[float]:
    return [it.points for it in paper.draw(bank, seed)]


def expected_score(bank: dict, seed: int, k: int) -> float:
    return sum(p for i, p in enumerate(points_of(bank, seed)) if expected_right(i, k))


def take_in_browser(page, url: str, bank: dict, k: int, folder: Path) -> None:
    """Trainee k sits paper SEED on the exam page, clicking the options the plan says (as shown, shuffled)."""
    by_id = {q["id"]: q for q in bank["questions"]}
    page.clock.install()  # the trainee takes a quarter of an hour, not the test's few seconds
    page.goto(f"{url}/drill/exam.html?seed={SEED}")
    page.get_by_role("button", name=f"开始考试（试卷编号 {SEED}）").click()
    answers = plan(bank, SEED, k)
    for i, it in enumerate(paper.draw(bank, SEED)):
        card = page.locator(f'.zf-exam-stage .zf-q[data-id="{it.id}"]')
        for letter in answers.get(it.id, []):
            card.locator(f'input[value="{letter}"]').check()
        if i < len(points_of(bank, SEED)) - 1:
            page.get_by_role("button", name="下一题").click()
        assert by_id[it.id]
    page.clock.fast_forward("15:00")
    page.get_by_role("button", name="交卷", exact=True).click()
    page.get_by_role("button", name="确定交卷").click()
    page.locator(".zf-exam-name").fill(f"学员{k:02d}")
    page.locator(".zf-exam-unit").fill(f"第{k % 3 + 1}执法大队")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出成绩文件（交给培训师）").click()
    download.value.save_as(folder / download.value.suggested_filename)


def libreoffice_csv(xlsx: Path, sheet: int, out: Path) -> list[list[str]]:
    """One sheet of the workbook as LibreOffice reads it (converted headless to UTF-8 CSV)."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            f'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}',
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    found = sorted(out.glob("*.csv"))
    assert found, result.stdout + result.stderr
    text = found[-1].read_text(encoding="utf-8")
    for f in found:
        f.unlink()
    return list(csv.reader(text.splitlines()))


def test_sitting_rebuild_gradebook_and_analysis(browser, tmp_path):
    from openpyxl import Workbook

    repo = sitting_repo(tmp_path / "repo")
    first = build(repo, tmp_path / "site1")
    shutil.copy(tmp_path / "site1/zhifa-bank.json", tmp_path / "bank-before.json")
    folder, papers = tmp_path / "attempts", tmp_path / "papers"
    folder.mkdir()
    papers.mkdir()
    # three trainees on the exam page, before the rebuild
    with serve(tmp_path / "site1") as url, guarded(browser) as context:
        for k in (0, 1, 2):
            page = context.new_page()
            take_in_browser(page, url, first, k, folder)
            page.evaluate("localStorage.clear()")
            page.close()
    # twelve exported files
    for k in range(3, 15):
        (folder / f"成绩-学员{k:02d}-{SEED}.json").write_text(
            json.dumps(attempt_file(first, SEED, k), ensure_ascii=False), encoding="utf-8"
        )
    # five on the printed paper: its manifest, and the entry template filled in (xlsx for three, csv for two)
    (papers / f"试卷-{SEED}-A.json").write_text(
        json.dumps(manifest(first, SEED, f"{SEED}-A"), ensure_ascii=False), encoding="utf-8"
    )
    n = len(points_of(first, SEED))
    head = ["姓名", "单位", "试卷", *[str(i + 1) for i in range(n)]]
    wb = Workbook()
    wb.active.append(head)
    for k in (15, 16, 17):
        wb.active.append([f"学员{k:02d}", f"第{k % 3 + 1}执法大队", f"{SEED}-A", *printed_row(first, SEED, k)])
    wb.save(papers / f"录入-{SEED}-A.xlsx")
    with (papers / f"录入-{SEED}-A.csv").open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for k in (18, 19):
            w.writerow([f"学员{k:02d}", f"第{k % 3 + 1}执法大队", f"{SEED}-A", *printed_row(first, SEED, k)])

    # the rebuild in the middle of the cycle: a clause moved to another chapter, a clause amended (and the
    # questions on it re-reviewed), one question edited
    filing, general = repo / "standards/demo/filing.md", repo / "standards/demo/general.md"
    text = filing.read_text(encoding="utf-8")
    moved = text[text.index("```{clause} 撤销立案") :]
    filing.write_text(text.replace(moved, ""), encoding="utf-8")
    general.write_text(
        general.read_text(encoding="utf-8").replace("为规范执法，制定本规范。", "为规范和监督执法，制定本规范。")
        + "\n"
        + moved,
        encoding="utf-8",
    )
    pinned = zhifa("pin", "--all", cwd=repo)  # the questions on the amended clause re-reviewed
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    moved_only = build(repo, tmp_path / "site-moved")
    assert moved_only["version"] != first["version"]
    # moving and amending clauses leaves the questions as trainees saw them: every attempt still scores
    kept = zhifa(
        "results",
        str(folder),
        "--papers",
        str(papers),
        "--bank",
        str(tmp_path / "site-moved/zhifa-bank.json"),
        "-o",
        str(tmp_path / "moved"),
        cwd=repo,
    )
    assert "已分析 20 份成绩（跳过 0 份" in kept.stdout, kept.stdout + kept.stderr
    items = paper.draw(first, SEED)
    edited = next(it.id for it in items if it.id.startswith("Q-SXT0"))
    quiz = repo / "quizzes/sitting.yaml"
    number = int(edited[-1]) + 1
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace(f"第 {number} 道单选题", f"第 {number} 道单选题（修订）"),
        encoding="utf-8",
    )
    pinned = zhifa("pin", "--all", cwd=repo)
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    second = build(repo, tmp_path / "site2")
    assert second["version"] != first["version"]
    by_id_now = {q["id"]: q for q in second["questions"]}
    assert by_id_now[edited]["v"] != next(it.v for it in items if it.id == edited)

    out = tmp_path / "report"
    # without the bank the trainees saw, the edited question cannot be scored as they saw it: said, not guessed
    alone = zhifa(
        "results",
        str(folder),
        "--papers",
        str(papers),
        "--bank",
        str(tmp_path / "site2/zhifa-bank.json"),
        "-o",
        str(tmp_path / "alone"),
        cwd=repo,
    )
    assert "无法按学员所见评分" in alone.stderr and edited in alone.stderr
    result = zhifa(
        "results",
        str(folder),
        "--papers",
        str(papers),
        "--bank",
        str(tmp_path / "site2/zhifa-bank.json"),
        "--bank",
        str(tmp_path / "bank-before.json"),
        "-o",
        str(out),
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    assert "已分析 20 份成绩（跳过 0 份" in result.stdout, result.stdout + result.stderr

    # the gradebook: every trainee, the score from the plan, pass/fail at 60, by type
    rows = {r["姓名"]: r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8-sig"))}
    assert sorted(rows) == [f"学员{k:02d}" for k in range(20)]
    for k in range(20):
        r = rows[f"学员{k:02d}"]
        want = expected_score(first, SEED, k)
        assert float(r["得分"]) == want, (k, r)
        assert r["结果"] == ("及格" if want >= 60 else "不及格")
        assert r["单位"] == f"第{k % 3 + 1}执法大队"
        assert r["来源"] == ("纸质" if k >= 15 else "站点")
        assert r["满分"] == "100"
        want_types = {}
        for i, it in enumerate(items):
            want_types.setdefault(it.type, 0)
            want_types[it.type] += it.points if expected_right(i, k) else 0
        assert {t: float(r[f"{t}得分"]) for t in want_types} == want_types
    assert rows["学员03"]["用时"] == "13 分 0 秒" and rows["学员00"]["用时"].startswith("15 分")
    report = (out / "index.html").read_text(encoding="utf-8")
    assert edited in report.split("作答后已修改的试题")[1].split("</p>")[1]

    # the item analysis: facility from the plan; KR-20 of the 20 (all sat the same questions) worked out here
    matrix = [[int(expected_right(i, k)) for i in range(n)] for k in range(20)]
    questions = {r["试题ID"]: r for r in csv.DictReader((out / "questions.csv").open(encoding="utf-8-sig"))}
    for i, it in enumerate(items):
        right = sum(row[i] for row in matrix)
        assert questions[it.id]["难度（正确率）"] == f"{right / 20 * 100:.0f}%"
        assert questions[it.id]["作答人数"] == "20"
    totals = [sum(row) for row in matrix]
    mean = sum(totals) / 20
    var = sum((t - mean) ** 2 for t in totals) / 20
    pq = sum((sum(row[i] for row in matrix) / 20) * (1 - sum(row[i] for row in matrix) / 20) for i in range(n))
    kr20 = n / (n - 1) * (1 - pq / var)
    assert f"<td>{kr20:.2f}" in report
    # options counted on the bank's options; the letters printed on this paper shown beside them
    options = list(csv.DictReader((out / "options.csv").open(encoding="utf-8-sig")))
    multi = next(it for it in items if it.type == "多选")
    a_row = next(r for r in options if r["试题ID"] == multi.id and r["题库选项"] == "A")
    assert a_row["试卷上的字母"] == chr(65 + multi.order.index("A"))
    assert int(a_row["选择人数"]) == sum(row[items.index(multi)] for row in matrix)
    # the key as the paper printed it (issue 22: the report gave the bank's letter, the printed key another)
    key = next(q for q in first["questions"] if q["id"] == multi.id)["answer"]
    assert questions[multi.id]["试卷上的正确答案"] == "".join(sorted(chr(65 + multi.order.index(x)) for x in key))

    # the workbook as LibreOffice reads it: same trainees and scores; the summary sheet's figures
    sheet = libreoffice_csv(out / "gradebook.xlsx", 1, tmp_path / "lo")
    assert sheet[0][:7] == ["姓名", "单位", "来源", "试卷", "得分", "满分", "结果"]
    read_back = {r[0]: float(r[4]) for r in sheet[1:]}
    assert read_back == {f"学员{k:02d}": expected_score(first, SEED, k) for k in range(20)}
    summary = libreoffice_csv(out / "gradebook.xlsx", 2, tmp_path / "lo")
    facts = {r[0]: r[1] for r in summary if len(r) > 1}
    scores = [expected_score(first, SEED, k) for k in range(20)]
    assert float(facts["平均分"]) == pytest.approx(round(sum(scores) / 20, 1))
    assert int(facts["及格人数"]) == sum(s >= 60 for s in scores)
    bands = [0] * 10
    for s in scores:
        bands[min(9, int(s) // 10)] += 1
    assert [int(facts[b]) for b in [f"{k * 10}–{k * 10 + 9}" for k in range(9)] + ["90–100"]] == bands
    # the same pictures in the page: the histogram's bars and the pass rate, said in words for screen readers
    passed = sum(s >= 60 for s in scores)
    assert f"及格 {passed} 人，不及格 {20 - passed} 人，及格率 {passed / 20 * 100:.0f}%" in report
    labels = [f"{b}% {n} 人" for b, n in zip([f"{k * 10}–{k * 10 + 9}" for k in range(9)] + ["90–100"], bands)]
    assert 'class="zf-hist"' in report and "，".join(labels) in report
