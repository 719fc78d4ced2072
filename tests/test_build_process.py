"""The build's process-level savings (issue 28): the process that runs Sphinx ends without freeing its heap,
so it must still report Sphinx's exit status and every message; the repository parse is reused file by file."""

from __future__ import annotations

import subprocess
import sys

from conftest import BUILD_DATE, make_repo
from zhifa.model import myst, repo


def _build(src, out):
    return subprocess.run(
        [sys.executable, "-m", "zhifa.publish.run_sphinx", "-W", "--keep-going", "-q", "--no-color", "-b", "html"]
        + ["-D", f"zhifa_build_date={BUILD_DATE}", str(src), str(out)],
        capture_output=True,
        text=True,
    )


def test_the_build_process_reports_sphinx_s_status_and_its_last_messages(tmp_path):
    src = make_repo(tmp_path / "repo")
    ok = _build(src, tmp_path / "site")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "site" / "standards" / "demo" / "general.html").is_file()

    page = src / "standards" / "demo" / "general.md"
    page.write_text(page.read_text(encoding="utf-8").replace("LAW-XZCF-042", "LAW-XZCF-999"), encoding="utf-8")
    failed = _build(src, tmp_path / "site2")
    assert failed.returncode != 0
    # the checker's located warning, written just before the process ends, is not lost
    assert "general.md" in failed.stderr and "LAW-XZCF-999" in failed.stderr


def test_a_reload_parses_only_the_files_that_changed(tmp_path, monkeypatch):
    src = make_repo(tmp_path / "repo")
    parsed: dict = {}
    first = repo.load(src, parsed=parsed)
    assert set(parsed) == {d + ".md" for d in first.docs}

    read = []
    real_read = myst.read
    monkeypatch.setattr(myst, "read", lambda path, *a: read.append(path) or real_read(path, *a))
    page = src / "standards" / "demo" / "general.md"
    page.write_text(page.read_text(encoding="utf-8").replace("执法人员不得少于两人", "执法人员应当两人以上"), "utf-8")
    (src / "standards" / "demo" / "filing.md").unlink()
    again = repo.load(src, parsed=parsed)
    assert read == ["standards/demo/general.md"]
    assert "standards/demo/filing.md" not in parsed  # a deleted file's parse is dropped

    fresh = repo.load(src)
    assert again.objects == fresh.objects and again.problems == fresh.problems
    assert any("执法人员应当两人以上" in line for o in again.objects for line in o.body)
