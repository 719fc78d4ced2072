"""Incremental builds: after each kind of edit, `zhifa build` reusing the previous build publishes exactly
what a clean build of the same source publishes (every file of the site: pages, needs.json, search index,
question bank, .docx by their document.xml), and an unchanged rebuild writes no page."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import make_repo, zhifa

# sphinx-needs reports how fast it validated: timings, the only part of the site that differs between builds
TIMINGS = ("validation_summary", "validated_needs_per_second")
# Written by every build (not per page): Sphinx's index and search pages, sphinx-needs' permalink page.
ALWAYS_WRITTEN = {"genindex.html", "search.html", "permalink.html"}


def build(src: Path, out: Path, *extra: str) -> None:
    result = zhifa("--root", str(src), "build", "--out", str(out), *extra)
    assert result.returncode == 0, result.stdout + result.stderr


def published(out: Path) -> dict[str, bytes]:
    """Every published file by path; a .docx by its document.xml (the zip itself carries timestamps)."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file():
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                files[rel] = z.read("word/document.xml")
        elif rel == "schema_violations.json":
            report = json.loads(path.read_text(encoding="utf-8"))
            files[rel] = repr({k: v for k, v in report.items() if k not in TIMINGS}).encode()
        else:
            files[rel] = path.read_bytes()
    return files


def assert_same_as_clean(src: Path, out: Path, tmp_path: Path) -> dict[str, bytes]:
    pinned = zhifa("--root", str(src), "pin", "--all")  # the edit was reviewed: questions re-pinned
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    build(src, out)
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(src, clean, "--clean")
    mine, theirs = published(out), published(clean)
    assert sorted(mine) == sorted(theirs)
    differing = [rel for rel in theirs if mine[rel] != theirs[rel]]
    assert differing == [], f"incremental build differs from a clean build in {differing}"
    return mine


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, Path]:
    """One fixture repository and its site, built once; each test edits it and rebuilds incrementally."""
    base = tmp_path_factory.mktemp("incremental")
    src = make_repo(base / "src")
    out = base / "site"
    build(src, out)
    return src, out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_text(html: bytes) -> str:
    return re.sub(r"<[^>]+>", "", html.decode("utf-8"))


def test_unchanged_rebuild_writes_no_page(repo):
    src, out = repo
    build(src, out)
    outputs = [p for p in out.rglob("*.html") if p.name not in ALWAYS_WRITTEN]
    outputs += [
        *out.glob("docx/*.docx"),
        *(out / n for n in ("needs.json", "zhifa-search.json", "zhifa-search-text.json", "zhifa-search-bank.json")),
        out / "zhifa-bank.json",
    ]
    for _ in range(2):
        before = {p: p.stat().st_mtime_ns for p in outputs}
        build(src, out)
        rewritten = [p.relative_to(out).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t]
        assert rewritten == []


def test_clause_text_edit(repo, tmp_path):
    src, out = repo
    edit(src / "standards/demo/general.md", "执法人员不得少于两人。", "执法人员不得少于两人，并应当出示执法证件。")
    site = assert_same_as_clean(src, out, tmp_path)
    assert "出示执法证件" in site["zhifa-search-text.json"].decode("utf-8")


def test_clause_title_edit_updates_backlinks_elsewhere(repo, tmp_path):
    src, out = repo
    edit(src / "standards/demo/general.md", "```{clause} 执法人员\n", "```{clause} 执法人员人数\n")
    site = assert_same_as_clean(src, out, tmp_path)
    assert "执法人员人数" in page_text(site["laws/xzcf.html"])  # the law's backlink to the clause


def test_clause_added_renumbers_following_clauses_on_other_pages(repo, tmp_path):
    src, out = repo
    before = page_text(published(out)["quizzes/demo.html"])
    edit(
        src / "standards/demo/general.md",
        "# 总则\n",
        "# 总则\n\n```{clause} 适用范围\n:id: CL-AAAAA9\n"
        ":effective: 2024-01-01\n:source: 示范\n\n本规范适用于行政处罚案件的办理。\n```\n",
    )
    site = assert_same_as_clean(src, out, tmp_path)
    after = page_text(site["quizzes/demo.html"])
    # the question page cites 立案标准 (CL-AAAAA3): one clause more in front of it
    assert "第三条 立案标准" in before and "第四条 立案标准" in after


def test_clause_repealed_renumbers_following_clauses(repo, tmp_path):
    src, out = repo
    before = page_text(published(out)["templates/filing-form.html"])
    edit(
        src / "standards/demo/general.md",
        ":id: CL-AAAAA9\n:effective: 2024-01-01\n",
        ":id: CL-AAAAA9\n:effective: 2024-01-01\n:repealed: 2026-01-01\n",
    )
    site = assert_same_as_clean(src, out, tmp_path)
    after = page_text(site["templates/filing-form.html"])
    assert "第四条" in before and "第四条" not in after and "第三条" in after


