"""Practice centre and mock exam, in Chromium over HTTP on 127.0.0.1, as a new officer uses them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, serve

SHOTS = ROOT / "_build" / "screenshots"


def _bank(site: Path) -> dict:
    return json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))


def _republish(site: Path, bank: dict) -> None:
    """Publish a changed bank into a built site as the build does: whole, index and body parts."""
    from zhifa.sphinx.drill import BANK_FILE, INDEX_FILE, PARTS_DIR, split

    index, parts = split(bank)
    (site / BANK_FILE).write_text(json.dumps(bank, ensure_ascii=False), encoding="utf-8")
    (site / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(site / PARTS_DIR)
    (site / PARTS_DIR).mkdir()
    for name, part in parts.items():
        (site / PARTS_DIR / f"{name}.json").write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")


def _answer(card, q: dict, letters: list[str]):
    """Choose the given option letters on a card (exam cards may show the options shuffled)."""
    for letter in letters:
        card.locator(f"input[value='{letter}']").check()


def _wrong_letters(q: dict) -> list[str]:
    return [next(o[0] for o in q["options"] if o[0] not in q["answer"])]


def test_practice_gives_feedback_with_clause_link(page, site_url, site):
    bank = {q["id"]: q for q in _bank(site)["questions"]}
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/drill/index.html")
    card = page.locator(".zf-drill-stage .zf-q")
    card.wait_for()
    q = bank[card.get_attribute("data-id")]
    _answer(card, q, q["answer"])
    if q["type"] == "多选":
        card.locator(".zf-q-submit").click()
    feedback = card.locator(".zf-q-feedback")
    assert "回答正确" in feedback.inner_text() and "解析：" in feedback.inner_text()
    assert feedback.locator(".zf-q-clauses a").count() >= 1
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "drill-phone.png"), full_page=False)


def test_wrong_answer_goes_to_wrongbook_and_leaves_after_two_right(page, site_url, site):
    bank = {q["id"]: q for q in _bank(site)["questions"]}
    page.goto(f"{site_url}/drill/index.html")
    page.locator(".zf-drill-stage .zf-q").wait_for()
    page.get_by_role("button", name="题型").count()  # the page is live
    page.locator(".zf-pick-type").select_option("单选")
    page.get_by_role("button", name="开始专项练习").click()
    card = page.locator(".zf-drill-stage .zf-q")
    qid = card.get_attribute("data-id")
    _answer(card, bank[qid], _wrong_letters(bank[qid]))
    assert "回答错误" in card.locator(".zf-q-feedback").inner_text()
    page.get_by_role("button", name="错题本", exact=True).click()
    assert page.locator(".zf-drill-stage .zf-q").get_attribute("data-id") == qid
    assert "错题本 1 题" in page.locator(".zf-drill-summary").inner_text()
    for _ in range(2):  # two right in a row take it out
        page.get_by_role("button", name="错题本", exact=True).click()
        card = page.locator(f".zf-drill-stage .zf-q[data-id='{qid}']")
        _answer(card, bank[qid], bank[qid]["answer"])
    page.get_by_role("button", name="错题本", exact=True).click()
    assert "错题本是空的" in page.locator(".zf-drill-stage").inner_text()


def test_favorites_survive_a_reload(page, site_url):
    page.goto(f"{site_url}/drill/index.html")
    card = page.locator(".zf-drill-stage .zf-q")
    qid = card.get_attribute("data-id")
    page.get_by_role("button", name="☆ 收藏").click()
    page.reload()
    page.locator(".zf-drill-stage .zf-q").wait_for()
    page.get_by_role("button", name="收藏", exact=True).click()
    assert page.locator(".zf-drill-stage .zf-q").get_attribute("data-id") == qid


def test_progress_from_an_older_schema_is_migrated(page, site_url, site):
    qid = _bank(site)["questions"][3]["id"]
    page.goto(f"{site_url}/drill/index.html")
    page.evaluate(
        "([k, id]) => localStorage.setItem(k, JSON.stringify({v: 1, done: {[id]: false}}))", ["zhifa-progress", qid]
    )
    page.reload()
    page.get_by_role("button", name="错题本", exact=True).click()
    assert page.locator(".zf-drill-stage .zf-q").get_attribute("data-id") == qid
    stored = json.loads(page.evaluate("localStorage.getItem('zhifa-progress')") or "{}")
    page.locator(".zf-drill-stage .zf-q input").first.check()
    stored = json.loads(page.evaluate("localStorage.getItem('zhifa-progress')"))
    assert stored["schema"] == 3 and qid in stored["questions"]


def _start_exam(page, url):
    page.goto(f"{url}/drill/exam.html")
    page.get_by_role("button", name="开始考试").click()
    page.locator(".zf-exam-stage .zf-q").wait_for()


def _exam_state(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('zhifa-progress')"))["exam"]


def test_full_mock_exam_to_score_and_review(page, site_url, site):
    bank = _bank(site)
    by_id = {q["id"]: q for q in bank["questions"]}
    _start_exam(page, site_url)
    exam = _exam_state(page)
    bp = bank["blueprint"]
    assert len(exam["items"]) == sum(s["count"] for s in bp["sections"])
    assert all(by_id[i["id"]]["reviewed"] for i in exam["items"])
    expected, wrong = 0, 0
    for k, item in enumerate(exam["items"]):
        card = page.locator(f".zf-exam-stage .zf-q[data-id='{item['id']}']")
        q = by_id[item["id"]]
        if k % 7 == 0:
            _answer(card, q, _wrong_letters(q))
            wrong += 1
        else:
            _answer(card, q, q["answer"])
            expected += item["points"]
        if k < len(exam["items"]) - 1:
            page.get_by_role("button", name="下一题").click()
    assert "未答 0" in page.locator(".zf-exam-counts").inner_text()
    page.get_by_role("button", name="交卷", exact=True).click()
    page.get_by_role("button", name="确定交卷").click()
    score = page.locator(".zf-exam-score").inner_text()
    assert f"得分 {expected} / {bp['total']}" in score
    assert ("及格" in score) and (("不及格" in score) == (expected < bp["pass"]))
    review = page.locator(".zf-exam-review .zf-q")
    assert review.count() == wrong
    assert "解析：" in review.first.inner_text() and review.first.locator(".zf-q-clauses a").count() >= 1
    assert page.locator(".zf-exam-breakdown tr").count() == 1 + len(bp["sections"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "exam-result.png"), full_page=False)
    first_paper = [i["id"] for i in exam["items"]]
    page.get_by_role("button", name="再考一次（重新抽题）").click()
    page.locator(".zf-exam-stage .zf-q").wait_for()
    assert [i["id"] for i in _exam_state(page)["items"]] != first_paper


def test_reload_mid_exam_keeps_answers_flags_and_end_time(page, site_url, site):
    by_id = {q["id"]: q for q in _bank(site)["questions"]}
    page.set_viewport_size({"width": 390, "height": 844})
    _start_exam(page, site_url)
    before = _exam_state(page)
    first, second = before["items"][0], before["items"][1]
    _answer(page.locator(f".zf-q[data-id='{first['id']}']"), by_id[first["id"]], by_id[first["id"]]["answer"])
    page.get_by_label("标记本题").check()
    page.get_by_role("button", name="下一题").click()
    _answer(page.locator(f".zf-q[data-id='{second['id']}']"), by_id[second["id"]], _wrong_letters(by_id[second["id"]]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "exam-phone.png"), full_page=False)
    page.wait_for_timeout(1200)
    page.reload()
    page.locator(".zf-exam-stage .zf-q").wait_for()
    after = _exam_state(page)
    assert after["endsAt"] == before["endsAt"] and after["items"] == before["items"]
    assert after["answers"][first["id"]] == by_id[first["id"]]["answer"] and after["flags"] == {first["id"]: True}
    assert "已答 2" in page.locator(".zf-exam-counts").inner_text()
    assert "标记 1" in page.locator(".zf-exam-counts").inner_text()
    assert page.locator(f".zf-q[data-id='{second['id']}'] input:checked").count() == 1
    minutes, seconds = map(int, re.search(r"(\d+):(\d+)", page.locator(".zf-exam-clock").inner_text()).groups())
    assert 60 * minutes + seconds < 90 * 60


def test_bank_change_under_an_attempt(page, site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    with serve(copy) as url:
        _start_exam(page, url)
        exam = _exam_state(page)
        gone, kept = exam["items"][0]["id"], exam["items"][1]
        page.get_by_role("button", name="下一题").click()
        bank = _bank(copy)
        q = next(x for x in bank["questions"] if x["id"] == kept["id"])
        _answer(page.locator(f".zf-q[data-id='{kept['id']}']"), q, q["answer"])
        bank["questions"] = [x for x in bank["questions"] if x["id"] != gone]
        bank["version"] = "changed-bank"
        _republish(copy, bank)
        page.reload()
        page.locator(".zf-exam-stage .zf-q").wait_for()
        notice = page.locator(".zf-exam-notice").inner_text()
        assert "题库已更新：1 道题已从题库中移除" in notice
        after = _exam_state(page)
        assert gone not in [i["id"] for i in after["items"]] and after["answers"][kept["id"]] == q["answer"]
        assert len(after["items"]) == len(exam["items"]) - 1


def test_exam_loads_the_index_and_only_the_parts_of_the_drawn_questions(page, site_url, site):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.split("?")[0].rsplit("/", 2)))
    _start_exam(page, site_url)
    exam = _exam_state(page)
    index = json.loads((site / "zhifa-bank-index.json").read_text(encoding="utf-8"))
    parts = {}
    for f in (site / "zhifa-bank").glob("*.json"):
        parts.update({q["id"]: f.name for q in json.loads(f.read_text(encoding="utf-8"))["questions"]})
    drawn = {parts[i["id"]] for i in exam["items"]}
    assert len(index["questions"]) == len(parts)
    page.get_by_role("button", name="交卷", exact=True).click()
    page.get_by_role("button", name="确定交卷").click()
    page.locator(".zf-exam-score").wait_for()
    names = [u[-1] for u in fetched]
    assert "zhifa-bank.json" not in names and "zhifa-bank-index.json" in names
    parts = {u[-1] for u in fetched if u[-2] == "zhifa-bank"}
    assert parts and parts <= drawn, parts - drawn


def test_expired_attempt_is_submitted_on_return(page, site_url):
    _start_exam(page, site_url)
    page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('zhifa-progress'));
                             s.exam.endsAt = Date.now() - 1000;
                             localStorage.setItem('zhifa-progress', JSON.stringify(s)); }""")
    page.reload()
    page.locator(".zf-exam-score").wait_for()
    assert "得分 0 /" in page.locator(".zf-exam-score").inner_text()


