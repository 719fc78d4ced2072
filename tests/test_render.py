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
    return html[start:html.index("</section>", start)]


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
    assert links == [("../../glossary/index.html#TERM-AAAAA1", "行政机关对符合条件的违法线索正式登记为案件、启动调查的程序环节。")]
    head = block[:block.index("</h3>")]
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
