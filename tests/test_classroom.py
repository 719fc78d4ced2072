"""Classroom projector mode (issue 23, finding 2): at projector sizes the round covers the window without the
site's chrome, the countdown is large, the scoreboard stays in view on every question (case questions with the
answer shown included), a presenter clicker and a numpad drive it, and the blueprint mode draws the
blueprint's mix of types."""

from __future__ import annotations

import collections
import json

import pytest

from conftest import ROOT

SHOTS = ROOT / "_build" / "screenshots"
CASES_CHAPTER = "standards/chufa/diaocha"  # a chapter with questions on 案例 material (about a quarter)


def _start(page, site_url, size, source="", count="10", teams="一组，二组，三组，四组"):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{site_url}/drill/classroom.html")
    page.get_by_label("题目来源").select_option(source)
    page.get_by_label("题数").fill(count)
    page.get_by_label("参赛队（用逗号分隔）").fill(teams)
    page.get_by_role("button", name="开始竞赛").click()
    page.locator(".zf-class-clock").wait_for()


def _box(page, selector):
    return page.locator(selector).bounding_box()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_projector_mode_fills_the_screen_and_keeps_the_scoreboard_in_view(page, site, site_url, size):
    width, height = size
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    mine = [q for q in bank["questions"] if q["reviewed"] and CASES_CHAPTER in q["docs"]]
    total, on_material = len(mine), sum(1 for q in mine if q["material"])
    assert on_material >= 3
    _start(page, site_url, size, source=CASES_CHAPTER, count=str(total))
    # the round covers the window: whatever is at the corners and the middle belongs to it, not to the site
    assert _box(page, ".zf-class-running") == {"x": 0, "y": 0, "width": width, "height": height}
    covered = page.evaluate(
        """([w, h]) => [[4, 4], [w - 4, 4], [4, h - 4], [w - 4, h - 4], [w / 2, h / 2], [150, h / 2]]
             .every(([x, y]) => !!document.elementFromPoint(x, y).closest('[data-zf-classroom]'))""",
        [width, height],
    )
    assert covered
    clock = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.zf-class-clock')).fontSize)")
    assert clock >= height * 0.08  # a countdown to read from the back of the room
    cases, longest = 0, (0, None)
    for n in range(total):
        page.keyboard.press("r")  # the answer and 解析 shown: the longest a question gets
        board = _box(page, ".zf-class-board")
        assert board["y"] >= 0 and board["y"] + board["height"] <= height, n
        assert _box(page, ".zf-class-clock")["y"] >= 0
        text = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.zf-class-body')).fontSize)")
        assert text >= max(14, height / 48)  # shrunk to fit, never to unreadable
        if page.locator(".zf-class-material").count():
            cases += 1
            size_of = len(page.locator(".zf-class-body").inner_text())
            if size_of > longest[0]:
                longest = (size_of, n)
        if n < total - 1:
            page.keyboard.press("ArrowRight")
    assert cases == on_material  # every question of the chapter came up, the case questions too
    for _ in range(total - 1 - longest[1]):  # back through the round to the longest case question, answer shown
        page.keyboard.press("PageUp" if _ % 2 else "ArrowLeft")
    page.keyboard.press("PageDown")
    assert page.locator(".zf-class-material").count() and page.locator(".zf-class-answer").is_visible()
    board = _box(page, ".zf-class-board")
    assert board["y"] + board["height"] <= height
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"classroom-projector-{width}x{height}.png"))


def test_a_presenter_clicker_and_a_numpad_drive_the_round(page, site_url):
    _start(page, site_url, (1280, 720), count="3", teams="一组，二组")
    stage = page.locator(".zf-class-stage")
    assert "第 1 / 3 题" in stage.inner_text() and page.locator(".zf-class-answer").is_hidden()
    page.keyboard.press("PageDown")  # first the answer
    assert page.locator(".zf-class-answer").is_visible() and "第 1 / 3 题" in stage.inner_text()
    page.keyboard.press("PageDown")  # then the next question
    assert "第 2 / 3 题" in stage.inner_text() and page.locator(".zf-class-answer").is_hidden()
    page.keyboard.press("PageUp")
    assert "第 1 / 3 题" in stage.inner_text()
    for key in ("Numpad2", "Numpad2", "Numpad1", "NumpadSubtract", "Numpad1", "Numpad2"):
        page.keyboard.press(key)
    assert page.locator(".zf-class-team-score").all_inner_texts() == ["0", "3"]
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert "第 3 / 3 题" in stage.inner_text()
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert page.locator(".zf-class-ranking li").all_inner_texts() == ["二组：3 分", "一组：0 分"]
    page.get_by_role("button", name="再来一轮").click()
    assert not page.evaluate("document.body.classList.contains('zf-projector')")  # the site is back


def test_the_blueprint_mode_draws_the_blueprints_mix(page, site_url):
    """The blueprint (40 单选, 20 多选, 20 判断) in a round of 10: 5 单选 and 5 of the others, mixed; it used to
    give the first ten 单选 of a paper."""
    _start(page, site_url, (1920, 1080), source="", count="10")
    types = []
    for _ in range(10):
        types.append(page.locator(".zf-class-pos").inner_text().split("· ")[-1])
        page.keyboard.press("n")
    counts = collections.Counter(types)
    assert counts["单选"] == 5 and sorted([counts["多选"], counts["判断"]]) == [2, 3], counts
