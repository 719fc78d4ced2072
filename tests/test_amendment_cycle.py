"""One full amendment cycle as a legal officer runs it, in a temporary copy of the fixture repository: a release;
on a branch, a clause inserted at the start (with 款 and 项), a repeal with its questions retired, a move to
another chapter, a change re-reviewed and pinned, and the reasons in changes/reasons.yaml; the compact 对照表 in
every format, the 起草说明 skeleton, the pull-request comment, the tracked-changes .docx opened by LibreOffice;
a squash merge, the release, and verify of text pasted from the site and from the earlier Word file.
Nothing is edited by hand that the tool should do. Posting to a forge cannot run offline: the comment body and
the workflow files are checked instead."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_repo, zhifa

DAY = "2026-08-01"
IDENTITY = {
    "GIT_AUTHOR_NAME": "法制科",
    "GIT_COMMITTER_NAME": "法制科",
    "GIT_AUTHOR_EMAIL": "fz@example.org",
    "GIT_COMMITTER_EMAIL": "fz@example.org",
}
NEW_CLAUSE = (
    "```{clause} 适用范围\n:id: CL-AAAAA9\n:effective: 2024-01-01\n:source: 示范\n\n"
    "本规范适用于本县行政执法。\n\n有下列情形之一的，不适用本规范：\n\n1. 内部管理；\n2. 刑事侦查。\n```\n\n"
)
REASONS = """\
- id: CL-AAAAA9
  reason: 明确本规范的适用范围
- id: CL-AAAAA3
  reason: 采纳县司法局意见：明确立案期限
  source: 征求意见/县司法局
- id: CL-AAAAA5
  reason: 撤销立案并入立案标准条款
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def z(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return zhifa("--root", str(repo), *args)


def soffice(path: Path, fmt: str, work: Path) -> Path:
    """``path`` converted by LibreOffice (an independent reader of the .docx)."""
    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{work}/lo",
            "--convert-to",
            fmt,
            "--outdir",
            str(work),
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return work / f"{path.stem}.{fmt}"


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """(repository, work folder, what each step printed)."""
    work = tmp_path_factory.mktemp("cycle")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in IDENTITY.items():
            mp.setenv(key, value)
        repo = make_repo(work / "repo")
        shutil.copy(ROOT / ".gitignore", repo / ".gitignore")  # outputs (_build/) are never committed
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "Initial content")
        out = {"base": z(repo, "release", "--date", "2026-06-01")}
        out["word_before"] = z(repo, "standard", "demo", "-o", str(work / "before.docx"), "--date", "2026-06-01")

        git(repo, "checkout", "-qb", "amend")
        general, filing = repo / "standards/demo/general.md", repo / "standards/demo/filing.md"
        # an insertion at the start of the standard: every later clause is renumbered
        text = general.read_text(encoding="utf-8")
        start = text.index("```{clause}")
        general.write_text(text[:start] + NEW_CLAUSE + text[start:], encoding="utf-8")
        # a move: 执法人员 from 总则 to the start of 立案
        text = general.read_text(encoding="utf-8")
        a = text.index("```{clause} 执法人员")
        moved = text[a:].split("```\n", 1)[0] + "```\n"
        general.write_text(text[:a].rstrip("\n") + "\n" + text[a + len(moved) :], encoding="utf-8")
        text = filing.read_text(encoding="utf-8")
        a = text.index("```{clause}")
        filing.write_text(text[:a] + moved + "\n" + text[a:], encoding="utf-8")
        # a change
        edit(filing, "符合立案标准的，应当及时立案", "符合立案标准的，应当在七个工作日内立案")
        # a repeal
        edit(
            filing,
            ":id: CL-AAAAA5\n:effective: 2024-01-01\n",
            ":id: CL-AAAAA5\n:effective: 2024-01-01\n:repealed: 2026-07-01\n:amended_by: 2026年第1次修订\n",
        )
        out["check_repeal"] = z(repo, "check", "--date", DAY)
        out["retire"] = z(repo, "retire", "CL-AAAAA5")
        edit(repo / "procedures/filing.md", ":implements: CL-AAAAA5\n", ":implements: CL-AAAAA3\n")
        out["check_gate"] = z(repo, "check", "--date", DAY)
        out["pin"] = z(repo, "pin", "Q-AAAAA1", "Q-AAAAA4", "Q-AAAAA5", "Q-AAAAA7", "--date", DAY)
        (repo / "changes").mkdir(exist_ok=True)
        (repo / "changes/reasons.yaml").write_text(REASONS, encoding="utf-8")
        out["check"] = z(repo, "check", "--date", DAY)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "Amend filing clauses")
        out["release_on_branch"] = z(repo, "release", "--date", DAY)
        for fmt, name in (("md", "diff.md"), ("html", "diff.html"), ("docx", "diff.docx"), ("drafting", "note.md")):
            out[fmt] = z(
                repo, "diff", "v2026.1", "HEAD", "--format", fmt, "--impact", "-o", str(work / name), "--date", DAY
            )
        out["pr"] = z(
            repo, "pr-report", "v2026.1", "HEAD", "--full", str(work / "pr/对照表"), "--limit", "900", "--date", DAY
        )
        out["tracked"] = z(
            repo,
            "standard",
            "demo",
            "--against",
            "v2026.1",
            "--tracked",
            "-o",
            str(work / "tracked.docx"),
            "--date",
            DAY,
        )
        # the forge squash-merges the branch: the commit messages are gone, the reasons file is not
        git(repo, "checkout", "-q", "main")
        git(repo, "merge", "-q", "--squash", "amend")
        git(repo, "commit", "-qm", "Squashed amendment (#12)")
        out["release"] = z(repo, "release", "--date", DAY)
        out["again"] = z(repo, "release", "--date", DAY)
        yield repo, work, out


