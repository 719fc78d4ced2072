"""One amendment, made as legal staff would make it, followed end to end in a temporary git repository:
a base release, then one amending commit (a clause changed, one added, one repealed, one moved, a question
pinned to the changed clause) and a commit that only edits a neighbour. It drives the registry check,
numbering, the as-of view, per-clause history, the 对照表 in Markdown, HTML and .docx, the impact report,
the re-review gate, pr-report, verify, the site's releases page and the whole-standard .docx."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import make_repo, sphinx_build, zhifa

IDENTITY = {
    "GIT_AUTHOR_NAME": "法制科",
    "GIT_COMMITTER_NAME": "法制科",
    "GIT_AUTHOR_EMAIL": "fz@example.org",
    "GIT_COMMITTER_EMAIL": "fz@example.org",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pdf_text(docx: Path, work: Path) -> str:
    """The .docx as LibreOffice lays it out, read back by pdftotext (whitespace removed: cells wrap)."""
    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{work}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(docx),
        ],
        check=True,
        capture_output=True,
    )
    text = subprocess.run(
        ["pdftotext", str(work / f"{docx.stem}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    """(repository, record of what each step printed)."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in IDENTITY.items():
            mp.setenv(key, value)
        repo = make_repo(tmp_path_factory.mktemp("amend") / "repo")
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "初稿")
        base = zhifa("--root", str(repo), "release", "--date", "2026-06-01")
        assert base.returncode == 0, base.stderr
        record = {"base_release": base}

        filing, general = repo / "standards/demo/filing.md", repo / "standards/demo/general.md"
        # the amending commit
        edit(filing, "符合立案标准的，应当及时立案", "符合立案标准的，应当在七个工作日内立案")
        edit(
            filing,
            ":id: CL-AAAAA5\n:effective: 2024-01-01\n",
            ":id: CL-AAAAA5\n:effective: 2024-01-01\n:repealed: 2026-07-01\n:amended_by: 2026年第1次修订\n",
        )
        filing.write_text(
            filing.read_text(encoding="utf-8") + "\n```{clause} 立案登记\n:id: CL-AAAAA8\n"
            ":effective: 2024-01-01\n:source: 示范\n\n发现的违法线索应当登记。\n```\n",
            encoding="utf-8",
        )
        g = general.read_text(encoding="utf-8")
        first, second = g.index("```{clause} 目的"), g.index("```{clause} 执法人员")
        general.write_text(g[:first] + g[second:].rstrip("\n") + "\n\n" + g[first:second], encoding="utf-8")
        # the step that relied on the repealed clause now follows the clause in force (check names it otherwise)
        edit(repo / "procedures/filing.md", ":implements: CL-AAAAA5\n", ":implements: CL-AAAAA3\n")
        quiz = repo / "quizzes/demo.yaml"
        edit(
            quiz,
            "explanation: 依照 {clause}`CL-AAAAA5`。\n      tests: [CL-AAAAA5]",
            "explanation: 依照 {clause}`CL-AAAAA3`。\n      tests: [CL-AAAAA3]",
        )
        record["gate"] = zhifa("--root", str(repo), "check", "--date", "2026-08-01")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "修订立案条款")
        record["amending_commit"] = git(repo, "rev-parse", "--short=7", "HEAD").strip()
        # a commit that only touches a neighbour of the changed clause, in the same file
        edit(filing, "本条尚未施行。", "本条自二〇九九年起施行。")
        git(repo, "commit", "-qam", "调整将来施行的条款")
        record["neighbour_commit"] = git(repo, "rev-parse", "--short=7", "HEAD").strip()
        record["diff_md"] = zhifa("--root", str(repo), "diff", "v2026.1", "HEAD", "--impact", "--date", "2026-08-01")
        record["pr_report"] = zhifa("--root", str(repo), "pr-report", "v2026.1", "HEAD", "--date", "2026-08-01")
        # after re-review the question is pinned again; then the amendment is released
        record["pin"] = zhifa("--root", str(repo), "pin", "Q-AAAAA1", "Q-AAAAA4", "Q-AAAAA5", "Q-AAAAA6", "Q-AAAAA7")
        git(repo, "commit", "-qam", "重新审核试题")
        record["check_after_pin"] = zhifa("--root", str(repo), "check", "--date", "2026-08-01")
        record["second_release"] = zhifa("--root", str(repo), "release", "--date", "2026-08-01")
        yield repo, record


