"""Releases and the ID registry: nothing published is ever deleted or reused."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import make_repo, zhifa
from zhifa.model import fingerprint


def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture(autouse=True)
def git_identity(monkeypatch):
    """Commits made by zhifa release need an author; tests use a fixed one."""
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "法制科")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "fz@example.org")


def _repo(tmp_path):
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=法制科", "-c", "user.email=fz@example.org", "add", "-A")
    _git(repo, "-c", "user.name=法制科", "-c", "user.email=fz@example.org", "commit", "-qm", "初稿")
    return repo


def test_release_tags_registers_ids_and_writes_a_verifiable_manifest(tmp_path):
    repo = _repo(tmp_path)
    result = zhifa("--root", str(repo), "release", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert _git(repo, "tag", "--list") == "v2026.1\n"
    assert _git(repo, "cat-file", "-t", "v2026.1").strip() == "tag"  # annotated
    registry = json.loads((repo / "releases/registry.json").read_text(encoding="utf-8"))["ids"]
    assert registry["CL-AAAAA3"] == {"type": "clause", "first": "v2026.1", "standard": "standards/demo"}
    assert "Q-AAAAA1" in registry
    manifest = json.loads((repo / "releases/v2026.1.json").read_text(encoding="utf-8"))
    text = (repo / "standards/demo/filing.md").read_text(encoding="utf-8")
    body = text.split(":cites: CL-AAAAA2\n\n", 1)[1].split("\n```", 1)[0]
    assert manifest["clauses"]["CL-AAAAA3"]["sha256"] == fingerprint.sha256(fingerprint.normalise("立案标准", body))
    assert manifest["clauses"]["CL-AAAAA3"]["label"] == "《示例规范》第三条" and "SHA-256" in manifest["normalisation"]
    empty = zhifa("--root", str(repo), "release", "--date", "2026-07-01")  # nothing changed since v2026.1
    assert empty.returncode == 1 and "自上次发布 v2026.1 以来" in empty.stderr and "不需要新的发布" in empty.stderr
    general = repo / "standards/demo/general.md"
    general.write_text(general.read_text(encoding="utf-8").replace("为规范执法", "为规范行政执法"), encoding="utf-8")
    _git(repo, "commit", "-qam", "修订")
    _git(repo, "checkout", "-qb", "feature")
    branch = zhifa("--root", str(repo), "release", "--date", "2026-07-01")
    assert branch.returncode == 1 and "发布只能在默认分支" in branch.stderr and "当前在分支 feature" in branch.stderr
    _git(repo, "checkout", "-q", "-")
    second = zhifa("--root", str(repo), "release", "--date", "2026-07-01")
    assert second.returncode == 0 and "v2026.2" in second.stdout


def test_a_deleted_or_reused_id_is_refused(tmp_path):
    repo = _repo(tmp_path)
    assert zhifa("--root", str(repo), "release", "--date", "2026-06-01").returncode == 0
    chapter = repo / "standards/demo/filing.md"
    text = chapter.read_text(encoding="utf-8")
    start = text.index("```{clause} 撤销立案")
    chapter.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1
    line = text[:start].count("\n") + 2  # the released clause's :id: line, where the release had it
    assert (
        f"standards/demo/filing.md:{line}: 已发布的 ID 永久保留：v2026.1 发布的条款 CL-AAAAA5 不见了"
        f"（发布 v2026.1 时在本文件第 {line} 行）。处理：恢复该对象；不再适用的条款请填写 :repealed: 废止日期"
    ) in result.stdout
    # reusing the ID for another kind of object is refused too
    glossary = repo / "glossary/index.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\n```{term} 撤销立案\n:id: CL-AAAAA5\n\n定义。\n```\n", encoding="utf-8"
    )
    result = zhifa("--root", str(repo), "check")
    assert "ID CL-AAAAA5 已作为条款发布，现在被用作术语：ID 不得复用" in result.stdout
    dirty = zhifa("--root", str(repo), "release")
    assert dirty.returncode == 1 and "Traceback" not in dirty.stderr


def test_diff_shows_changes_by_id_with_marks_and_impact(tmp_path):
    repo = _repo(tmp_path)
    assert zhifa("--root", str(repo), "release", "--date", "2026-06-01").returncode == 0
    filing = repo / "standards/demo/filing.md"
    text = filing.read_text(encoding="utf-8")
    text = text.replace("符合立案标准的，应当及时立案，并依照", "符合立案标准的，应当在七个工作日内立案，并依照")
    text = text.replace(
        ":effective: 2024-01-01\n:source: 示范\n\n立案后发现不属于本机关管辖的",
        ":effective: 2024-01-01\n:repealed: 2025-01-01\n:amended_by: 2025年第1次修订\n:source: 示范\n\n"
        "立案后发现不属于本机关管辖的",
    )
    text += "\n```{clause} 立案登记\n:id: CL-AAAAA8\n:effective: 2024-01-01\n:source: 示范\n\n线索应当登记。\n```\n"
    filing.write_text(text, encoding="utf-8")
    general = repo / "standards/demo/general.md"
    g = general.read_text(encoding="utf-8")
    first, second = g.index("```{clause} 目的"), g.index("```{clause} 执法人员")
    general.write_text(g[:first] + g[second:].rstrip("\n") + "\n\n" + g[first:second], encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "修订")
    result = zhifa("--root", str(repo), "diff", "v2026.1", "HEAD", "--impact", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "| 现行条文 | 修改后条文 | 修改说明 |" in out and "<ins><b>" in out and "说明：" in out
    assert "<del>及时</del>" in out and "<ins><b>在七个工作日内</b></ins>" in out and "（CL-AAAAA3）" in out
    assert "新增条款（CL-AAAAA8）" in out
    assert "废止（2025-01-01，依据2025年第1次修订）" in out
    assert "条文位置调整；条文序号由《示例规范》第" in out  # moved, matched by ID
    assert "- 《示例规范》第三条（CL-AAAAA3，修改）：" in out and "试题 Q-AAAAA1" in out and "流程 PR-AAAAA1" in out
    page = tmp_path / "diff.html"
    assert zhifa("--root", str(repo), "diff", "v2026.1", "HEAD", "--format", "html", "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<del>及时</del>" in html and "<ins><b>在七个工作日内</b></ins>" in html
    word = tmp_path / "diff.docx"
    assert zhifa("--root", str(repo), "diff", "v2026.1", "HEAD", "--format", "docx", "-o", str(word)).returncode == 0
    import shutil
    import subprocess

    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(word),
        ],
        check=True,
        capture_output=True,
    )
    text = subprocess.run(["pdftotext", str(tmp_path / "diff.pdf"), "-"], capture_output=True, text=True).stdout
    text = "".join(text.split())  # table cells wrap lines
    assert "修订对照表" in text and "现行条文" in text and "在七个工作日内" in text and "CL-AAAAA8" in text
    from docx import Document

    runs = [
        run
        for row in Document(str(word)).tables[0].rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    ]
    assert any(r.text == "在七个工作日内" and r.bold and r.underline for r in runs)
    assert any(r.text == "及时" and r.font.strike for r in runs)
    bad = zhifa("--root", str(repo), "diff", "v9999.9", "HEAD")
    assert bad.returncode == 2 and "无法读取版本" in bad.stderr and "Traceback" not in bad.stderr


def test_verify_recognises_current_and_released_text(tmp_path):
    repo = _repo(tmp_path)
    assert zhifa("--root", str(repo), "release", "--date", "2026-06-01").returncode == 0
    now = zhifa("--root", str(repo), "verify", "--text", "执法人员不得\n少于两人。", "--date", "2026-06-01")
    assert now.returncode == 0 and "这段文字是 《示例规范》第二条（CL-AAAAA2，执法人员） 的条文" in now.stdout
    assert "施行于这些发布：v2026.1（2026-06-01）" in now.stdout and "现行有效" in now.stdout
    general = repo / "standards/demo/general.md"
    general.write_text(
        general.read_text(encoding="utf-8").replace("执法人员不得少于两人。", "执法人员不得少于二人。"),
        encoding="utf-8",
    )
    old = zhifa("--root", str(repo), "verify", "--text", "执法人员不得少于两人。", "--date", "2026-06-01")
    assert old.returncode == 3 and "现行有效" not in old.stdout and "已被取代" in old.stdout and "v2026.1" in old.stdout
    manifest = zhifa("--root", str(repo), "verify", "--manifest", str(repo / "releases/v2026.1.json"))
    assert manifest.returncode == 1 and "CL-AAAAA2" in manifest.stdout and "文本已修改" in manifest.stdout
    none = zhifa("--root", str(repo), "verify", "--text", "不存在的条文")
    assert none.returncode == 1 and "没有找到" in none.stdout


def test_pr_report_and_contributor_files(tmp_path):
    from conftest import ROOT

    repo = _repo(tmp_path)
    filing = repo / "standards/demo/filing.md"
    filing.write_text(
        filing.read_text(encoding="utf-8").replace("应当及时立案，并依照", "应当立即立案，并依照"), encoding="utf-8"
    )
    _git(repo, "-c", "user.name=法制科", "-c", "user.email=fz@example.org", "commit", "-qam", "修订")
    report = zhifa("--root", str(repo), "pr-report", "HEAD~1", "HEAD", "--date", "2026-06-01")
    assert report.returncode == 0 and "| 现行条文 | 修改后条文 | 修改说明 |" in report.stdout
    assert "<del>及时</del>" in report.stdout and "## 影响分析" in report.stdout
    workflow = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    commands = [line.split("run:", 1)[1].strip() for line in workflow.splitlines() if "run:" in line]
    assert all(
        c.startswith(
            (
                "sudo bash .ci/run",
                ".venv/bin/zhifa check",
                "mkdir -p _build/pr && .venv/bin/zhifa pr-report",
                'cat _build/pr/comment.md >> "$GITHUB_STEP_SUMMARY"',
                "gh pr",
            )
        )
        for c in commands
    )
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: local" in hooks and "zhifa check" in hooks and "https://" not in hooks
    assert "废止" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