def test_repeal_is_no_dead_end(cycle):
    repo, _, out = cycle
    found = out["check_repeal"].stdout
    assert out["check_repeal"].returncode == 1
    assert re.search(
        r"quizzes/demo\.yaml:\d+: 试题 Q-AAAAA6 考查的条款 CL-AAAAA5 已于 2026-07-01 废止。"
        r"处理：运行 zhifa retire CL-AAAAA5",
        found,
    ), found
    assert re.search(
        r"procedures/filing\.md:\d+: 流程环节 ST-AAAAA4 仍依据已废止的条款 CL-AAAAA5（原第\S+条，撤销立案，"
        r"2026-07-01 废止，修订依据：2026年第1次修订）。处理：改为依照现行条款",
        found,
    ), found
    assert out["retire"].returncode == 0 and "Q-AAAAA6（quizzes/demo.yaml:" in out["retire"].stdout
    bank = yaml.safe_load((repo / "quizzes/demo.yaml").read_text(encoding="utf-8"))
    retired = next(q for s in bank for q in [s, *s.get("questions", [])] if q["id"] == "Q-AAAAA6")
    assert retired["review"] == "停用"  # kept, with its ID
    assert "CL-AAAAA5" not in out["check_gate"].stdout and "ST-AAAAA4" not in out["check_gate"].stdout
    # the retired question is not published with the release, and stays in the registry
    published = (repo / "releases/banks/v2026.2.json").read_text(encoding="utf-8")
    assert "Q-AAAAA6" not in published and '"Q-AAAAA6"' in (repo / "releases/registry.json").read_text(encoding="utf-8")


def test_pin_says_what_it_did_and_records_the_reviewer(cycle):
    repo, _, out = cycle
    assert out["pin"].returncode == 0, out["pin"].stderr
    assert "Q-AAAAA1：已按所考查条款的现行文本重新固定指纹；审核人 法制科，审核日期 2026-08-01" in out["pin"].stdout
    bank = yaml.safe_load((repo / "quizzes/demo.yaml").read_text(encoding="utf-8"))
    q1 = next(q for q in bank if q["id"] == "Q-AAAAA1")
    assert q1["reviewer"] == "法制科" and str(q1["reviewed"]) == "2026-08-01"
    assert out["check"].returncode == 0, out["check"].stdout


