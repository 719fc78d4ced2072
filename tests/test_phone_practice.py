"""The practice centre on a phone (390×844, touch): a graded answer is locked and counted once, arrow keys do not
grade, focus follows the question, every practice mode and its position survive a reload, 专项练习 narrows the
章 list by 规范; and on other pages the flowchart can be zoomed, 时限一览 sorts periods by length and 回到顶部
never covers the buttons."""

from __future__ import annotations

import pytest

from conftest import guarded
from test_phone_exam import PHONE, SHOTS, bank, moved_on, progress, wrong_letters

STAGE = ".zf-drill-stage .zf-q"


@pytest.fixture
def phone(browser):
    with guarded(browser, **PHONE) as context:
        yield context.new_page()


def open_drill(page, url: str):
    page.goto(f"{url}/drill/index.html")
    page.locator(STAGE).wait_for()


def current(page) -> str:
    return page.locator(STAGE).get_attribute("data-id")


def first_of_type(page, kind: str):
    page.locator(".zf-pick-type").select_option(kind)
    page.get_by_role("button", name="开始专项练习").click()
    page.locator(STAGE).wait_for()


def test_a_graded_answer_is_locked_and_counted_once(phone, site_url, site):
    questions = bank(site)
    open_drill(phone, site_url)
    first_of_type(phone, "单选")
    q = questions[current(phone)]
    card = phone.locator(STAGE)
    card.locator(f"input[value='{wrong_letters(q)[0]}']").tap()
    assert "回答错误" in card.locator(".zf-q-verdict").inner_text()
    key = card.locator(f"input[value='{q['answer'][0]}']")
    assert key.is_disabled()
    key.evaluate("i => i.click()")  # even a scripted click changes nothing
    has_key = phone.locator(f"input[value='{q['answer'][0]}']")
    card.locator(".zf-q-option", has=has_key).tap(force=True)
    assert not key.is_checked()
    assert card.locator(".zf-q-option.is-key", has=has_key).count() == 1
    assert card.locator(".zf-q-option.is-picked-wrong").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "phone-practice-wrong.png"))
    # a multiple-choice question: 提交答案 twice still counts once
    first_of_type(phone, "多选")
    m = questions[current(phone)]
    card = phone.locator(STAGE)
    card.locator(f"input[value='{wrong_letters(m)[0]}']").check()
    submit = card.get_by_role("button", name="提交答案")
    submit.tap()
    assert submit.is_disabled()
    submit.evaluate("b => b.click()")
    stored = progress(phone)
    assert [h["id"] for h in stored["history"]] == [q["id"], m["id"]]
    counted = {k: v for k, v in stored["questions"][q["id"]].items() if k != "last"}
    assert counted == {"right": 0, "wrong": 1, "streak": 0, "inWrongbook": True}
    assert stored["questions"][m["id"]]["wrong"] == 1


def test_arrow_keys_move_the_choice_without_grading(phone, site_url):
    phone.set_viewport_size({"width": 1366, "height": 900})
    open_drill(phone, site_url)
    first_of_type(phone, "单选")
    card = phone.locator(STAGE)
    card.locator("input").first.focus()
    phone.keyboard.press("Space")  # Space chooses and grades, as a tap does
    phone.locator(STAGE + " .zf-q-verdict").wait_for()
    assert len(progress(phone)["history"]) == 1
    phone.get_by_role("button", name="下一题").click()
    assert phone.evaluate("document.activeElement.classList.contains('zf-q-stem')"), "focus lost after 下一题"
    phone.keyboard.press("Tab")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    card = phone.locator(STAGE)
    assert card.locator("input:checked").count() == 1
    assert card.locator(".zf-q-feedback").is_hidden() and len(progress(phone)["history"]) == 1
    phone.keyboard.press("Enter")
    assert card.locator(".zf-q-feedback").is_visible() and len(progress(phone)["history"]) == 2
    assert phone.evaluate("document.activeElement.classList.contains('zf-q-feedback')")