@pytest.mark.parametrize(
    "path", ["index.html", "standards/chufa/lian.html", "procedures/jianyi.html", "drill/index.html", "drill/exam.html"]
)
def test_no_serious_accessibility_violations(page, site_url, path):
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    if path.endswith("exam.html"):
        page.get_by_role("button", name="开始考试").click()
        page.locator(".zf-exam-stage .zf-q").wait_for()
    page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} × {len(v['nodes'])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "\n".join(bad)


def test_the_accessibility_check_itself_catches_a_violation(page, site_url):
    page.goto(f"{site_url}/index.html")
    page.evaluate(
        "document.querySelector('article').appendChild(Object.assign(document.createElement('img'), {src: 'data:,'}))"
    )
    page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert any(v["id"] == "image-alt" and v["impact"] == "critical" for v in result["violations"])


def test_classroom_drill_by_keyboard_to_a_ranking(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site_url}/drill/classroom.html")
    page.get_by_label("题数").fill("3")
    page.get_by_label("参赛队（用逗号分隔）").fill("一组，二组")
    page.get_by_role("button", name="开始竞赛").click()
    stage = page.locator(".zf-class-stage")
    assert "第 1 / 3 题" in stage.inner_text() and page.locator(".zf-class-answer").is_hidden()
    page.keyboard.press("r")
    assert page.locator(".zf-class-answer").is_visible() and "解析：" in page.locator(".zf-class-answer").inner_text()
    page.keyboard.press("2")
    page.keyboard.press("2")
    page.keyboard.press("1")
    page.keyboard.press("Shift+Digit1")
    page.keyboard.press("p")
    page.wait_for_function("document.querySelector('.zf-class-clock').textContent.startsWith('已暂停')", timeout=3000)
    paused = page.locator(".zf-class-clock").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator(".zf-class-clock").inner_text() == paused  # the countdown stands still
    page.keyboard.press("ArrowRight")
    assert "第 2 / 3 题" in stage.inner_text()
    assert page.locator(".zf-class-team-score").all_inner_texts() == ["0", "2"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "classroom.png"))
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert page.locator(".zf-class-ranking li").all_inner_texts() == ["二组：2 分", "一组：0 分"]