def test_clause_moved_between_chapters(repo, tmp_path):
    src, out = repo
    block = (
        "```{clause} 撤销立案\n:id: CL-AAAAA5\n:effective: 2024-01-01\n:source: 示范\n\n"
        "立案后发现不属于本机关管辖的，应当撤销立案，并依照 {clause}`CL-AAAAA3` 处理。\n```\n"
    )
    edit(src / "standards/demo/filing.md", block, "")
    general = src / "standards/demo/general.md"
    general.write_text(general.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    assert_same_as_clean(src, out, tmp_path)


def test_question_yaml_edit(repo, tmp_path):
    src, out = repo
    edit(
        src / "quizzes/demo.yaml",
        "  tests: [CL-AAAAA3]\n  law: [LAW-XZCF-054]\n",
        "  tests: [CL-AAAAA1]\n  law: [LAW-XZCF-054]\n",
    )
    site = assert_same_as_clean(src, out, tmp_path)
    assert "Q-AAAAA1" in site["standards/demo/general.html"].decode("utf-8")  # now in 总则's 本章练习


def test_law_article_edit(repo, tmp_path):
    src, out = repo
    edit(src / "laws/xzcf.md", ":article: 54\n", ":article: 56\n")
    site = assert_same_as_clean(src, out, tmp_path)
    assert "第五十六条" in page_text(site["standards/demo/filing.html"])


def test_template_edit(repo, tmp_path):
    src, out = repo
    edit(src / "templates/filing-form.md", "  format: 姓名或者名称\n", "  format: 姓名或者名称\n  basis: CL-AAAAA1\n")
    edit(src / "templates/filing-form.md", "当事人：【当事人】\n", "当事人：【当事人】（签名）\n")
    site = assert_same_as_clean(src, out, tmp_path)
    assert "（签名）".encode() in site["docx/TPL-AAAAA1.docx"]


def test_term_edit_relinks_every_page(repo, tmp_path):
    src, out = repo
    edit(
        src / "glossary/index.md",
        "行政机关对符合条件的违法线索正式登记为案件",
        "行政机关对符合立案标准的违法线索登记为案件",
    )
    assert_same_as_clean(src, out, tmp_path)


def test_removed_page_is_no_longer_published(repo, tmp_path):
    src, out = repo
    (src / "laws/extra.md").write_text("# 附录\n\n本页将被删除的说明文字。\n", encoding="utf-8")
    edit(src / "laws/index.md", "xzcf\n", "xzcf\nextra\n")
    build(src, out)
    assert (out / "laws/extra.html").is_file()
    (src / "laws/extra.md").unlink()
    edit(src / "laws/index.md", "xzcf\nextra\n", "xzcf\n")
    site = assert_same_as_clean(src, out, tmp_path)  # same files as a clean build: none left over
    assert "laws/extra.html" not in site


def test_clean_build_starts_from_an_empty_site(tmp_path):
    src, out = make_repo(tmp_path / "src"), tmp_path / "site"
    build(src, out)
    (out / "_static/old-theme.css").write_text("/* a previous build's file */", encoding="utf-8")
    marker = json.loads((out / ".zhifa-site.json").read_text(encoding="utf-8"))
    marker["files"].append("_static/old-theme.css")  # written by the tool in an earlier build
    (out / ".zhifa-site.json").write_text(json.dumps(marker), encoding="utf-8")
    build(src, out, "--clean")
    assert not (out / "_static/old-theme.css").exists() and (out / "index.html").is_file()
    folder = tmp_path / "not-a-site"  # a folder the tool did not build is never emptied
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    refused = zhifa("--root", str(src), "build", "--out", str(folder), "--clean")
    assert refused.returncode == 1 and "拒绝清空" in refused.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_a_problem_fails_every_rebuild_until_fixed(tmp_path):
    """The checker's problems are cached between builds: a rebuild of unchanged broken content must
    still fail, with the same located message."""
    src, out = make_repo(tmp_path / "src"), tmp_path / "site"
    build(src, out)
    edit(src / "standards/demo/general.md", ":basis: LAW-XZCF-042\n", ":basis: LAW-XZCF-042\n:cites: CL-ZZZZZ9\n")
    for _ in range(2):
        result = zhifa("--root", str(src), "build", "--out", str(out))
        assert result.returncode == 1
        assert "general.md" in result.stderr and "CL-ZZZZZ9" in result.stderr
    edit(src / "standards/demo/general.md", ":cites: CL-ZZZZZ9\n", "")
    build(src, out)


def test_a_build_failing_only_on_the_checker_leaves_the_next_build_incremental(tmp_path):
    """A clause edited while its questions await re-review fails the build (the checker's gate), yet what it
    built is consistent with its sources: the next builds start from it and rewrite only what changed, and
    still fail until the questions are re-reviewed."""
    src, out = make_repo(tmp_path / "src"), tmp_path / "site"
    build(src, out)
    edit(src / "standards/demo/general.md", "执法人员不得少于两人。", "执法人员不得少于两人，并应当出示执法证件。")
    unrelated = out / "laws/xzcf.html"
    written = []
    for _ in range(2):
        result = zhifa("--root", str(src), "build", "--out", str(out))
        assert result.returncode == 1
        assert "重新审核该题" in result.stderr and "zhifa pin Q-" in result.stderr
        assert "出示执法证件" in (out / "standards/demo/general.html").read_text(encoding="utf-8")
        written.append(unrelated.stat().st_mtime_ns)
    assert written[1] == written[0]  # the second failing build started from the first
    assert_same_as_clean(src, out, tmp_path)  # re-reviewed (pinned): the build passes, as a clean one
    assert unrelated.stat().st_mtime_ns == written[0]  # no build after the first failure started afresh
