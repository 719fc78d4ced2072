"""Incremental builds by recorded use (issue 28): a page is written again when something it used while it was
rendered changed, and only then. New cross-page displays are tracked without any change to the cache module
(tools/zhifa/sphinx/incremental.py): a table of another page's objects on a new page, and a display added
by an extension of the repository's own that reads objects through zhifa.sphinx.uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import make_repo
from test_incremental import assert_same_as_clean, build, edit, page_text

# A display the tool does not have: the home page quotes the full text of a clause kept on another page.
EXTENSION = '''"""Test-only display: the text of clause CL-AAAAA1 quoted on the home page."""
from docutils import nodes

from zhifa.sphinx import uses


def quote(app, doctree, docname):
    if docname == "index":
        need = uses.needs(app, docname).get("CL-AAAAA1")
        doctree += nodes.paragraph("", "引用：" + need["content"])


def setup(app):
    app.connect("doctree-resolved", quote)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

TABLE_PAGE = "# 条款一览\n\n```{objecttable}\n:type: clause\n:columns: number, title\n```\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("uses")
    src = make_repo(base / "src")
    (src / "quote_ext.py").write_text(EXTENSION, encoding="utf-8")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nimport os, sys\nsys.path.insert(0, os.path.dirname(__file__))\nextensions.append("quote_ext")\n',
        encoding="utf-8",
    )
    (src / "laws/clauses.md").write_text(TABLE_PAGE, encoding="utf-8")  # a new page: another page's objects
    edit(src / "laws/index.md", "xzcf\n", "xzcf\nclauses\n")
    out = base / "site"
    build(src, out)
    return src, out


def _row(page: Path, need_id: str) -> str:
    """The text of the table row that links to ``need_id``."""
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page.read_text(encoding="utf-8"), re.S)
    (row,) = [r for r in rows if f"#{need_id}" in r]
    return re.sub(r"<[^>]+>", "", row)


def _times(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def test_a_new_display_shows_the_edited_text_of_an_object_on_another_page(repo, tmp_path):
    src, out = repo
    assert "引用：为规范执法，制定本规范。" in page_text((out / "index.html").read_bytes())
    before = _times(out)
    edit(src / "standards/demo/general.md", "为规范执法，制定本规范。", "为规范行政执法行为，制定本规范。")
    site = assert_same_as_clean(src, out, tmp_path)  # the incremental site equals a clean build's
    assert "引用：为规范行政执法行为，制定本规范。" in page_text(site["index.html"])
    after = _times(out)
    assert after["index.html"] != before["index.html"]  # written again although its source did not change
    # a page that shows nothing of the clause is left as it was
    assert after["procedures/filing.html"] == before["procedures/filing.html"]


def test_a_new_table_page_follows_an_object_on_another_page(repo, tmp_path):
    src, out = repo
    assert "目的" in _row(out / "laws/clauses.html", "CL-AAAAA1")
    before = _times(out)
    edit(src / "standards/demo/general.md", "```{clause} 目的\n", "```{clause} 立法目的\n")
    assert_same_as_clean(src, out, tmp_path)
    assert "立法目的" in _row(out / "laws/clauses.html", "CL-AAAAA1")
    after = _times(out)
    assert after["laws/clauses.html"] != before["laws/clauses.html"]
    assert after["procedures/filing.html"] == before["procedures/filing.html"]  # shows nothing of the clause


def _git(repo: Path, *args: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_new_commit_shows_in_the_clause_history_of_an_incremental_build(tmp_path):
    """The history read from git is kept between builds (sphinx/revisions.py): a new commit must still reach
    the 修订记录 of the clause it changed."""
    src, out = make_repo(tmp_path / "src"), tmp_path / "site"
    _git(src, "init", "-q")
    _git(src, "add", ".")
    _git(src, "commit", "-q", "-m", "initial")
    build(src, out)
    edit(src / "standards/demo/general.md", "为规范执法，制定本规范。", "为规范行政执法，制定本规范。")
    _git(src, "commit", "-q", "-am", "edit")
    sha = _git(src, "rev-parse", "--short=7", "HEAD")
    site = assert_same_as_clean(src, out, tmp_path)
    assert f"（提交 {sha}）" in page_text(site["standards/demo/general.html"])
