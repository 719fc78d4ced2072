"""Results and item analysis: attempts exported from the site, re-scored by the CLI from raw answers;
malformed, tampered and duplicate files are reported and skipped."""

from __future__ import annotations

import csv
import json

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
        "startedAt": 1,
        "submittedAt": seed,
        "answers": answers,
        "score": 100,
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
    assert "已分析 6 份成绩（跳过 3 份）" in result.stdout
    assert "broken.json: 不是有效的 JSON" in result.stderr
    assert "tampered.json: 作答中有 1 道题不属于试卷 16" in result.stderr
    assert "t0.json: 与 dup.json 重复" in result.stderr  # files are read in name order
    rows = list(csv.DictReader((out / "questions.csv").open(encoding="utf-8-sig")))
    assert rows and all(0 <= float(r["正确率"]) <= 1 and -1 <= float(r["区分度"]) <= 1 for r in rows)
    report = (out / "index.html").read_text(encoding="utf-8")
    assert "最常答错的十条条款" in report and report.count("<li><a href=") == 10
    # the stored score (100) is never trusted: the site attempt re-scores to what the site showed
    from zhifa.bank import results

    attempts, _ = results.read(folder, {bank["version"]: bank})
    mine = next(a for a in attempts if a.path == "from-site.json")
    assert len(attempts) == 6
    assert mine.score == site_score and mine.name == "张三"
