"""`zhifa init`: a new county's repository passes its own test command at once, and init never writes into
a folder that already holds something."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import zhifa

ZHIFA = f"{sys.executable} -m zhifa.cli"


def own_test(repo: Path) -> subprocess.CompletedProcess:
    """The new repository's own test command (its Makefile's `make test`), with this checkout's zhifa."""
    return subprocess.run(["make", "test", f"ZHIFA={ZHIFA}"], cwd=repo, capture_output=True, text=True)


def test_init_creates_a_repository_that_passes_its_own_test(tmp_path):
    dest = tmp_path / "示例县"
    result = zhifa("init", "示例县", str(dest))
    assert result.returncode == 0, result.stderr
    for name in (
        "README.md",
        "conf.py",
        "metamodel.yaml",
        "Makefile",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "quizzes/blueprint.yaml",
        "standards/guifan/index.md",
    ):
        assert (dest / name).is_file(), name
    assert (dest / ".git").is_dir()
    assert "project = '示例县行政执法规范'" in (dest / "conf.py").read_text(encoding="utf-8")
    readme = (dest / "README.md").read_text(encoding="utf-8")
    assert all(f"## {who}" in readme for who in ("新任执法人员", "培训师", "法制人员"))
    workflow = yaml.safe_load((dest / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert any("make test" in step.get("run", "") for step in workflow["jobs"]["test"]["steps"])
    hooks = yaml.safe_load((dest / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "zhifa check"
    assert yaml.safe_load((dest / "quizzes/blueprint.yaml").read_text(encoding="utf-8")) is None  # empty
    assert {"_build/", "_layers/"} <= set((dest / ".gitignore").read_text(encoding="utf-8").split())

    run = own_test(dest)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "检查通过" in run.stdout
    index = (dest / "_build/html/index.html").read_text(encoding="utf-8")
    assert "示例县行政执法规范" in index
    assert (dest / "_build/html/drill/exam.html").is_file()


def test_a_clause_added_to_a_new_repository_is_published(tmp_path):
    dest = tmp_path / "county"
    assert zhifa("init", "示例县", str(dest)).returncode == 0
    added = zhifa("new", "clause", "standards/guifan/zongze.md", "--title", "立法目的", cwd=dest)
    assert added.returncode == 0, added.stderr
    run = own_test(dest)
    assert run.returncode == 0, run.stdout + run.stderr
    page = (dest / "_build/html/standards/guifan/zongze.html").read_text(encoding="utf-8")
    assert "立法目的" in page and "CL-" in page


def test_init_never_writes_into_a_folder_that_holds_something(tmp_path):
    dest = tmp_path / "existing"
    dest.mkdir()
    (dest / "notes.txt").write_text("别人的文件", encoding="utf-8")
    result = zhifa("init", "示例县", str(dest))
    assert result.returncode == 2
    assert "不是空文件夹" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "别人的文件"

    a_file = tmp_path / "file.md"
    a_file.write_text("x", encoding="utf-8")
    result = zhifa("init", "示例县", str(a_file))
    assert result.returncode == 2 and a_file.read_text(encoding="utf-8") == "x"


def test_init_into_an_empty_folder(tmp_path):
    dest = tmp_path / "empty"
    dest.mkdir()
    result = zhifa("init", "示例县", str(dest))
    assert result.returncode == 0, result.stderr
    assert (dest / "metamodel.yaml").is_file()
