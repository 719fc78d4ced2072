"""How objects render, on the small fixture repository built once for this module."""

from __future__ import annotations

import re

import pytest

from conftest import make_repo, sphinx_build


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("mini") / "repo")
    out = root.parent / "html"
    result = sphinx_build(root, out)
    assert result.returncode == 0, result.stderr
    return out


def _block(html: str, need_id: str) -> str:
    start = html.index(f'id="{need_id}"')
    return html[start : html.index("</section>", start)]


def test_reference_role_shows_the_current_number_and_links(mini):
    html = (mini / "standards/demo/filing.html").read_text(encoding="utf-8")
    block = _block(html, "CL-AAAAA5")
    assert '<a class="zf-ref reference internal" href="#CL-AAAAA3">第三条</a>' in block


def test_pending_clause_has_no_number_and_later_numbers_skip_it(mini):
    html = (mini / "standards/demo/filing.html").read_text(encoding="utf-8")
    pending = _block(html, "CL-AAAAA4")
    assert "未施行" in pending and 'class="zf-num"' not in pending
    assert '<span class="zf-num">第四条</span>' in _block(html, "CL-AAAAA5")


def test_first_use_of_a_term_links_to_its_definition(mini):
    html = (mini / "standards/demo/filing.html").read_text(encoding="utf-8")
    block = _block(html, "CL-AAAAA3")
    links = re.findall(r'<a class="zf-term reference internal" href="([^"]+)" title="([^"]+)">立案</a>', block)
    assert links == [
        ("../../glossary/index.html#TERM-AAAAA1", "行政机关对符合条件的违法线索正式登记为案件、启动调查的程序环节。")
    ]
    head = block[: block.index("</h3>")]
    assert "zf-term" not in head


def test_backlinks_name_the_clause_by_number(mini):
    html = (mini / "laws/xzcf.html").read_text(encoding="utf-8")
    block = _block(html, "LAW-XZCF-054")
    assert "被依据：" in block and "第三条 立案标准" in block


def test_object_table_lists_every_clause_with_a_filter(mini):
    html = (mini / "glossary/index.html").read_text(encoding="utf-8")
    assert '<select data-zf-filter="zf-table-' in html and '<option value="0">法定</option>' in html
    rows = re.findall(r'<tr class="zf-fv-(\d|none)[^"]*">(.*?)</tr>', html, re.S)
    assert len(rows) == 5
    assert [r[0] for r in rows] == ["1", "0", "0", "1", "1"]  # 示范, 法定, 法定, 示范, 示范 in reading order
    assert "第三条" in rows[2][1] and "立案标准" in rows[2][1]


def test_procedure_page_inlines_a_clickable_chart(mini):
    html = (mini / "procedures/filing.html").read_text(encoding="utf-8")
    start = html.index('<div class="zf-flowchart')
    svg = html[start : html.index("</svg>", start)]
    for step in ("ST-AAAAA1", "ST-AAAAA2", "ST-AAAAA3", "ST-AAAAA4", "ST-AAAAA5"):
        assert f'xlink:href="#{step}"' in svg
    assert "2. 是否符合立案标准" in svg and "符合" in svg
    assert '<span class="zf-num">第3步</span>' in html
    assert "时限：15 个工作日（自发现线索之日起算）" in html
    assert re.search(r'分支：符合 → <a class="zf-ref reference internal" href="#ST-AAAAA3">第3步 立案</a>', html)


def test_deadline_table_is_derived_from_the_steps(mini):
    html = (mini / "procedures/index.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="zf-table zf-sortable') : html.index("</table>")]
    assert table.count("<tr") == 2  # heading + the one step with a deadline
    assert "15 个工作日（自发现线索之日起算）" in table and "立案流程" in table


def test_template_page_declares_fields_and_links_its_docx(mini):
    html = (mini / "templates/filing-form.html").read_text(encoding="utf-8")
    assert 'href="../docx/TPL-AAAAA1.docx"' in html
    assert (mini / "docx/TPL-AAAAA1.docx").is_file()
    fields = html[html.index("zf-form-fields") :]
    assert (
        '<a class="zf-ref reference internal" href="../standards/demo/filing.html#CL-AAAAA3">《示例规范》第三条</a>'
        in fields
    )
    assert '<span class="zf-ph">【当事人】</span>' in html
    steps = (mini / "standards/demo/filing.html").read_text(encoding="utf-8")
    assert "被实施：" in _block(steps, "CL-AAAAA3")


def test_chapter_page_practice_gives_feedback_and_never_runs_question_text(mini, page):
    from conftest import serve

    with serve(mini) as url:
        page.goto(f"{url}/standards/demo/filing.html")
        first = page.locator(".zf-q[data-id='Q-AAAAA1']")
        first.get_by_label("A. 应当及时立案").check()
        feedback = first.locator(".zf-q-feedback")
        assert "回答正确" in feedback.inner_text()
        link = feedback.locator("a.zf-q-link", has_text="第三条").first
        assert link.get_attribute("href").endswith("standards/demo/filing.html#CL-AAAAA3")
        risky = page.locator(".zf-q[data-id='Q-AAAAA7']")
        risky.locator("input[value='B']").check()
        assert "回答错误。正确答案：A" in risky.locator(".zf-q-feedback").inner_text()
        assert "<script>window.pwned=1</script>" in risky.inner_text()
        assert 'onerror="window.pwned=3"' in risky.inner_text()
        assert page.evaluate("window.pwned") is None
        assert page.locator(".zf-practice img, .zf-practice script").count() == 0
        page.get_by_role("button", name="背题模式").click()
        assert "正确答案：A" in first.locator(".zf-q-feedback").inner_text()
        assert first.locator("input[value='A']").is_checked()
        link.click()
        page.wait_for_url(re.compile(r"#CL-AAAAA3$"))


def test_the_theme_interface_is_in_chinese(mini):
    from zhifa.sphinx.ui_text import UI_TEXT

    for page in ("index.html", "standards/demo/filing.html", "search.html"):
        html = (mini / page).read_text(encoding="utf-8")
        leftover = [english for english in UI_TEXT if english in html]
        assert not leftover, (page, leftover)
        assert "跳到正文" in html and 'aria-label="打开或关闭导航栏"' in html
    assert "本页目录" in (mini / "standards/demo/filing.html").read_text(encoding="utf-8")
