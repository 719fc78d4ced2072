"""The command line as legal staff use it: new, check, build dates."""

from __future__ import annotations

import json
import re

from conftest import make_repo, sphinx_build, zhifa


def test_new_clause_gets_a_fresh_permanent_id_and_passes_check(tmp_path):
    repo = make_repo(tmp_path / "repo")
    before = (repo / "standards/demo/filing.md").read_text(encoding="utf-8")
    result = zhifa("--root", str(repo), "new", "clause", "standards/demo/filing.md", "--title", "立案登记")
    assert result.returncode == 0, result.stderr
    new_id = re.search(r"CL-[0-9A-Z]{6}", result.stdout).group(0)
    after = (repo / "standards/demo/filing.md").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and f":id: {new_id}" in after
    assert new_id not in before
    assert zhifa("--root", str(repo), "check").returncode == 0
    out = tmp_path / "out"
    assert sphinx_build(repo, out).returncode == 0
    needs = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    need = needs["versions"][needs["current_version"]]["needs"][new_id]
    assert need["status"] == "草案" and need["title"] == "立案登记"


def test_new_rejects_unknown_type_and_missing_file(tmp_path):
    repo = make_repo(tmp_path / "repo")
    bad_type = zhifa("--root", str(repo), "new", "clauze", "standards/demo/filing.md", "--title", "x")
    assert bad_type.returncode == 2 and "未知的对象类型 clauze" in bad_type.stderr
    no_file = zhifa("--root", str(repo), "new", "clause", "standards/demo/nope.md", "--title", "x")
    assert no_file.returncode == 2 and "文件不存在" in no_file.stderr
    assert "Traceback" not in bad_type.stderr + no_file.stderr


def test_status_follows_the_build_date(tmp_path):
    repo = make_repo(tmp_path / "repo")
    early, late = tmp_path / "early", tmp_path / "late"
    for date, out in (("2023-06-01", early), ("2099-06-01", late)):
        r = zhifa("--root", str(repo), "build", "--date", date, "--out", str(out))
        assert r.returncode == 0, r.stderr

    def needs(out):
        d = json.loads((out / "needs.json").read_text(encoding="utf-8"))
        return d["versions"][d["current_version"]]["needs"]

    assert needs(early)["CL-AAAAA1"]["status"] == "未施行"
    assert needs(early)["CL-AAAAA1"].get("number") is None
    assert needs(late)["CL-AAAAA4"]["status"] == "现行"
    # the clause that comes into force in 2099 takes its place in the numbering
    assert needs(late)["CL-AAAAA4"]["number"] == "第四条" and needs(late)["CL-AAAAA5"]["number"] == "第五条"
    assert "对象数量：条款 5，法律条文 2" in zhifa("--root", str(repo), "build", "--out", str(late)).stdout


def test_check_rejects_a_malformed_date_option(tmp_path):
    result = zhifa("--root", str(make_repo(tmp_path / "repo")), "check", "--date", "2024-02-30")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_serve_prints_its_url_and_serves_the_site(site):
    import urllib.request

    from conftest import zhifa_serve

    with zhifa_serve(site) as base, urllib.request.urlopen(f"{base}/index.html", timeout=10) as r:
        assert "我是新任执法人员" in r.read().decode("utf-8")


def test_changed_clause_text_forces_re_review_until_pinned(tmp_path):
    repo = make_repo(tmp_path / "repo")
    chapter = repo / "standards/demo/filing.md"
    original = chapter.read_text(encoding="utf-8")
    # whitespace-only edits and renumbering (moving a clause) are not changes of text
    spaced = original.replace("符合立案标准的，应当及时立案", "符合立案标准的，\n应当  及时立案")
    general = repo / "standards/demo/general.md"
    g = general.read_text(encoding="utf-8")
    first, second = g.index("```{clause} 目的"), g.index("```{clause} 执法人员")
    general.write_text(g[:first] + g[second:].rstrip("\n") + "\n\n" + g[first:second], encoding="utf-8")
    chapter.write_text(spaced, encoding="utf-8")
    assert zhifa("--root", str(repo), "check").returncode == 0
    # a real change names every reviewed question that tests the clause, with the change
    chapter.write_text(original.replace("应当及时立案，并依照", "应当在三个工作日内立案，并依照"), encoding="utf-8")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 1
    flagged = re.findall(
        r"试题 (Q-[0-9A-Z]{6}) 审核后，所考查的条款 CL-AAAAA3 文本已修改：.*\[-及时-\]\{\+在三个工作日内\+\}",
        result.stdout,
    )
    assert sorted(flagged) == ["Q-AAAAA1", "Q-AAAAA4", "Q-AAAAA5", "Q-AAAAA7"]
    assert "Q-AAAAA3" not in result.stdout  # a draft question has nothing pinned
    pinned = zhifa("--root", str(repo), "pin", *flagged)
    assert pinned.returncode == 0 and "4 道试题" in pinned.stdout
    assert zhifa("--root", str(repo), "check").returncode == 0


def test_new_question_gets_a_fresh_id_in_the_bank_file(tmp_path):
    repo = make_repo(tmp_path / "repo")
    result = zhifa("--root", str(repo), "new", "question", "quizzes/demo.yaml", "--title", "某执法人员在现场检查时……？")
    assert result.returncode == 0, result.stderr
    qid = re.search(r"Q-[0-9A-Z]{6}", result.stdout).group(0)
    text = (repo / "quizzes/demo.yaml").read_text(encoding="utf-8")
    assert f"- id: {qid}" in text and "review: 草案" in text
    check = zhifa("--root", str(repo), "check")
    assert check.returncode == 1 and f"试题 {qid} 没有写考查的条款（tests）" in check.stdout
    assert "题库：8 道试题（含案例分析题及小题），其中草案 2 道" in check.stderr
    assert "重复的选项" not in check.stdout


def test_a_broken_metamodel_is_reported_without_a_traceback(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "metamodel.yaml").write_text("statuses: {}\nfields:\n  effective: {label: 施行日期}\n", encoding="utf-8")
    result = zhifa("--root", str(repo), "check")
    assert result.returncode == 2 and "metamodel.yaml" in result.stderr and "Traceback" not in result.stderr
    build = zhifa("--root", str(repo), "build", "--out", str(tmp_path / "out"))
    assert build.returncode == 1 and "metamodel.yaml" in build.stderr and "Traceback" not in build.stderr


def test_new_question_in_a_missing_folder_says_so(tmp_path):
    repo = make_repo(tmp_path / "repo")
    result = zhifa("--root", str(repo), "new", "question", "quizzes/sub/x.yaml", "--title", "题干")
    assert result.returncode == 2 and "quizzes/sub 不存在" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "quizzes/sub").exists()