def test_the_compact_table_lists_only_what_changed(cycle):
    _, work, out = cycle
    assert out["md"].returncode == 0, out["md"].stderr
    md = (work / "diff.md").read_text(encoding="utf-8")
    assert md.startswith("# 《示例规范》修订对照表\n")
    assert "原版本：v2026.1（2026-06-01 发布）；修改后版本：HEAD（未发布，提交 " in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and "CL-" in line]
    ids = [re.findall(r"（(CL-\w+)） \|$", r)[0] for r in rows]
    assert sorted(ids) == ["CL-AAAAA2", "CL-AAAAA3", "CL-AAAAA5", "CL-AAAAA9"]  # not the renumbered ones
    assert "其余条文序号相应调整：《示例规范》原第一条改为第二条" in md
    new = next(r for r in rows if "CL-AAAAA9" in r)
    assert (
        "本规范适用于本县行政执法。<br>有下列情形之一的，不适用本规范：<br>（一）内部管理；<br>（二）刑事侦查。" in new
    )
    assert "修改理由：明确本规范的适用范围" in new
    moved = next(r for r in rows if "CL-AAAAA2" in r)
    assert "条文位置调整：由第一章 总则移至第二章 立案" in moved
    changed = next(r for r in rows if "CL-AAAAA3" in r)
    assert "<del>及时</del>" in changed and "<ins><b>在七个工作日内</b></ins>" in changed
    # its reference to the moved clause shows each version's number, unmarked: not a change of the words
    assert "并依照 第二条 指派" in changed and "并依照 第三条 指派" in changed and "<del>二</del>" not in changed
    assert "修改理由：采纳县司法局意见：明确立案期限（来源：征求意见/县司法局）" in changed
    repealed = next(r for r in rows if "CL-AAAAA5" in r)
    assert (
        "**（已废止）** <del>" in repealed
        and "<ins>" not in repealed
        and "修改理由：撤销立案并入立案标准条款" in repealed
    )
    assert "<u>" not in md and "~~" not in md
    assert "## 影响分析" in md and "试题 Q-AAAAA1" in md.split("## 影响分析")[1]


def test_every_format_has_the_same_content(cycle, tmp_path):
    from docx import Document
    from lxml import html as lhtml

    _, work, out = cycle
    for fmt in ("html", "docx"):
        assert out[fmt].returncode == 0, out[fmt].stderr
    page = lhtml.parse(str(work / "diff.html")).getroot()
    text = "".join(page.text_content().split())
    word = "".join(soffice(work / "diff.docx", "txt", tmp_path).read_text(encoding="utf-8").split())
    for expected in (
        "《示例规范》修订对照表",
        "原版本：v2026.1（2026-06-01发布）",
        "其余条文序号相应调整：《示例规范》原第一条改为第二条",
        "修改理由：采纳县司法局意见：明确立案期限",
        "条文位置调整：由第一章总则移至第二章立案",
        "影响分析",
        "试题Q-AAAAA1",
    ):
        assert expected in text, ("html", expected)
        assert expected in word, ("docx", expected)
    # 款/项 as paragraphs in both
    cell = page.xpath('//td[contains(., "本规范适用于本县行政执法")]')[0]
    assert [p.text_content() for p in cell.findall("p")][1:] == [
        "本规范适用于本县行政执法。",
        "有下列情形之一的，不适用本规范：",
        "（一）内部管理；",
        "（二）刑事侦查。",
    ]
    doc = Document(str(work / "diff.docx"))
    table = doc.tables[0]
    assert (
        table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )  # the header row repeats on every page
    assert len(table.rows) == 5  # header + 4 changes, however many clauses were renumbered
    paras = [p.text for p in table.rows[1].cells[1].paragraphs]
    assert "（一）内部管理；" in paras and "（二）刑事侦查。" in paras
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer  # page numbers
    pdf = soffice(work / "diff.docx", "pdf", tmp_path)
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "—1—" in "".join(shown.split())


def test_the_drafting_note_lists_the_changes_with_their_reasons(cycle):
    _, work, out = cycle
    note = (work / "note.md").read_text(encoding="utf-8")
    assert note.startswith("# 关于《示例规范》修订的起草说明")
    assert "## 三、主要修改内容" in note and "（一）新增《示例规范》第一条（CL-AAAAA9）" in note
    assert "修改理由：采纳县司法局意见：明确立案期限（来源：征求意见/县司法局）" in note
    assert "其余条文序号相应调整" in note


def test_the_pull_request_comment_fits_and_the_full_table_is_an_artifact(cycle):
    _, work, out = cycle
    assert out["pr"].returncode == 0, out["pr"].stderr
    body = out["pr"].stdout
    assert len(body) <= 900 and "完整对照表见工作流产物“修订对照表”" in body and "其余" in body
    full = (work / "pr/对照表.md").read_text(encoding="utf-8")
    assert len(full) > 900 and "## 影响分析" in full and (work / "pr/对照表.html").is_file()


