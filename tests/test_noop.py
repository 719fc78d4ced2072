"""A build with nothing changed does not start Sphinx and touches nothing; each kind of input it is built
from (a source, the metamodel, the git history, the site folder, the build date) makes it build again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import make_repo, zhifa

PAGE = "standards/demo/general.html"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            out[os.path.relpath(os.path.join(dirpath, name), folder)] = (st.st_size, st.st_mtime_ns)
    return out


def _build(repo: Path, out: Path, *extra: str) -> str:
    done = zhifa("--root", str(repo), "build", "--out", str(out), *extra, cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_nothing_changed_means_no_build_and_every_input_means_a_build(tmp_path):
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "初始")
    out = tmp_path / "html"
    state = tmp_path / ".html.zhifa-state"
    assert "站点已生成" in _build(repo, out)

    # nothing changed: Sphinx does not start (its environment is not even rewritten), no file is touched
    site_before, state_before = _snapshot(out), _snapshot(state)
    said = _build(repo, out)
    assert "没有任何变化" in said and "对象数量：条款 5" in said
    assert _snapshot(out) == site_before and _snapshot(state) == state_before

    # a source edited: built, with the new text
    clause = repo / "standards" / "demo" / "general.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("制定本规范", "制定本规范（修订）"), encoding="utf-8")
    assert "站点已生成" in _build(repo, out)
    assert "制定本规范（修订）" in (out / PAGE).read_text(encoding="utf-8")
    assert "没有任何变化" in _build(repo, out)

    # the metamodel
    meta = repo / "metamodel.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    assert "站点已生成" in _build(repo, out)

    # the git history the pages show: a commit without any file change, then a release tag
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "修订目的条款")
    assert "站点已生成" in _build(repo, out)
    _git(repo, "tag", "v2026.1")
    assert "站点已生成" in _build(repo, out)

    # the site folder: a page deleted is built again
    (out / PAGE).unlink()
    assert "站点已生成" in _build(repo, out)
    assert "制定本规范（修订）" in (out / PAGE).read_text(encoding="utf-8")

    # the build date
    assert "站点已生成" in _build(repo, out, "--date", "2026-07-01")
    assert "没有任何变化" in _build(repo, out, "--date", "2026-07-01")

    # --clean always builds
    assert "站点已生成" in _build(repo, out, "--date", "2026-07-01", "--clean")
