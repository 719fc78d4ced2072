"""Results and item analysis: attempts exported from the site, re-scored by the CLI from raw answers;
malformed, tampered and duplicate files are reported and skipped."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import zhifa
from zhifa.bank import paper


def _attempt(bank, seed, right_every, name):
    items = paper.draw(bank, seed)
    by_id = {q["id"]: q for q in bank["questions"]}
    answers = {}
    for k, it in enumerate(items):
        q = by_id[it.id]
        wrong = [o[0] for o in q["options"] if o[0] not in q["answer"]][:1]
        answers[it.id] = q["answer"] if k % right_every else wrong
    return {
        "format": "zhifa-attempt",
        "version": 1,
        "name": name,
        "seed": seed,
        "bankVersion": bank["version"],
        "startedAt": 1_780_000_000_000 + seed,
        "submittedAt": 1_780_000_000_000 + seed + 30 * 60_000,
        "answers": answers,
    }


def test_site_export_then_cli_item_analysis(page, site_url, site, tmp_path):
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    folder = tmp_path / "results"
    folder.mkdir()
    # one attempt finished in the site and exported by the trainee
    page.goto(f"{site_url}/drill/exam.html?seed=99")
    page.get_by_role("button", name="开始考试（试卷编号 99）").click()
    page.locator(".zf-exam-stage .zf-q input").first.check()
    page.get_by_role("button", name="交卷", exact=True).click()
    page.get_by_role("button", name="确定交卷").click()
    page.locator(".zf-exam-name").fill("张三")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出成绩文件（交给培训师）").click()
    download.value.save_as(folder / "from-site.json")
    site_score = int(page.locator(".zf-exam-score").inner_text().split("得分 ")[1].split(" /")[0])
    for k, seed in enumerate((11, 12, 13, 14, 15)):
        (folder / f"t{k}.json").write_text(
            json.dumps(_attempt(bank, seed, k + 2, f"学员{k}"), ensure_ascii=False), encoding="utf-8"
        )
    (folder / "dup.json").write_text((folder / "t0.json").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    tampered = _attempt(bank, 16, 2, "改动")
    tampered["answers"]["Q-ZZZZZZ"] = ["A"]
    (folder / "tampered.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report"
    result = zhifa("results", str(folder), "--bank", str(site / "zhifa-bank.json"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    # the site attempt was answered in seconds: kept, and listed to check
    assert "已分析 6 份成绩（跳过 3 份，需核实 1 份）" in result.stdout
    assert "broken.json: 不是有效的 JSON" in result.stderr
    assert "tampered.json: 作答中有 1 道题不属于试卷 16" in result.stderr
    assert "t0.json: 与 dup.json 重复" in result.stderr  # files are read in name order
    rows = list(csv.DictReader((out / "questions.csv").open(encoding="utf-8-sig")))
    assert rows and all(0 <= int(r["难度（正确率）"].rstrip("%")) <= 100 for r in rows)
    assert all(r["区分度（点二列相关）"] == "—" for r in rows)  # five trainees: too few for a discrimination
    report = (out / "index.html").read_text(encoding="utf-8")
    assert "最常答错的十条条款" in report and report.count("<li><a href=") == 10
    # the site attempt re-scores to what the site showed
    from zhifa.bank import results

    attempts, _ = results.read(folder, {bank["version"]: bank})
    mine = next(a for a in attempts if a.path == "from-site.json")
    assert len(attempts) == 6
    assert mine.score == site_score and mine.name == "张三"


# --- issue 22's findings, on the fixture site with a blueprint (built once for these tests) ---


@pytest.fixture(scope="module")
def sitting(tmp_path_factory):
    from test_gradebook import build, sitting_repo

    base = tmp_path_factory.mktemp("sitting")
    repo = sitting_repo(base / "repo")
    return repo, base / "site", build(repo, base / "site")


def _write(folder, name, data):
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_integrity_findings_are_listed_and_never_stop_the_report(sitting, tmp_path):
    from test_gradebook import SEED, attempt_file, expected_score

    repo, site, bank = sitting
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "honest.json", attempt_file(bank, SEED, 3, score=expected_score(bank, SEED, 3)))
    forged = attempt_file(bank, SEED, 4, score=100)  # answers edited by hand, the score set to full marks
    _write(folder, "forged.json", forged)
    # a browser's second download sorts first by name; the original is kept whatever the names
    _write(folder, "成绩-张三-2026.json", attempt_file(bank, SEED, 5, name="张三"))
    _write(folder, "成绩-张三-2026 (1).json", attempt_file(bank, SEED, 5, name="张三"))
    _write(folder, "seed-true.json", {**attempt_file(bank, SEED, 6), "seed": True, "answers": {}})
    _write(folder, "seed-big.json", {**attempt_file(bank, SEED, 7), "seed": 99999999999, "answers": {}})
    _write(folder, "empty.json", {**attempt_file(bank, SEED, 8), "answers": {}})
    quick = attempt_file(bank, SEED, 9)
    quick["submittedAt"] = quick["startedAt"] + 1  # 1 ms
    _write(folder, "quick.json", quick)
    slow = attempt_file(bank, SEED, 10)
    slow["submittedAt"] = slow["startedAt"] + 3 * 24 * 3600 * 1000  # three days for a 30-minute exam
    _write(folder, "slow.json", slow)
    backwards = attempt_file(bank, SEED, 11)
    backwards["submittedAt"] = backwards["startedAt"] - 60_000
    _write(folder, "backwards.json", backwards)
    _write(folder, "version-list.json", {**attempt_file(bank, SEED, 12), "bankVersion": ["x"]})
    _write(
        folder,
        "inject.json",
        attempt_file(bank, SEED, 13, name='=HYPERLINK("http://127.0.0.1/x","点我")', unit="+1-2"),
    )
    out = tmp_path / "report"
    result = zhifa("results", str(folder), "--bank", str(site / "zhifa-bank.json"), "-o", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    err = result.stderr
    assert "成绩-张三-2026 (1).json: 与 成绩-张三-2026.json 重复" in err
    assert "seed-true.json: 试卷编号 true 不是有效的编号" in err
    assert "seed-big.json: 试卷编号 99999999999 不是有效的编号" in err
    assert "empty.json: 没有任何作答（空白卷），未计入" in err
    assert "version-list.json: 题库版本（bankVersion）不是文字" in err
    assert "已分析 7 份成绩（跳过 5 份，需核实 4 份）" in result.stdout
    rows = {r["文件"]: r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8-sig"))}
    assert set(rows) == {
        "honest.json",
        "forged.json",
        "成绩-张三-2026.json",
        "quick.json",
        "slow.json",
        "backwards.json",
        "inject.json",
    }
    assert rows["honest.json"]["需核实"] == ""
    assert float(rows["forged.json"]["得分"]) == expected_score(bank, SEED, 4) < 100
    assert rows["forged.json"]["需核实"].startswith("成绩与作答不符：文件记载 100 分")
    assert rows["forged.json"]["结果"].endswith("（需核实）")
    assert "短于每题 3 秒的下限" in rows["quick.json"]["需核实"]
    assert "超过考试时长 30 分钟" in rows["slow.json"]["需核实"]
    assert rows["backwards.json"]["需核实"] == "交卷时间早于开始时间"
    # formula injection neutralised in the CSV and in the workbook
    assert rows["inject.json"]["姓名"] == "'=HYPERLINK(\"http://127.0.0.1/x\",\"点我\")"
    assert rows["inject.json"]["单位"] == "'+1-2"
    from openpyxl import load_workbook

    sheet = load_workbook(out / "gradebook.xlsx")["成绩册"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" and c.value.startswith("'") for c in cells)
    checks = list(csv.DictReader((out / "checks.csv").open(encoding="utf-8-sig")))
    assert sum(r["处理"] == "未计入" for r in checks) == 5 and sum(r["处理"].startswith("计入") for r in checks) == 4
    # flagged attempts are kept in the gradebook but not in the item analysis
    report = (out / "index.html").read_text(encoding="utf-8")
    assert "按 3 份无需核实的成绩计算" in report


def test_small_samples_give_no_discrimination_or_reliability(sitting, tmp_path):
    from test_gradebook import SEED, attempt_file

    repo, site, bank = sitting
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "one.json", attempt_file(bank, SEED, 3))
    out = tmp_path / "report"
    result = zhifa("results", str(folder), "--bank", str(site / "zhifa-bank.json"), "-o", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((out / "questions.csv").open(encoding="utf-8-sig")))
    assert rows and all(r["区分度（点二列相关）"] == "—" and r["区分度（高低分组27%）"] == "—" for r in rows)
    assert all(r["提示"] == "" for r in rows)
    assert "人数不足 10，不计算" in (out / "index.html").read_text(encoding="utf-8")


def test_ab_paper_sitting_typed_in_goes_into_the_gradebook(sitting, tmp_path):
    """zhifa exam draws papers A and B; ten trainees' marks typed into the entry templates as printed;
    bad cells reported by file and row; the gradebook scores each on the bank's options."""
    from openpyxl import load_workbook

    repo, site, bank = sitting
    papers = tmp_path / "papers"
    made = zhifa(
        "exam",
        "--seed",
        "2026",
        "--variants",
        "2",
        "--bank",
        str(site / "zhifa-bank.json"),
        "-o",
        str(papers),
        cwd=repo,
    )
    assert made.returncode == 0, made.stderr
    by_id = {q["id"]: q for q in bank["questions"]}
    ids = sorted(it["id"] for it in json.loads((papers / "试卷-2026-A.json").read_text(encoding="utf-8"))["items"])
    expected = {}
    for variant, trainees in (("A", range(5)), ("B", range(5, 10))):
        manifest = json.loads((papers / f"试卷-2026-{variant}.json").read_text(encoding="utf-8"))
        path = papers / f"录入-2026-{variant}.xlsx"
        book = load_workbook(path)
        sheet = book.active
        for k in trainees:
            cells, score = [], 0
            for it in manifest["items"]:
                q = by_id[it["id"]]
                right = (ids.index(it["id"]) + k) % 4 != 0
                chosen = q["answer"] if right else [next(o[0] for o in q["options"] if o[0] not in q["answer"])]
                score += it["points"] if right else 0
                if q["type"] == "判断":
                    cells.append("对" if chosen == ["正确"] else "错")
                else:
                    cells.append("".join(sorted(chr(65 + it["order"].index(x)) for x in chosen)))
            # one clerk left 试卷 blank on A: the template's own paper
            sheet.append([f"纸{k}", "第一执法大队", "" if k == 4 else f"2026-{variant}", *cells])
            expected[f"纸{k}"] = score
        if variant == "B":  # the clerk's typing mistakes
            n = len(manifest["items"])
            four = next(k for k, it in enumerate(manifest["items"]) if len(it["order"]) == 4)
            bad = ["" for _ in range(n)]
            bad[four] = "E"
            sheet.append(["错字", "第一执法大队", "2026-B", *bad])
            sheet.append(["无卷", "第一执法大队", "2026-C", *["" for _ in range(n)]])
            sheet.append(["", "第一执法大队", "2026-B", "A"])
            bad_row = sheet.max_row - 2
        book.save(path)
    out = tmp_path / "report"
    empty = tmp_path / "none"
    empty.mkdir()
    result = zhifa(
        "results",
        str(empty),
        "--papers",
        str(papers),
        "--bank",
        str(site / "zhifa-bank.json"),
        "-o",
        str(out),
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert f"录入-2026-B.xlsx: 第 {bad_row} 行（错字）: 第 {four + 1} 题填写“E”不是该题的选项（可填 A、B、C、D）" in err
    assert f"录入-2026-B.xlsx: 第 {bad_row + 1} 行（无卷）: 试卷“2026-C”没有对应的试卷清单" in err
    assert f"录入-2026-B.xlsx: 第 {bad_row + 2} 行: 没有填写姓名" in err
    rows = {r["姓名"]: r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8-sig"))}
    assert {k: float(r["得分"]) for k, r in rows.items()} == expected
    assert {r["试卷"] for r in rows.values()} == {"2026-A", "2026-B"} and {r["来源"] for r in rows.values()} == {"纸质"}
    report = (out / "index.html").read_text(encoding="utf-8")
    assert "<td>2026-A、2026-B</td><td>10</td>" in report  # one reliability row: the same questions
    # each paper's printed key, where A and B print it differently
    keys = {
        r["试题ID"]: r["试卷上的正确答案"] for r in csv.DictReader((out / "questions.csv").open(encoding="utf-8-sig"))
    }
    a, b = (
        {it["id"]: it for it in json.loads((papers / f"试卷-2026-{v}.json").read_text(encoding="utf-8"))["items"]}
        for v in "AB"
    )
    for qid, key in keys.items():
        answer = by_id[qid]["answer"]
        shown = ["".join(sorted(chr(65 + p[qid]["order"].index(x)) for x in answer)) for p in (a, b)]
        if by_id[qid]["type"] == "判断":
            assert key == answer[0]
        elif shown[0] == shown[1]:
            assert key == shown[0]
        else:
            assert key == f"2026-A：{shown[0]}；2026-B：{shown[1]}"


def test_hostile_and_odd_files_never_end_the_run(sitting, tmp_path):
    from test_gradebook import SEED, attempt_file, printed_row

    repo, site, bank = sitting
    folder = tmp_path / "in"
    folder.mkdir()
    good = attempt_file(bank, SEED, 3)
    (folder / "nan.json").write_text(
        json.dumps(good, ensure_ascii=False).replace(f'"startedAt": {good["startedAt"]}', '"startedAt": NaN'),
        encoding="utf-8",
    )
    (folder / "deep.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    _write(folder, "items.json", {**attempt_file(bank, SEED, 4), "items": [{"id": 1}]})
    letters = attempt_file(bank, SEED, 5)
    first = next(iter(letters["answers"]))
    letters["answers"][first] = ["Z"]
    _write(folder, "letters.json", letters)
    _write(folder, "odd-name.json", {**attempt_file(bank, SEED, 6), "name": {"x": 1}, "unit": ["y"]})
    (folder / "dir.json").mkdir()
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    n = len(paper.draw(bank, SEED))
    gbk = [
        "姓名,单位,试卷," + ",".join(str(i + 1) for i in range(n)),
        ",".join(["王五", "第二执法大队", "2026-A", *printed_row(bank, SEED, 8)]),
        ",".join(["赵六", "第二执法大队", "", *printed_row(bank, SEED, 9)]),  # no paper, and no 录入-<paper> name
    ]
    (folder / "录入-gbk.csv").write_bytes("\r\n".join(gbk).encode("gb18030"))  # Excel's default CSV in China
    from test_gradebook import manifest

    _write(folder, "试卷-2026-A.json", manifest(bank, SEED, "2026-A"))
    out = tmp_path / "report"
    result = zhifa("results", str(folder), "--bank", str(site / "zhifa-bank.json"), "-o", str(out), cwd=repo)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    err = result.stderr
    assert "deep.json: 不是有效的 JSON（RecursionError）" in err
    assert "items.json: 记录的试题格式不对" in err
    assert f"letters.json: 试题 {first} 的作答“Z”不是该题的选项" in err
    assert "broken.xlsx: 无法作为 .xlsx 读取" in err
    assert "录入-gbk.csv: 第 3 行（赵六）: 没有填写试卷编号（如 2026-A），此行已跳过" in err
    rows = {r["文件"]: r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8-sig"))}
    assert rows["nan.json"]["需核实"] == "没有记录开始或交卷时间，用时无法核实"
    assert rows["odd-name.json"]["姓名"] == "odd-name" and rows["odd-name.json"]["单位"] == ""
    gbk_row = rows["录入-gbk.csv 第 2 行"]
    assert (gbk_row["姓名"], gbk_row["来源"]) == ("王五", "纸质")


def test_a_bank_whose_blueprint_cannot_be_drawn_is_named_not_a_traceback(tmp_path):
    from zhifa.bank import results

    q = {"id": "Q-AAAAA1", "type": "单选", "stem": "s", "answer": ["A"], "options": [["A", "a"], ["B", "b"]], "v": "1"}
    bank = {"version": "x", "questions": [q], "blueprint": {"sections": [{"count": 1, "points": 1}]}, "chapters": []}
    _write(
        tmp_path, "a.json", {"format": "zhifa-attempt", "seed": 1, "bankVersion": "x", "answers": {"Q-AAAAA1": ["A"]}}
    )
    attempts, skipped = results.read(tmp_path, {"x": bank})
    assert attempts == [] and skipped == [
        "a.json: 题库 x 的考试蓝图不完整，无法按试卷编号 1 核对试题（请用站点生成的 zhifa-bank.json），已跳过"
    ]


def test_a_missing_papers_folder_is_refused(tmp_path):
    (tmp_path / "attempts").mkdir()
    result = zhifa("results", str(tmp_path / "attempts"), "--papers", str(tmp_path / "nope"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--papers" not in result.stdout and "试卷文件夹：找不到" in result.stderr