def test_a_real_amendment_report_fits_a_github_comment(tmp_path):
    """The finding: one clause inserted at the start of 处罚篇 gave a 77,587-character pr-report."""
    from conftest import copy_real_repo

    repo = copy_real_repo(tmp_path / "real")
    env = ["-c", "user.name=法制科", "-c", "user.email=fz@example.org"]
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, *env, "commit", "-qm", "base")
    chapter = sorted((repo / "standards/chufa").glob("*.md"))
    first = next(p for p in chapter if "```{clause}" in p.read_text(encoding="utf-8"))
    text = first.read_text(encoding="utf-8")
    start = text.index("```{clause}")
    first.write_text(text[:start] + NEW_CLAUSE.replace("CL-AAAAA9", "CL-ZZZZZ9") + text[start:], encoding="utf-8")
    git(repo, *env, "commit", "-qam", "insert")
    report = z(repo, "pr-report", "HEAD~1", "HEAD")
    assert report.returncode == 0, report.stderr
    assert len(report.stdout) <= 65536
    rows = [line for line in report.stdout.splitlines() if line.startswith("| ") and "CL-" in line]
    assert len(rows) == 1 and "其余条文序号相应调整" in report.stdout


def test_the_tracked_changes_docx_opens_in_libreoffice_as_revisions(cycle, tmp_path):
    _, work, out = cycle
    assert out["tracked"].returncode == 0, out["tracked"].stderr
    odt = soffice(work / "tracked.docx", "odt", tmp_path)
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    regions = re.findall(r"<text:changed-region.*?</text:changed-region>", content, re.S)
    kinds = {k for r in regions for k in re.findall(r"<text:(insertion|deletion)>", r)}
    assert regions and kinds == {"insertion", "deletion"}
    assert all("<dc:creator>法制科</dc:creator>" in r for r in regions)
    plain = "".join(re.sub(r"<[^>]+>", "", content).split())
    assert "在七个工作日内" in plain and "本规范适用于本县行政执法" in plain and "立案后发现不属于本机关管辖的" in plain


def test_release_only_from_main_with_reasons_archived(cycle):
    repo, _, out = cycle
    assert (
        out["release_on_branch"].returncode == 1 and "发布只能在默认分支 main 上进行" in out["release_on_branch"].stderr
    )
    assert out["release"].returncode == 0, out["release"].stderr
    assert out["again"].returncode == 1 and "不需要新的发布" in out["again"].stderr
    archived = (repo / "releases/reasons/v2026.2.yaml").read_text(encoding="utf-8")
    assert "采纳县司法局意见" in archived
    assert yaml.safe_load((repo / "changes/reasons.yaml").read_text(encoding="utf-8")) is None  # comments only
    assert git(repo, "status", "--porcelain") == ""
    # the 对照表 of the two releases still has the reasons (archived), the squash lost only commit messages
    diff = z(repo, "diff", "v2026.1", "v2026.2", "--date", DAY)
    assert "修改理由：采纳县司法局意见" in diff.stdout and "修改后版本：v2026.2（2026-08-01 发布）" in diff.stdout


def test_history_shows_reasons_in_order(cycle):
    from zhifa.amend import history

    repo, _, _ = cycle
    entries = history.load(repo).of("CL-AAAAA3")
    kinds = [(c.kind, c.ref) for c in entries]
    assert kinds[0][0] == "新增" and kinds[1] == ("发布", "v2026.1")  # the release after the commit it holds
    assert kinds[2][0] == "修改条文" and kinds[3] == ("发布", "v2026.2")
    assert "修改理由：采纳县司法局意见：明确立案期限" in entries[3].subject
    assert not any("Squashed" in c.subject or "Initial" in c.subject for c in entries)


@pytest.fixture(scope="module")
def site(cycle):
    repo, work, _ = cycle
    built = z(repo, "build", "--clean", "--as-of", DAY, "--out", str(work / "html"))
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "html"


