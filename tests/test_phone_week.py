"""A simulated week of a new officer on a phone (Playwright's clock, no sleeping): a few questions of 顺序练习 a day,
the 错题本 on two evenings, then three mock exams (one handed in, one that runs out of time, one interrupted by a
reload). The stored history must be exactly what was answered, once each, on the right day, and the 错题本 and the
counters must follow the rules (a wrong answer puts a question in; two right in a row take it out)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from test_phone_exam import PHONE, SHOTS, bank, go_to, guarded, moved_on, progress, wrong_letters

STAGE = ".zf-drill-stage .zf-q"
MONDAY = datetime(2026, 6, 1, 19, 0, tzinfo=timezone(timedelta(hours=8)))


def _choose(card, q: dict, ok: bool, exam: bool = False):
    for letter in q["answer"] if ok else wrong_letters(q):
        card.locator(f"input[value='{letter}']").check()
    if q["type"] == "多选" and not exam:
        card.get_by_role("button", name="提交答案").tap()


def _practice(page, questions, answered, day, n, ok_pattern):
    for k in range(n):
        card = page.locator(STAGE)
        qid = card.get_attribute("data-id")
        ok = ok_pattern(k)
        _choose(card, questions[qid], ok)
        card.locator(".zf-q-verdict").wait_for()
        answered.append((qid, ok, day))
        page.get_by_role("button", name="下一题").tap()
        moved_on(page, qid)


def _exam(page, questions, answered, day, ks, ok_pattern):
    exam = progress(page)["exam"]
    for k in ks:
        go_to(page, k)
        qid = exam["items"][k]["id"]
        _choose(page.locator(f".zf-exam-stage .zf-q[data-id='{qid}']"), questions[qid], ok_pattern(k), exam=True)
    return exam


def _begin_exam(page, url):
    page.goto(f"{url}/drill/exam.html")
    page.get_by_role("button", name=re.compile("开始考试|再考一次")).tap()
    page.locator(".zf-exam-stage .zf-q").wait_for()


def test_a_week_of_practice_and_three_mock_exams_leave_a_correct_history(browser, site_url, site):
    questions = bank(site)
    answered: list[tuple[str, bool, int]] = []
    exam_rows: list[list[tuple[str, bool, int]]] = []
    with guarded(browser, **PHONE) as context:
        page = context.new_page()
        page.clock.install(time=MONDAY)
        for day in range(6):
            page.clock.set_system_time(MONDAY + timedelta(days=day))
            page.goto(f"{site_url}/drill/index.html")
            page.locator(STAGE).wait_for()
            if day in (2, 4):  # the 错题本, answered right
                page.get_by_role("button", name="错题本", exact=True).tap()
                count = int(re.search(r"/ (\d+) 题", page.locator(".zf-drill-pos").inner_text()).group(1))
                for k in range(count):
                    card = page.locator(STAGE)
                    qid = card.get_attribute("data-id")
                    _choose(card, questions[qid], True)
                    card.locator(".zf-q-verdict").wait_for()
                    answered.append((qid, True, day))
                    if k < count - 1:
                        page.get_by_role("button", name="下一题").tap()
                        moved_on(page, qid)
                page.get_by_role("button", name="顺序练习", exact=True).tap()
            _practice(page, questions, answered, day, 5, lambda k, d=day: (k + d) % 3 != 0)
        # Sunday: three mock exams
        page.clock.set_system_time(MONDAY + timedelta(days=6))
        for n in range(3):
            _begin_exam(page, site_url)

            def ok(k):
                return k % 3 != 1

            if n == 0:  # handed in
                exam = _exam(page, questions, answered, 6, range(8), ok)
                page.get_by_role("button", name="交卷", exact=True).tap()
                page.get_by_role("button", name="确定交卷").tap()
                ks = range(8)
            elif n == 1:  # runs out of time
                exam = _exam(page, questions, answered, 6, range(0, 12, 2), ok)
                page.clock.fast_forward(exam["endsAt"] - exam["startedAt"] + 1000)
                page.locator(".zf-exam-timeup").wait_for()
                ks = range(0, 12, 2)
            else:  # a reload in the middle, then handed in
                exam = _exam(page, questions, answered, 6, range(3), ok)
                page.reload()
                page.locator(".zf-exam-stage .zf-q").wait_for()
                exam = _exam(page, questions, answered, 6, range(3, 6), ok)
                page.get_by_role("button", name="交卷", exact=True).tap()
                page.get_by_role("button", name="确定交卷").tap()
                ks = range(6)
            page.locator(".zf-exam-score").wait_for()
            rows = [(exam["items"][k]["id"], ok(k), 6) for k in ks]
            exam_rows.append(rows)
            answered.extend(rows)
            score = page.locator(".zf-exam-score").inner_text()
            got = sum(exam["items"][k]["points"] for k in ks if ok(k))
            assert score.startswith(f"得分 {got} /"), score
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "phone-week-exam-result.png"))
        page.goto(f"{site_url}/drill/index.html")
        page.locator(STAGE).wait_for()
        page.screenshot(path=str(SHOTS / "phone-week-practice.png"), full_page=True)
        stored = progress(page)

    history = stored["history"]
    assert [(h["id"], h["ok"]) for h in history] == [(i, ok) for i, ok, _ in answered]
    days = [datetime.fromtimestamp(h["at"] / 1000, MONDAY.tzinfo).date() for h in history]
    assert days == [(MONDAY + timedelta(days=d)).date() for _, _, d in answered]
    # replay the rules
    expect: dict[str, dict] = {}
    for qid, ok, _ in answered:
        q = expect.setdefault(qid, {"right": 0, "wrong": 0, "streak": 0, "inWrongbook": False})
        if ok:
            q["right"] += 1
            q["streak"] += 1
            if q["inWrongbook"] and q["streak"] >= 2:
                q["inWrongbook"] = False
        else:
            q["wrong"] += 1
            q["streak"] = 0
            q["inWrongbook"] = True
    got = {i: {k: v for k, v in q.items() if k != "last"} for i, q in stored["questions"].items()}
    assert got == expect
    assert set(stored["questions"]) == {i for i, _, _ in answered}  # no unanswered exam question was counted
    assert len(exam_rows) == 3 and all(exam_rows)
