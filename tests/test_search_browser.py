"""Search as a new officer types it (issue 21), in headless Chromium over HTTP on 127.0.0.1, on a desktop and
on a phone. Every page fails the test on a request to another host or a JavaScript error (conftest.guarded)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import guarded
from test_phone_exam import PHONE, SHOTS


@pytest.fixture
def phone(browser):
    with guarded(browser, **PHONE) as context:
        yield context.new_page()


def search(page, site_url: str, query: str, extra: str = ""):
    page.goto(f"{site_url}/search.html?q={query}{extra}")
    page.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    return page.locator(".zf-result")


def heads(page, n: int = 3) -> list[str]:
    return page.locator(".zf-result-link").all_inner_texts()[:n]


def targets(page, n: int = 3) -> list[str]:
    return [h.split("#", 1)[-1] for h in page.locator(".zf-result-link").evaluate_all("l => l.map(a => a.href)")][:n]


def published(site) -> dict:
    """The published objects by ID, with their texts (published apart, in the same order)."""
    docs = json.loads((site / "zhifa-search.json").read_text(encoding="utf-8"))["docs"]
    texts = json.loads((site / "zhifa-search-text.json").read_text(encoding="utf-8"))
    return {d["id"]: {**d, "text": t} for d, t in zip(docs, texts, strict=True) if d["id"]}


def test_a_word_the_index_does_not_hold_falls_back_to_its_parts(page, site_url):
    assert search(page, site_url, "听证会").count() > 0
    assert any(h.startswith("第十章 听证") for h in heads(page)), heads(page)
    assert search(page, site_url, "听证期限").count() > 0
    assert any(h.startswith("第六十二条 听证申请") for h in heads(page)), heads(page)


def test_a_typo_offers_the_likely_word(page, site_url):
    search(page, site_url, "听正")
    suggestion = page.locator("#zf-suggest")
    assert suggestion.inner_text().startswith("您要找的是：听证")
    assert any("听证" in h for h in heads(page)), heads(page)
    suggestion.locator("a").click()
    page.wait_for_url(re.compile(r"q=%E5%90%AC%E8%AF%81$"))  # 听证
    page.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    assert page.locator("#zf-suggest").count() == 0


def test_five_days_is_never_found_inside_fifteen_days(page, site_url, site):
    docs = published(site)
    for query in ("五日", "5日"):
        search(page, site_url, query)
        found = [docs[t] for t in targets(page, 10) if t in docs]
        assert found and found[0]["id"] == "CL-W759R7", heads(page)
        for d in found:  # each hit says 五日 (or 五个工作日) itself, not only 十五日
            assert re.search(r"(?<![十百])五(个工作)?日", d["head"] + d["text"]), d["head"]


def test_punctuation_is_ignored(page, site_url):
    search(page, site_url, "查封扣押")
    joined = heads(page, 10)
    search(page, site_url, "查封、扣押")
    assert heads(page, 10) == joined
    assert joined[0].startswith("第四十七条 查封、扣押"), joined
    assert page.locator(".zf-result").count() >= 2


def test_a_term_ranks_its_chapter_and_clauses_before_templates(page, site_url):
    search(page, site_url, "立案")
    top = heads(page, 5)
    assert any(h.startswith("第六章 立案") for h in top[:3]), top
    assert any("立案标准" in h for h in top), top
    assert page.locator(".zf-result").first.get_attribute("data-role") != "template"


def test_one_result_per_document(page, site_url):
    search(page, site_url, "立案审批表")
    links = page.locator(".zf-result-link").evaluate_all("l => l.map(a => a.getAttribute('href'))")
    pages = [h.split("#", 1)[0].removeprefix("./") for h in links if "lian-shenpi" in h]
    assert pages == ["templates/lian-shenpi.html"], links  # the page and its template: one result
    assert links[0].endswith("#TPL-TZWKRA")


def test_each_hit_says_where_it_stands(page, site_url):
    search(page, site_url, "第十二条")
    results = page.locator(".zf-result")
    assert results.count() >= 6
    first = results.first
    assert first.locator(".zf-result-link").inner_text().startswith("第十二条 执法人员不少于两人")
    assert "行政执法工作规范（行政处罚篇）" in first.locator(".zf-result-where").inner_text()
    assert "第二章 执法主体与执法人员" in first.locator(".zf-result-where").inner_text()
    standards = set()
    for k in range(results.count()):
        where = results.nth(k).locator(".zf-result-where").inner_text()
        if results.nth(k).get_attribute("data-role") == "article":
            parts = where.split(" · ")
            assert len(parts) == 3 and re.match(r"第[一二三四五六七八九十]+章 ", parts[2]), where
            standards.add(parts[1])
    assert len(standards) >= 5  # the same number in five standards, each named


def test_a_short_question_finds_the_clause(page, site_url):
    search(page, site_url, "听证要提前几天通知")
    assert heads(page, 1)[0].startswith("第六十三条 听证通知"), heads(page)
    page.locator(".zf-result-link").first.click()
    page.wait_for_url(re.compile(r"#CL-Y15TJY$"))
    assert "七个工作日前" in page.locator("section.zf-obj:has([id='CL-Y15TJY'])").inner_text()


def test_filters_by_kind_and_by_standard(page, site_url):
    search(page, site_url, "听证", "&kind=glossary")
    roles = set(page.locator(".zf-result").evaluate_all("l => l.map(e => e.dataset.role)"))
    assert roles == {"glossary"}
    page.select_option("#zf-kind", "")
    page.select_option("#zf-std", "行政执法告知指引")
    page.wait_for_function("location.search.indexOf('std=') >= 0")
    wheres = page.locator(".zf-result-where").all_inner_texts()
    assert wheres and all("行政执法告知指引" in w for w in wheres)
    page.reload()  # the filters are kept in the address
    page.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    assert page.locator("#zf-std").input_value() == "行政执法告知指引"


def test_on_a_phone_every_page_has_a_search_box_and_the_results_read_well(phone, site_url):
    phone.goto(f"{site_url}/standards/chufa/lian.html")
    box = phone.locator("form.zf-phone-search input[name=q]")
    assert box.is_visible()  # not behind the menu
    assert box.bounding_box()["y"] < 844
    sidebar = phone.locator("input.sidebar-search").first.bounding_box()
    assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0  # furo's own box: off screen, behind the menu
    box.fill("听证要提前几天通知")
    box.press("Enter")
    phone.wait_for_url(re.compile(r"search\.html\?q="))
    phone.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    first = phone.locator(".zf-result").first
    assert first.locator(".zf-result-link").inner_text().startswith("第六十三条 听证通知")
    assert "第十章 听证" in first.locator(".zf-result-where").inner_text()
    assert phone.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.zf-result-text')).fontSize)")
    assert size >= 14
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "phone-search.png"))
    search(phone, site_url, "听正")
    assert phone.locator("#zf-suggest").is_visible()
    phone.screenshot(path=str(SHOTS / "phone-search-typo.png"))


def test_the_home_page_says_where_the_search_box_is(phone, site_url, browser):
    phone.goto(f"{site_url}/index.html")
    text = phone.locator("article").inner_text()
    assert "左侧搜索框" not in text
    assert "手机上在每页顶部" in text and "电脑上在左侧" in text
    assert phone.locator("form.zf-phone-search").is_visible()
    with guarded(browser, viewport={"width": 1280, "height": 900}) as context:
        desktop = context.new_page()
        desktop.goto(f"{site_url}/index.html")
        assert desktop.locator("input.sidebar-search").first.is_visible()
        assert not desktop.locator("form.zf-phone-search").is_visible()


def test_the_first_results_come_from_the_names_before_the_texts_arrive(page, site_url):
    """The names index (zhifa-search.json) answers at once; the texts (zhifa-search-text.json) follow."""
    page.route("**/zhifa-search-text.json", lambda route: route.abort())
    page.goto(f"{site_url}/search.html?q=%E5%90%AC%E8%AF%81%E9%80%9A%E7%9F%A5")  # 听证通知
    page.wait_for_selector("#zf-results[data-state=names] .zf-result")
    assert heads(page, 1)[0].startswith("第六十三条 听证通知"), heads(page)
    assert page.locator("#zf-search-loading").is_visible()
    page.wait_for_function("document.getElementById('zf-search-status').textContent.indexOf('全文索引加载失败') >= 0")