def test_verify_text_pasted_from_the_site_and_from_the_old_word_file(cycle, site):
    from docx import Document
    from lxml import html as lhtml

    repo, work, out = cycle
    page = lhtml.parse(str(site / "standards/demo/filing.html")).getroot()
    heading = " ".join(page.xpath('//*[@id="CL-AAAAA3"]')[0].text_content().split())
    number = re.match(r"第\S+条", heading).group(0)
    body = page.xpath('//p[contains(., "符合立案标准的，应当在七个工作日内")]')[0].text_content()
    pasted = f"{number}\n{body}"  # as copied from the page: the number, then the paragraph
    now = z(repo, "verify", "--text", pasted, "--date", DAY)
    assert now.returncode == 0, now.stdout + now.stderr
    assert (
        "CL-AAAAA3" in now.stdout and "施行于这些发布：v2026.2（2026-08-01）" in now.stdout and "现行有效" in now.stdout
    )
    items = page.xpath('//p[contains(., "有下列情形之一的")]') or lhtml.parse(
        str(site / "standards/demo/general.html")
    ).getroot().xpath('//p[contains(., "有下列情形之一的")]')
    one = z(repo, "verify", "--text", items[0].text_content(), "--date", DAY)  # one paragraph of a clause
    assert one.returncode == 0 and "CL-AAAAA9" in one.stdout
    assert out["word_before"].returncode == 0, out["word_before"].stderr
    old = next(p.text for p in Document(str(work / "before.docx")).paragraphs if "应当及时立案" in p.text)
    superseded = z(repo, "verify", "--text", old, "--date", DAY)
    assert superseded.returncode == 3, superseded.stdout
    assert "施行于这些发布：v2026.1（2026-06-01）" in superseded.stdout and "已被取代" in superseded.stdout
    edited = work / "v2026.1.json"
    edited.write_text((repo / "releases/v2026.1.json").read_text(encoding="utf-8").replace("立案", "撤案", 1), "utf-8")
    refused = z(repo, "verify", "--manifest", str(edited))
    assert refused.returncode == 2 and "与发布标签 v2026.1 中的清单不一致" in refused.stderr


def test_reasons_file_problems_are_located(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "changes").mkdir()
    (repo / "changes/reasons.yaml").write_text(
        "- id: CL-NOSUCH\n  reason: 理由\n- id: CL-AAAAA3\n  reason: ''\n- reason: 没有 ID\n", encoding="utf-8"
    )
    result = z(repo, "check")
    assert result.returncode == 1
    assert "changes/reasons.yaml:1: 修改理由中的 CL-NOSUCH 不是本仓库的条款 ID" in result.stdout
    assert "changes/reasons.yaml:4: CL-AAAAA3 的修改理由（reason）是空的" in result.stdout
    assert "changes/reasons.yaml:5: 修改理由缺少条款 ID（id）" in result.stdout
    assert "Traceback" not in result.stderr