@pytest.mark.parametrize("mode", ["顺序练习", "随机练习", "专项练习", "错题本", "收藏"])
def test_every_practice_mode_and_its_position_survive_a_reload(phone, site_url, site, mode):
    questions = bank(site)
    open_drill(phone, site_url)
    if mode in ("错题本", "收藏"):  # three questions in it first
        first_of_type(phone, "判断")
        for _ in range(3):
            qid = current(phone)
            if mode == "错题本":
                phone.locator(STAGE).locator(f"input[value='{wrong_letters(questions[qid])[0]}']").check()
            else:
                phone.get_by_role("button", name="☆ 收藏").tap()
            phone.get_by_role("button", name="下一题").tap()
            moved_on(phone, qid)
    if mode == "专项练习":
        phone.locator(".zf-pick-type").select_option("多选")
        phone.get_by_role("button", name="开始专项练习").tap()
    else:
        phone.get_by_role("button", name=mode, exact=True).tap()
    phone.locator(STAGE).wait_for()
    phone.get_by_role("button", name="下一题").tap()
    phone.locator(".zf-drill-pos:has-text('第 2 /')").wait_for()
    before, pos = current(phone), phone.locator(".zf-drill-pos").inner_text()
    phone.reload()
    phone.locator(STAGE).wait_for()
    assert phone.locator(".zf-drill-pos").inner_text() == pos and pos.startswith(mode)
    assert current(phone) == before
    assert (
        phone.get_by_role("button", name=mode, exact=True).count() == 0
        or phone.get_by_role("button", name=mode, exact=True).get_attribute("aria-pressed") == "true"
    )
    if mode == "专项练习":
        assert questions[before]["type"] == "多选" and phone.locator(".zf-pick-type").input_value() == "多选"


def test_special_practice_narrows_chapters_by_standard_and_explains_an_empty_choice(phone, site_url, site):
    open_drill(phone, site_url)
    chapters = phone.locator(".zf-pick-chapter option")
    everything = chapters.count()
    standards = phone.locator(".zf-pick-standard option").all_inner_texts()[1:]
    phone.locator(".zf-pick-standard").select_option(standards[-1])
    narrowed = chapters.all_inner_texts()[1:]
    assert 0 < len(narrowed) < everything - 1
    assert all("《" not in t and "题）" in t for t in narrowed)
    # a chapter and a procedure with no question in common: the message names the choice
    phone.locator(".zf-pick-chapter").select_option(index=1)
    procedures = phone.locator(".zf-pick-procedure option").all_inner_texts()[1:]
    for title in procedures:
        phone.locator(".zf-pick-procedure").select_option(label=title)
        phone.get_by_role("button", name="开始专项练习").tap()
        empty = phone.locator(".zf-drill-empty")
        if empty.count():
            text = empty.inner_text()
            assert "没有同时符合这些条件的试题" in text and title in text
            break
    else:
        pytest.fail("every procedure shares a question with the chapter")


def test_back_to_top_never_covers_the_practice_buttons(phone, site_url):
    open_drill(phone, site_url)
    phone.mouse.wheel(0, 1500)
    phone.evaluate("window.scrollTo(0, 1200)")
    phone.evaluate("window.scrollTo(0, 300)")  # scrolling up is when Furo shows 回到顶部
    phone.wait_for_timeout(100)
    top = phone.locator(".back-to-top")
    assert top.count() == 0 or not top.is_visible()


def test_flowchart_zooms_and_pans_on_a_phone(phone, site_url):
    phone.goto(f"{site_url}/procedures/putong.html")
    frame = phone.locator(".zf-flowchart")
    frame.locator("svg").wait_for()
    label_px = """() => { const svg = document.querySelector('.zf-flowchart svg');
        return 16 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }"""
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert phone.evaluate(label_px) >= 12  # legible as it opens, not shrunk to the width
    before = phone.evaluate(label_px)
    phone.get_by_role("button", name="放大").tap()
    assert phone.evaluate(label_px) > before
    phone.get_by_role("button", name="缩小").tap()
    assert abs(phone.evaluate(label_px) - before) < 0.5
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390  # the chart scrolls in its frame
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth + 100")
    frame.evaluate("f => { f.scrollLeft = f.scrollWidth; f.scrollTop = f.scrollHeight; }")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "phone-flowchart-zoomed.png"))
    last = frame.locator("a").last
    target = last.get_attribute("xlink:href") or last.get_attribute("href")
    last.tap()
    phone.wait_for_url(f"**/putong.html{target}")
    phone.get_by_role("button", name="适应宽度").first.tap()
    assert phone.evaluate(label_px) < 8


def test_deadlines_sort_by_length(phone, site_url):
    phone.goto(f"{site_url}/procedures/index.html")
    table = phone.locator("table.zf-sortable").first
    table.locator("thead th", has_text="时限").click()
    periods = [t.split("（")[0] for t in table.locator("tbody tr td:nth-child(2)").all_inner_texts()]
    days = {"小时": 1 / 24, "个工作日": 1.4, "日": 1, "个月": 30, "年": 365}
    values = []
    for p in periods:
        n, unit = p.split(" ", 1)
        values.append(float(n) * days[unit])
    assert values == sorted(values), periods
    assert periods.index("3 个月") > periods.index("5 个工作日")