def test_the_re_review_gate_names_the_pinned_question_until_it_is_pinned_again(amended):
    _, record = amended
    gate = record["gate"]
    assert gate.returncode == 1
    assert re.search(
        r"quizzes/demo\.yaml:\d+: 试题 Q-AAAAA1 审核后，所考查的条款 CL-AAAAA3 文本已修改："
        r".*指派执法人员。处理：重新审核该题",
        gate.stdout,
    ), gate.stdout
    assert "[-及时-]{+在七个工作日内+}" in gate.stdout
    assert record["pin"].returncode == 0, record["pin"].stderr
    assert record["check_after_pin"].returncode == 0, record["check_after_pin"].stdout
    assert record["second_release"].returncode == 0 and "v2026.2" in record["second_release"].stdout


def test_the_registry_refuses_a_deleted_clause_and_points_to_repeal(amended, tmp_path):
    repo, _ = amended
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy)
    filing = copy / "standards/demo/filing.md"
    text = filing.read_text(encoding="utf-8")
    start = text.index("```{clause} 立案登记")
    filing.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    result = zhifa("--root", str(copy), "check", "--date", "2026-08-01")
    assert result.returncode == 1
    assert re.search(
        r"standards/demo/filing\.md:\d+: 已发布的 ID 永久保留：v2026\.2 发布的条款 CL-AAAAA8 不见了"
        r"（发布 v2026\.2 时在本文件第 \d+ 行）。处理：恢复该对象；不再适用的条款请填写 :repealed: 废止日期",
        result.stdout,
    ), result.stdout


def test_the_diff_shows_each_kind_of_change_in_three_formats_with_impact(amended, tmp_path):
    repo, record = amended
    out = record["diff_md"].stdout
    assert record["diff_md"].returncode == 0, record["diff_md"].stderr
    assert out.count("| 现行条文 | 修改后条文 | 修改说明 |") == 1 and out.startswith("# 《示例规范》修订对照表\n")
    assert "原版本：v2026.1（2026-06-01 发布）；修改后版本：HEAD（未发布，提交 " in out
    assert "说明：<ins><b>加粗下划线</b></ins>为新增文字，<del>删除线</del>为删除文字" in out
    assert "<del>及时</del>" in out and "<ins><b>在七个工作日内</b></ins>" in out  # changed
    assert "线索应当登记" in out and "新增条款（CL-AAAAA8）" in out  # added
    assert "废止（2026-07-01，依据2026年第1次修订）" in out  # repealed
    assert "条文位置调整；条文序号由《示例规范》第" in out  # moved
    rows = {line.rsplit("（", 1)[1].split("）")[0]: line for line in out.splitlines() if line.endswith("） |")}
    assert "<del>尚未</del>" in rows["CL-AAAAA4"] and "尚未" not in rows["CL-AAAAA3"]  # the neighbour has its own row
    assert "| **（已废止）** <del>立案后发现不属于本机关管辖的" in rows["CL-AAAAA5"]
    impact = out.split("## 影响分析", 1)[1]
    changed = next(line for line in impact.splitlines() if "CL-AAAAA3，修改" in line)
    assert "试题 Q-AAAAA1" in changed and "流程 PR-AAAAA1" in changed
    assert record["pr_report"].returncode == 0 and record["pr_report"].stdout == out.removesuffix("\n")

    page = tmp_path / "diff.html"
    assert (
        zhifa(
            "--root",
            str(repo),
            "diff",
            "v2026.1",
            "v2026.2",
            "--format",
            "html",
            "-o",
            str(page),
            "--date",
            "2026-08-01",
        ).returncode
        == 0
    )
    from lxml import html as lhtml

    tree = lhtml.parse(str(page))
    assert [th.text_content() for th in tree.iter("th")] == ["现行条文", "修改后条文", "修改说明"]
    assert "及时" in [d.text_content() for d in tree.iter("del")]
    assert "在七个工作日内" in [i.text_content() for i in tree.iter("ins")]

    word = tmp_path / "diff.docx"
    assert (
        zhifa(
            "--root",
            str(repo),
            "diff",
            "v2026.1",
            "v2026.2",
            "--format",
            "docx",
            "-o",
            str(word),
            "--date",
            "2026-08-01",
        ).returncode
        == 0
    )
    text = pdf_text(word, tmp_path)
    for expected in (
        "《示例规范》修订对照表",
        "原版本：v2026.1（2026-06-01发布）；修改后版本：v2026.2（2026-08-01发布）",
        "现行条文",
        "修改后条文",
        "修改说明",
        "在七个工作日内",
        "新增条款（CL-AAAAA8）",
        "废止（2026-07-01，依据2026年第1次修订）",
        "条文位置调整；条文序号由《示例规范》第二条调整为《示例规范》第一条",
        "应当及时立案，并依照第二条指派执法人员",
    ):  # references shown as that version's numbers
        assert expected in text, expected
    assert "{clause}" not in text