def test_both_workflow_files_parse_and_post_the_report():
    github = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["test"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pr-report" in runs and "--full _build/pr/对照表" in runs and "gh pr comment" in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps)
    assert github["permissions"]["pull-requests"] == "write"
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = gitlab["pr-report"]
    script = " ".join(job["script"])
    assert "pr-report" in script and "merge_requests/$CI_MERGE_REQUEST_IID/notes" in script
    assert "_build/pr/对照表.md" in job["artifacts"]["paths"]
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "粘贴 `zhifa pr-report" not in template and "changes/reasons.yaml" in template


def test_every_clause_of_the_word_file_is_recognised(tmp_path):
    """The finding: 82 of 251 clauses copied from the site or the Word file were not found (cross-references
    are shown as numbers there). Every 处罚篇 article of the Word file, whole with its 第X条 and as its last
    paragraph alone, is named as the current text of its clause."""
    import datetime as dt

    from docx import Document

    from zhifa.amend import verify
    from zhifa.model import repo as repository

    word = tmp_path / "chufa.docx"
    made = z(ROOT, "standard", "chufa", "-o", str(word), "--date", "2026-12-07")
    assert made.returncode == 0, made.stderr
    articles: list[list[str]] = []
    for p in Document(str(word)).paragraphs:
        if re.match(r"^第[一二三四五六七八九十百零]+条　", p.text):
            articles.append([p.text])
        elif re.match(r"^第[一二三四五六七八九十]+章", p.text) or not p.text.strip():
            articles.append([])
        elif articles and articles[-1]:
            articles[-1].append(p.text)
    articles = [a for a in articles if a]
    real = repository.load(ROOT)
    on = dt.date(2026, 12, 7)
    cross = [a for a in articles if re.search(r"第[一二三四五六七八九十百]+条", "\n".join(a).split("　", 1)[1])]
    assert len(articles) > 40 and cross  # the clauses whose references are shown as numbers are among them
    for a in articles:
        whole, _ = verify.text(real, "\n".join(a), on)
        assert len(whole) == 1 and whole[0].current == "全文" and whole[0].status_now == "current", a
        assert verify.report(whole)[1] == verify.CURRENT
        last, _ = verify.text(real, a[-1].split("　", 1)[-1], on)
        assert whole[0].id in [f.id for f in last], a


def test_check_names_cases_templates_and_clauses_still_relying_on_a_repealed_clause(tmp_path):
    """The finding: a step and a case still telling readers to act 依照 a repealed clause passed check."""
    repo = make_repo(tmp_path / "repo")
    edit(
        repo / "standards/demo/general.md",
        ":id: CL-AAAAA2\n:effective: 2024-01-01\n",
        ":id: CL-AAAAA2\n:effective: 2024-01-01\n:repealed: 2026-07-01\n:amended_by: 2026年第1次修订\n",
    )
    (repo / "cases").mkdir()
    (repo / "cases/index.md").write_text("# 案例\n\n```{toctree}\ntwo\n```\n", encoding="utf-8")
    (repo / "cases/two.md").write_text(
        "# 两人执法\n\n```{case} 两人执法\n:id: CASE-AAAAA1\n:source: 示范\n:field_of: 应急管理\n"
        ":case_of: CL-AAAAA3\n\n"
        "**分析**：依照 {clause}`CL-AAAAA2`，执法人员不得少于两人。\n```\n",
        encoding="utf-8",
    )
    edit(repo / "index.md", "glossary/index\n", "glossary/index\ncases/index\n")
    result = z(repo, "check", "--date", DAY)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = "仍引用已废止的条款 CL-AAAAA2（原第二条，执法人员，2026-07-01 废止，修订依据：2026年第1次修订）"
    assert f"cases/two.md:9: 案例 CASE-AAAAA1 {said}。处理：改为依据现行条款并相应修改案例分析" in result.stdout
    assert re.search(
        r"templates/filing-form\.md:\d+: 文书模板 TPL-AAAAA1 的字段“承办人员”仍以已废止的条款 CL-AAAAA2（原第二条",
        result.stdout,
    ), result.stdout
    assert "现行的 CL-AAAAA3 依赖已废止的 CL-AAAAA2" in result.stdout  # a clause in force citing it


def test_the_clause_page_history_gives_reasons_not_commit_subjects(cycle, site):
    from lxml import html as lhtml

    page = lhtml.parse(str(site / "standards/demo/filing.html")).getroot()
    block = page.xpath('//*[@id="CL-AAAAA3"]/ancestor::section[contains(@class, "zf-obj")]')[0]
    entries = [" ".join(li.text_content().split()) for li in block.xpath('.//*[contains(@class, "zf-history")]//li')]
    assert [e.split(" ")[1][:2] for e in entries] == ["新增", "发布", "修改", "发布"], entries  # release after commit
    assert (
        "发布 v2026.2：发布修改后的条文（当时为《示例规范》第四条）；修改理由：采纳县司法局意见：明确立案期限"
        in entries[3]
    )
    assert not any("Squashed" in e or "Initial" in e or "Amend" in e for e in entries)
    table = lhtml.parse(str(site / "standards/revisions.html")).getroot()
    text = " ".join(table.text_content().split())
    assert "原版本：v2026.1（2026-06-01 发布）；修改后版本：v2026.2（2026-08-01 发布）" in text
    assert "其余条文序号相应调整" in text and "修改理由：明确本规范的适用范围" in text


def test_pin_of_an_unchanged_question_says_so_and_still_records_the_review(tmp_path):
    """The finding: `zhifa pin Q-…` printed "0 道试题" and changed nothing a reader could see."""
    repo = make_repo(tmp_path / "repo")
    result = z(repo, "pin", "Q-AAAAA2", "--reviewer", "李法制", "--date", "2026-08-01")
    assert result.returncode == 0, result.stderr
    assert "Q-AAAAA2：所考查条款的文本未变，指纹原本就是最新的；审核人 李法制，审核日期 2026-08-01" in result.stdout
    bank = yaml.safe_load((repo / "quizzes/demo.yaml").read_text(encoding="utf-8"))
    q2 = next(q for q in bank if q["id"] == "Q-AAAAA2")
    assert q2["reviewer"] == "李法制" and str(q2["reviewed"]) == "2026-08-01"
    assert z(repo, "check").returncode == 0


def test_verify_refuses_manifests_that_are_not_the_released_ones(cycle):
    repo, work, _ = cycle
    empty = work / "empty.json"
    empty.write_text('{\n "release": "v2026.1",\n "clauses": {}\n}\n', encoding="utf-8")
    result = z(repo, "verify", "--manifest", str(empty))
    assert result.returncode == 2 and f"{empty}:3: 发布清单中没有任何条款" in result.stderr
    # a manifest edited in the repository together with the clause it describes
    manifest = repo / "releases/v2026.1.json"
    kept = manifest.read_text(encoding="utf-8")
    try:
        manifest.write_text(kept.replace('"title": "立案标准"', '"title": "立案标准（改）"'), encoding="utf-8")
        result = z(repo, "verify", "--manifest", str(manifest))
        assert result.returncode == 2 and "与发布标签 v2026.1 中的清单不一致" in result.stderr
    finally:
        manifest.write_text(kept, encoding="utf-8")
    genuine = z(repo, "verify", "--manifest", str(manifest), "--date", DAY)
    assert genuine.returncode == 1 and "CL-AAAAA3" in genuine.stdout and "文本已修改" in genuine.stdout


def test_a_new_reason_reaches_the_built_site_without_a_commit(cycle, site):
    """Runs last: the site is rebuilt in place after changes/reasons.yaml is edited (not committed)."""
    from lxml import html as lhtml

    repo, work, _ = cycle
    reasons = repo / "changes/reasons.yaml"
    kept = reasons.read_text(encoding="utf-8")
    try:
        reasons.write_text(kept + "- id: CL-AAAAA3\n  reason: 拟统一表述\n", encoding="utf-8")
        built = z(repo, "build", "--as-of", DAY, "--out", str(site))
        assert built.returncode == 0, built.stdout + built.stderr
        page = lhtml.parse(str(site / "standards/demo/filing.html")).getroot()
        block = page.xpath('//*[@id="CL-AAAAA3"]/ancestor::section[contains(@class, "zf-obj")]')[0]
        last = " ".join(block.xpath('.//*[contains(@class, "zf-history")]//li')[-1].text_content().split())
        assert last == "待发布的修改：修改理由：拟统一表述"
    finally:
        reasons.write_text(kept, encoding="utf-8")


def test_a_deleted_released_question_is_pointed_to_retirement(tmp_path, monkeypatch):
    """The finding: deleting a question of a repealed clause is refused, with advice that only fits clauses."""
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)
    repo = make_repo(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Initial content")
    assert z(repo, "release", "--date", "2026-06-01").returncode == 0
    bank = repo / "quizzes/demo.yaml"
    text = bank.read_text(encoding="utf-8")
    start, end = text.index("- id: Q-AAAAA2"), text.index("- id: Q-AAAAA3")
    bank.write_text(text[:start] + text[end:], encoding="utf-8")
    result = z(repo, "check")
    assert result.returncode == 1 and "Q-AAAAA2 不见了" in result.stdout
    assert (
        "处理：恢复该试题；不再使用的试题把 review 改为“停用”（条款废止后可用 zhifa retire 条款ID），ID 保留"
        in result.stdout
    )


def test_the_coverage_page_counts_retired_questions_apart_from_drafts(cycle, site):
    from lxml import html as lhtml

    from zhifa.bank import quiz, rules
    from zhifa.model import repo as repo_mod

    repo, _, _ = cycle
    items = list(quiz.flatten(quiz.of(repo_mod.load(repo))[0]))
    retired = sum(1 for q in items if rules.retired(q))
    assert retired >= 1  # Q-AAAAA6, retired with its repealed clause
    page = lhtml.parse(str(site / "quizzes/index.html")).getroot()
    text = " ".join(page.text_content().split())
    assert f"停用 {retired} 道（所考查的条款已废止）" in text
