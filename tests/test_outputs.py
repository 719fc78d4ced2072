"""Outputs never touch sources: every output option pointed at the repository root, a parent folder, the
content, a tracked file or someone else's file is refused with one message and a non-zero exit, and nothing
is lost. Each test works in a temporary git copy of the small fixture repository."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import make_repo, zhifa, zhifa_serve


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """The fixture repository committed to git, with a README, as a legal office has it."""
    root = make_repo(tmp_path / "repo")
    (root / "README.md").write_text("# 本县执法规范\n", encoding="utf-8")
    (root / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "sources")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the repository's sources (the .git folder included), by path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).parts[0] == "_build"
    }


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "拒绝" in result.stderr and "处理：" in result.stderr, result.stderr
    for w in words:
        assert w in result.stderr, result.stderr


def unchanged(root: Path, before: dict[str, bytes]) -> None:
    assert snapshot(root) == before
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""


def test_build_and_clean_into_a_parent_folder_are_refused(repo):
    """`build --out ..` then `build --out .. --clean` deleted the whole repository, .git included."""
    before = snapshot(repo)
    refused(zhifa("build", "--out", "..", cwd=repo), "包含整个仓库")
    refused(zhifa("build", "--out", "..", "--clean", cwd=repo), "包含整个仓库")
    refused(zhifa("build", "--out", str(repo.parent.parent), "--clean", "--force", cwd=repo), "包含整个仓库")
    unchanged(repo, before)
    assert not (repo.parent / ".buildinfo").exists() and (repo / ".git").is_dir()


def test_build_and_clean_into_a_content_folder_are_refused(repo):
    """`--out standards` then `--clean` deleted 66 tracked source files."""
    before = snapshot(repo)
    refused(zhifa("build", "--out", "standards", cwd=repo), "standards 是仓库的源文件")
    refused(zhifa("build", "--out", "standards", "--clean", cwd=repo), "standards")
    refused(zhifa("build", "--out", "quizzes/site", cwd=repo), "quizzes")
    unchanged(repo, before)


def test_build_into_the_repository_root_is_refused_without_a_traceback(repo):
    before = snapshot(repo)
    refused(zhifa("build", "--out", ".", cwd=repo), "仓库根目录")
    refused(zhifa("build", "--out", ".", "--force", cwd=repo), "仓库根目录")
    unchanged(repo, before)


def test_build_into_someone_elses_folder_needs_force_and_clean_never_empties_it(repo, tmp_path):
    theirs = tmp_path / "their-site"
    theirs.mkdir()
    (theirs / "index.html").write_text("<p>我们科室自己的首页</p>", encoding="utf-8")
    (theirs / "notes.txt").write_text("培训安排", encoding="utf-8")
    refused(zhifa("--root", str(repo), "build", "--out", str(theirs)), "不是空的", "--force")
    refused(zhifa("--root", str(repo), "build", "--out", str(theirs), "--clean"), "不是本工具构建的站点")
    assert (theirs / "index.html").read_text(encoding="utf-8") == "<p>我们科室自己的首页</p>"
    assert sorted(p.name for p in theirs.iterdir()) == ["index.html", "notes.txt"]
    # asked for explicitly: the build goes ahead, says what it kept, and --clean still never deletes it
    forced = zhifa("--root", str(repo), "build", "--out", str(theirs), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "notes.txt" in forced.stderr and (theirs / "notes.txt").read_text(encoding="utf-8") == "培训安排"
    refused(zhifa("--root", str(repo), "build", "--out", str(theirs), "--clean"), "notes.txt", "先移走")
    assert (theirs / "notes.txt").is_file() and (theirs / "index.html").is_file()


def test_clean_empties_only_what_the_tool_wrote(repo, tmp_path):
    out = tmp_path / "site"
    extra = repo / "laws/extra.md"
    extra.write_text("# 附加页面\n\n仅用于测试。\n", encoding="utf-8")
    index = repo / "laws/index.md"
    listing = index.read_text(encoding="utf-8")
    index.write_text(listing.replace("xzcf\n", "xzcf\nextra\n"), encoding="utf-8")
    assert zhifa("--root", str(repo), "build", "--out", str(out)).returncode == 0
    assert (out / "laws/extra.html").is_file()
    # a file of the user's in the site: kept by every build, and --clean refuses rather than delete it
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    kept = zhifa("--root", str(repo), "build", "--out", str(out))
    assert kept.returncode == 0 and "notes.txt" in kept.stderr
    refused(zhifa("--root", str(repo), "build", "--out", str(out), "--clean"), "notes.txt")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep" and (out / "index.html").is_file()
    (out / "notes.txt").unlink()
    # the page's source goes away: a clean build starts from an empty site (its old page is gone)
    extra.unlink()
    index.write_text(listing, encoding="utf-8")
    (out / "laws/extra.html").touch()  # as a previous build left it
    clean = zhifa("--root", str(repo), "build", "--out", str(out), "--clean")
    assert clean.returncode == 0, clean.stderr
    assert not (out / "laws/extra.html").exists() and (out / "index.html").is_file()


def test_a_file_the_tool_no_longer_makes_is_removed_only_where_its_marker_lists_it(repo, tmp_path):
    """outputs.RETIRED: Sphinx's searchindex.js, which earlier versions published, leaves a site built by the tool
    (its marker lists it) at the next build, so an incremental build publishes what a clean one does; in a folder
    whose marker does not list it, it is someone else's and stays."""
    from zhifa.publish import outputs

    assert "searchindex.js" in outputs.RETIRED
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for site, listed in ((ours, ["index.html", "searchindex.js"]), (theirs, ["index.html"])):
        site.mkdir()
        (site / "index.html").write_text("<html></html>", encoding="utf-8")
        (site / "searchindex.js").write_text("Search.setIndex({})", encoding="utf-8")
        (site / outputs.SITE_MARKER).write_text(json.dumps({"files": listed, "foreign": []}), encoding="utf-8")
        outputs.claim_site(repo, site, clean=False, force=False)
    assert not (ours / "searchindex.js").exists() and (ours / "index.html").is_file()
    assert (theirs / "searchindex.js").is_file()