def test_verify_recognises_text_from_the_current_and_an_older_release(amended):
    repo, _ = amended
    old = zhifa(
        "--root",
        str(repo),
        "verify",
        "--text",
        "符合立案标准的，应当及时立案，\n并依照 {clause}`CL-AAAAA2` 指派执法人员。",
    )
    assert old.returncode == 3  # superseded
    assert "施行于这些发布：v2026.1（2026-06-01）" in old.stdout and "已被取代" in old.stdout
    new = zhifa(
        "--root",
        str(repo),
        "verify",
        "--text",
        "符合立案标准的，应当在七个工作日内立案，并依照 {clause}`CL-AAAAA2` 指派执法人员。",
    )
    assert new.returncode == 0 and "现行有效" in new.stdout and "v2026.2" in new.stdout and "v2026.1" not in new.stdout
    manifest = zhifa("--root", str(repo), "verify", "--manifest", str(repo / "releases/v2026.1.json"))
    assert manifest.returncode == 1 and "CL-AAAAA3" in manifest.stdout and "文本已修改" in manifest.stdout


@pytest.fixture(scope="module")
def sites(amended, tmp_path_factory):
    """The amended repository built as of two dates: before and after the repeal takes effect."""
    repo, _ = amended
    out = {}
    for day in ("2026-06-15", "2026-08-01"):
        dest = tmp_path_factory.mktemp("site") / "html"
        result = zhifa("--root", str(repo), "build", "--clean", "--as-of", day, "--out", str(dest))
        assert result.returncode == 0, result.stdout + result.stderr
        out[day] = dest
    return out


def _heading(site: Path, page: str, clause_id: str) -> str:
    from lxml import html as lhtml

    tree = lhtml.parse(str(site / page))
    return " ".join(tree.xpath(f'//*[@id="{clause_id}"]')[0].text_content().split())


def test_numbering_and_the_as_of_view(sites):
    before, after = sites["2026-06-15"], sites["2026-08-01"]
    assert _heading(before, "standards/demo/general.html", "CL-AAAAA2").startswith("第一条 执法人员")  # moved up
    assert _heading(before, "standards/demo/general.html", "CL-AAAAA1").startswith("第二条 目的")
    assert _heading(before, "standards/demo/filing.html", "CL-AAAAA5") == "第四条 撤销立案 现行"
    assert _heading(before, "standards/demo/filing.html", "CL-AAAAA8").startswith("第五条 立案登记")
    # once the repeal takes effect the clause keeps its text, shows the number it last had, and the
    # clauses after it move up (条文序号作相应调整)
    assert _heading(after, "standards/demo/filing.html", "CL-AAAAA5") == "撤销立案 废止 （原第四条）"
    assert _heading(after, "standards/demo/filing.html", "CL-AAAAA8").startswith("第四条 立案登记")
    page = (after / "standards/demo/filing.html").read_text(encoding="utf-8")
    assert "废止日期：2026-07-01" in page and "修订依据：2026年第1次修订" in page
    assert "立案后发现不属于本机关管辖的" in page


