"""A new officer finds what the corpus is for, by search and by navigation (issue: standards corpus)."""

from __future__ import annotations

import re

from test_browser import _search_from_home


def _open_first(page, query_text: str):
    """Open the best hit that is an object (a page of results may rank a whole page first)."""
    links = page.locator(".zf-result-link")
    rank = next(k for k in range(links.count()) if "#" in links.nth(k).get_attribute("href"))
    assert rank < 3, "an object should be among the first three hits"
    link = links.nth(rank)
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    return page.locator(f"section.zf-obj:has([id='{anchor}'])").inner_text()


def test_hearing_deadlines_by_search(page, site_url):
    _search_from_home(page, site_url, "听证 五个工作日")
    text = _open_first(page, "听证")
    assert "听证" in text and "五个工作日" in text


def test_eight_kinds_of_evidence_by_search(page, site_url):
    _search_from_home(page, site_url, "证据 电子数据 勘验笔录")
    text = _open_first(page, "证据")
    for kind in (
        "书证",
        "物证",
        "视听资料",
        "电子数据",
        "证人证言",
        "当事人的陈述",
        "鉴定意见",
        "勘验笔录",
        "现场笔录",
    ):
        assert kind in text, kind


def test_four_legal_review_cases_by_search(page, site_url):
    _search_from_home(page, site_url, "法制审核 重大公共利益")
    text = _open_first(page, "法制审核")
    for case in ("重大公共利益", "听证程序", "疑难复杂", "多个法律关系"):
        assert case in text, case


def test_every_standard_is_reachable_from_the_home_page(page, site_url):
    page.goto(f"{site_url}/index.html")
    page.get_by_role("link", name="按章学习执法规范").click()
    page.wait_for_url(re.compile(r"standards/index\.html$"))
    titles = page.locator("article li.toctree-l1 > a").all_inner_texts()
    for name in ("行政执法工作规范（行政处罚篇）", "行政处罚证据管理指导规范", "企业行政合规指导清单", "免罚轻罚清单"):
        assert any(name in t for t in titles), titles
    page.locator("article li.toctree-l1 > a", has_text="行政处罚证据管理指导规范").click()
    page.locator("article li.toctree-l1 > a", has_text="证据收集").click()
    assert page.locator("h1").inner_text().startswith("第")
    assert page.locator("section.zf-obj .zf-num").first.inner_text().startswith("第")


def test_compliance_checklist_filters_by_field(page, site_url):
    page.goto(f"{site_url}/standards/hegui/index.html")
    select = page.locator("select[data-zf-filter]")
    rows = page.locator("table.zf-table tbody tr")
    total = rows.count()
    assert total >= 32
    select.select_option(label="市场监管")
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) >= 8 and len(visible) < total
    assert all(r.locator("td").nth(1).inner_text() == "市场监管" for r in visible)
    select.select_option(label="全部")
    assert sum(1 for r in rows.all() if r.is_visible()) == total