def test_clean_never_empties_a_git_repository(repo, tmp_path):
    other = tmp_path / "other-repo"
    other.mkdir()
    git(other, "init", "-q")
    (other / "a.txt").write_text("x", encoding="utf-8")
    refused(zhifa("--root", str(repo), "build", "--out", str(other), "--clean"), "git 仓库")
    refused(zhifa("--root", str(repo), "build", "--out", str(other), "--force"), "git 仓库")
    assert (other / "a.txt").is_file() and (other / ".git").is_dir()


def test_state_and_caches_live_outside_the_published_site(repo):
    out = repo / "_build/html"
    result = zhifa("--root", str(repo), "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    published = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    assert "index.html" in published
    assert not [p for p in published if p.startswith(".doctrees") or p.endswith((".pickle", ".doctree"))]
    state = list((repo / "_build/state").glob("html-*"))
    assert len(state) == 1 and list(state[0].rglob("*.doctree")) and (state[0] / "zhifa-build.json").is_file()
    # and the state folder's parent can never be published
    refused(zhifa("--root", str(repo), "build", "--out", str(repo / "_build")), "构建状态")


def test_a_site_outside_the_repository_keeps_its_state_beside_it(repo, tmp_path):
    """Builds into temporary folders (tests, previews) leave nothing behind in the repository."""
    out = tmp_path / "preview" / "site"
    result = zhifa("--root", str(repo), "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (repo / "_build/state").exists()
    state = tmp_path / "preview" / ".site.zhifa-state"
    assert list(state.rglob("*.doctree")) and not (out / ".doctrees").exists()


def test_a_site_built_by_an_earlier_version_is_adopted_and_its_state_moved_out(repo, tmp_path):
    out = tmp_path / "site"
    assert zhifa("--root", str(repo), "build", "--out", str(out)).returncode == 0
    (out / ".zhifa-site.json").unlink()  # what an earlier zhifa left: state inside, no marker
    (out / ".doctrees").mkdir()
    (out / ".doctrees/zhifa-build.json").write_text("{}", encoding="utf-8")
    (out / ".doctrees/environment.pickle").write_bytes(b"old")
    result = zhifa("--root", str(repo), "build", "--out", str(out), "--clean")
    assert result.returncode == 0, result.stderr
    assert not (out / ".doctrees").exists() and (out / "index.html").is_file()


def test_every_output_option_refuses_sources_and_tracked_files(repo, site):
    before = snapshot(repo)
    bank = str(site / "zhifa-bank.json")
    r = ("--root", str(repo))
    refused(zhifa(*r, "standard", "demo", "-o", str(repo / "standards/demo/filing.md")), "standards")
    refused(zhifa(*r, "export", "--format", "gift", "-o", str(repo / "quizzes/demo.yaml")), "quizzes")
    refused(zhifa(*r, "export", "--format", "anki", "-o", str(repo / "README.md")), "README.md")
    refused(zhifa(*r, "export", "--format", "moodle", "-o", str(repo / "conf.py"), "--force"), "conf.py")
    refused(zhifa(*r, "diff", "HEAD", "HEAD", "-o", str(repo / "index.md")), "index.md")
    refused(zhifa(*r, "exam", "--bank", bank, "--seed", "7", "-o", str(repo / "standards/demo")), "standards")
    refused(zhifa(*r, "results", str(repo / "quizzes"), "--bank", bank, "-o", str(repo)), "仓库根目录")
    refused(zhifa(*r, "build", "--out", str(repo / "laws")), "laws")
    # a tracked file outside the content folders is a source too
    (repo / "notes").mkdir()
    (repo / "notes/会议纪要.md").write_text("纪要", encoding="utf-8")
    git(repo, "add", "notes")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "notes")
    before = snapshot(repo)
    refused(zhifa(*r, "diff", "HEAD", "HEAD", "-o", str(repo / "notes/会议纪要.md"), "--force"), "git 跟踪")
    refused(zhifa(*r, "exam", "--bank", bank, "--seed", "7", "-o", str(repo / "notes")), "git 跟踪")
    unchanged(repo, before)
    assert zhifa(*r, "check").returncode == 0


def test_exam_into_an_existing_file_is_refused_without_a_traceback(repo, site, tmp_path):
    letter = tmp_path / "README.md"
    letter.write_text("给学员的说明", encoding="utf-8")
    refused(
        zhifa("--root", str(repo), "exam", "--bank", str(site / "zhifa-bank.json"), "-o", str(letter)),
        "是一个已有文件",
        "文件夹",
    )
    assert letter.read_text(encoding="utf-8") == "给学员的说明"


def test_no_output_overwrites_a_file_it_did_not_write_unless_forced(repo, site, tmp_path):
    r = ("--root", str(repo))
    theirs = tmp_path / "deck.apkg"
    theirs.write_bytes(b"their own deck")
    refused(zhifa(*r, "export", "--format", "anki", "-o", str(theirs)), "不是本工具生成的", "--force")
    assert theirs.read_bytes() == b"their own deck"
    # results into a folder holding someone's index.html
    folder, attempts = tmp_path / "share", tmp_path / "attempts"
    folder.mkdir()
    attempts.mkdir()
    (folder / "index.html").write_text("<p>科室主页</p>", encoding="utf-8")
    refused(
        zhifa(*r, "results", str(attempts), "--bank", str(site / "zhifa-bank.json"), "-o", str(folder)), "index.html"
    )
    assert (folder / "index.html").read_text(encoding="utf-8") == "<p>科室主页</p>"
    # a file the tool wrote itself may be replaced; once someone edits it, it is theirs
    mine = tmp_path / "bank.gift.txt"
    for _ in range(2):
        assert zhifa(*r, "export", "--format", "gift", "-o", str(mine)).returncode == 0
    with mine.open("a", encoding="utf-8") as f:
        f.write("// 培训师的批注\n")
    refused(zhifa(*r, "export", "--format", "gift", "-o", str(mine)), "生成后被改动过")
    assert "培训师的批注" in mine.read_text(encoding="utf-8")
    assert zhifa(*r, "export", "--format", "gift", "-o", str(mine), "--force").returncode == 0
    assert "培训师的批注" not in mine.read_text(encoding="utf-8")
    # the same for a paper: regenerating the same seed is fine, an edited paper is not replaced
    papers = tmp_path / "papers"
    for _ in range(2):
        made = zhifa(*r, "exam", "--bank", str(site / "zhifa-bank.json"), "--seed", "11", "-o", str(papers))
        assert made.returncode == 0, made.stderr
    (papers / "试卷-11.html").write_text("改过的试卷", encoding="utf-8")
    refused(
        zhifa(*r, "exam", "--bank", str(site / "zhifa-bank.json"), "--seed", "11", "-o", str(papers)), "试卷-11.html"
    )
    assert (papers / "试卷-11.html").read_text(encoding="utf-8") == "改过的试卷"


def test_a_new_untracked_path_in_the_repository_stays_allowed(repo):
    """The README's `zhifa standard … -o 征求意见稿.docx` from the repository root keeps working."""
    for _ in range(2):
        made = zhifa(
            "--root", str(repo), "standard", "demo", "--stage", "征求意见稿", "-o", "征求意见稿.docx", cwd=repo
        )
        assert made.returncode == 0, made.stderr
    assert (repo / "征求意见稿.docx").is_file()
    ledger = json.loads((repo / "_build/zhifa-outputs.json").read_text(encoding="utf-8"))
    assert str((repo / "征求意见稿.docx").resolve()) in ledger["files"]


def test_the_preview_server_lists_no_folders_and_no_hidden_files(site):
    with zhifa_serve(site) as base:
        with urllib.request.urlopen(f"{base}/index.html", timeout=10) as ok:
            assert ok.status == 200
        for path in ("/_static/", "/_sources/", "/.zhifa-site.json", "/.buildinfo", "/_static/../.buildinfo"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(base + path, timeout=10)
            assert err.value.code == (400 if ".." in path else 404), path  # a parent-folder path is a bad request
    assert not (site / ".doctrees").exists()