def test_each_clause_lists_the_commits_and_releases_that_changed_it(amended, sites):
    _, record = amended
    from lxml import html as lhtml

    tree = lhtml.parse(str(sites["2026-08-01"] / "standards/demo/filing.html"))

    def history(clause_id: str) -> list[str]:
        block = tree.xpath(f'//*[@id="{clause_id}"]/ancestor::section[contains(@class, "zf-obj")]')[0]
        return [" ".join(li.text_content().split()) for li in block.xpath('.//*[contains(@class, "zf-history")]//li')]

    changed = history("CL-AAAAA3")
    assert any("新增（提交" in h for h in changed) and not any("初稿" in h or "修订立案条款" in h for h in changed)
    assert any(f"修改条文（提交 {record['amending_commit']}）" in h for h in changed)
    assert any("发布 v2026.2：发布修改后的条文（当时为《示例规范》第三条）" in h for h in changed)
    assert not any(record["neighbour_commit"] in h for h in changed)  # only its neighbour changed there
    assert any(record["neighbour_commit"] in h for h in history("CL-AAAAA4"))
    assert any("废止" in h and record["amending_commit"] in h for h in history("CL-AAAAA5"))
    assert not any("修改条文" in h for h in history("CL-AAAAA5"))


def test_the_site_publishes_the_manifests_and_the_latest_comparison(sites):
    from lxml import html as lhtml

    site = sites["2026-08-01"]
    tree = lhtml.parse(str(site / "standards/revisions.html"))
    text = " ".join(tree.getroot().text_content().split())
    assert "规范化规则：" in text and "SHA-256" in text
    assert "最新发布 v2026.2 与上一发布 v2026.1 相比" in text
    links = tree.xpath('//a[contains(@href, "v2026.2.json")]/@href')
    assert links and (site / "standards" / links[0]).resolve().is_file()
    assert "及时" in [e.text_content() for e in tree.xpath('//*[contains(@class, "zf-del")]')]
    assert "在七个工作日内" in [e.text_content() for e in tree.xpath('//*[contains(@class, "zf-ins")]')]
    assert "新增条款（CL-AAAAA8）" in text and "废止（2026-07-01，依据2026年第1次修订）" in text


def test_a_shallow_clone_builds_and_says_history_is_unavailable(amended, tmp_path):
    repo, _ = amended
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    result = sphinx_build(clone, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "html/standards/demo/filing.html").read_text(encoding="utf-8")
    assert "本副本是浅克隆" in page


def test_the_whole_standard_exports_as_one_docx_for_comment_and_for_issue(amended, sites, tmp_path):
    repo, _ = amended
    draft = tmp_path / "draft.docx"
    result = zhifa(
        "--root",
        str(repo),
        "standard",
        "demo",
        "--stage",
        "征求意见稿",
        "--against",
        "v2026.1",
        "-o",
        str(draft),
        "--date",
        "2026-08-01",
    )
    assert result.returncode == 0, result.stderr
    text = pdf_text(draft, tmp_path)
    assert text.startswith("示例规范（征求意见稿）示范文本")
    assert "第一章总则第一条【执法人员】执法人员不得少于两人。第二条【目的】" in text
    assert "第四条【将来施行的条款】" in text and "撤销立案" not in text.split("修订对照表")[0]
    assert "附件《示例规范》修订对照表原版本：v2026.1（2026-06-01发布）；修改后版本：v2026.2（2026-08-01发布）" in text
    assert "在七个工作日内" in text.split("修订对照表")[1]
    issued = sites["2026-08-01"] / "docx/standards/demo.docx"  # the site's copy: 印发, in force on the build date
    text = pdf_text(issued, tmp_path)
    assert (
        "示例规范（2026年8月1日施行文本）" in text
        and "第二章立案第三条符合立案标准的，应当在七个工作日内立案，并依照第一条" in text
    )
    assert "将来施行" not in text and "修订对照表" not in text
    index = (sites["2026-08-01"] / "standards/demo/index.html").read_text(encoding="utf-8")
    assert 'href="../../docx/standards/demo.docx"' in index
    missing = zhifa("--root", str(repo), "standard", "nosuch")
    assert missing.returncode == 2 and "可选：demo" in missing.stderr and "Traceback" not in missing.stderr
    unknown = zhifa("--root", str(repo), "standard", "demo", "--against", "v1999.9", "-o", str(tmp_path / "x.docx"))
    assert unknown.returncode == 2 and "无法读取版本 v1999.9" in unknown.stderr and "Traceback" not in unknown.stderr
