"""The site in a real headless Chromium over HTTP on 127.0.0.1, clicked through as a user would.
Every test fails if any request to another host was attempted (see the `page` fixture)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parent.parent / "_build" / "screenshots"


def _search_from_home(page, site_url: str, term: str):
    page.goto(f"{site_url}/index.html")
    box = page.locator("input.sidebar-search").first
    box.fill(term)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    return page.locator(".zf-result")


def test_home_search_lands_on_a_clause(page, site_url):
    _search_from_home(page, site_url, "立案")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-立案.png"), full_page=True)
    link = page.locator(".zf-result a.zf-result-link[href*='#CL-']").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    heading = page.locator(f"[id='{anchor}']")
    block = page.locator(f"section.zf-obj:has([id='{anchor}'])")
    assert "立案" in block.inner_text()
    assert re.match(r"第[一二三四五六七八九十百]+条", heading.inner_text())
    assert heading.is_visible()
    page.screenshot(path=str(SHOTS / "clause.png"))


@pytest.mark.parametrize("term", ["听证", "法制审核", "陈述申辩", "先行登记保存", "立案"])
def test_search_finds_legal_terms_and_only_where_they_occur(page, site_url, term):
    results = _search_from_home(page, site_url, term)
    texts = results.all_inner_texts()
    assert texts, f"nothing found for {term}"
    assert term in texts[0].split("\n")[0], texts[0]  # the best hit names the term in its heading
    assert all(term in re.sub(r"[\s、]", "", t) for t in texts)  # 陈述、申辩 is 陈述申辩 (issue 21)


def test_search_for_a_chapter_term_ranks_its_chapter_first(page, site_url):
    results = _search_from_home(page, site_url, "陈述申辩")
    where = results.first.locator(".zf-result-where").inner_text()
    assert "告知与陈述申辩" in where or "陈述申辩" in results.first.locator(".zf-result-link").inner_text()


@pytest.mark.parametrize("query", ["第十二条", "第12条", "12条"])
def test_search_jumps_to_a_clause_number(page, site_url, query):
    _search_from_home(page, site_url, query)
    heads = page.locator(".zf-result-link").all_inner_texts()
    assert heads[0].startswith("第十二条 "), heads[:3]
    assert any(h.startswith("《行政处罚法》第十二条") for h in heads), heads[:5]
    page.locator(".zf-result-link").first.click()
    page.wait_for_url(re.compile(r"#CL-"))
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}'] .zf-num").inner_text() == "第十二条"


def test_search_finds_a_law_article_and_an_id(page, site_url):
    _search_from_home(page, site_url, "行政处罚法第五十八条")
    assert page.locator(".zf-result-link").first.inner_text().startswith("《行政处罚法》第五十八条 法制审核")
    page.goto(f"{site_url}/search.html?q=law-xzcf-054")
    page.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    assert page.locator(".zf-result-link").first.inner_text().startswith("《行政处罚法》第五十四条")


def test_search_says_when_nothing_matches(page, site_url):
    results = _search_from_home(page, site_url, "不存在的词语甲乙丙")
    assert results.count() == 0
    assert "没有找到" in page.locator("#zf-search-status").inner_text()


def test_clause_page_on_a_phone(browser, site_url, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/standards/chufa/lian.html")
    page.wait_for_selector("section.zf-obj")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-lian.png"))
    first = page.locator("section.zf-obj").first
    assert first.locator(".zf-status").inner_text() in {"现行", "未施行", "草案", "废止"}
    assert "施行日期" in first.inner_text() and "依据" in page.locator("section.zf-obj").nth(1).inner_text()


def test_a_foreign_request_is_caught(browser, site_url):
    """The guard the other tests rely on must itself notice a request to another host."""
    context = browser.new_context()
    seen = []
    context.route(
        "**/*",
        lambda r: (
            (seen.append(r.request.url), r.abort())
            if not r.request.url.startswith("http://127.0.0.1:")
            else r.continue_()
        ),
    )
    pg = context.new_page()
    pg.goto(f"{site_url}/index.html")
    pg.evaluate("fetch('https://cdn.example.com/x.js').catch(() => null)")
    pg.wait_for_timeout(300)
    context.close()
    assert any("cdn.example.com" in u for u in seen)


def test_questions_are_searched_only_on_request(page, site_url, site):
    """The bank's entries (most of a big index) are fetched only when the reader ticks the box."""
    bank = json.loads((site / "zhifa-search-bank.json").read_text(encoding="utf-8"))["docs"]
    core = json.loads((site / "zhifa-search.json").read_text(encoding="utf-8"))["docs"]
    assert bank and all(e["id"].startswith("Q-") for e in bank)
    assert not any(e["id"].startswith("Q-") for e in core)
    qid = bank[len(bank) // 2]["id"]
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{site_url}/search.html?q={qid}")
    page.wait_for_function("document.getElementById('zf-search-status').textContent !== ''")
    assert "没有找到" in page.locator("#zf-search-status").inner_text()
    assert "未搜索题库中的试题" in page.locator("#zf-search-status").inner_text()
    assert not any("zhifa-search-bank.json" in u for u in fetched)
    page.locator("#zf-bank").check()
    page.wait_for_function("document.getElementById('zf-search-status').textContent.indexOf('已同时搜索题库') >= 0")
    first = page.locator(".zf-result-link").first
    assert qid in first.get_attribute("href")
    assert any("zhifa-search-bank.json" in u for u in fetched)
    page.reload()  # the choice is kept in the address
    page.wait_for_function("document.getElementById('zf-search-status').textContent.indexOf('已同时搜索题库') >= 0")
    assert page.locator("#zf-bank").is_checked()
    assert qid in page.locator(".zf-result-link").first.get_attribute("href")
