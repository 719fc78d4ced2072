"""Layered standards (issue 26): a province (the mini fixture, released as a git tag), a city and a county built
in the test; the county's merged standard adopts, overrides, excludes and adds clauses; bad declarations give
file:line messages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, guarded, make_repo, published_needs, serve, zhifa

GIT = ["git", "-c", "user.name=测试", "-c", "user.email=t@example.org"]

CITY_LAYERS = """prefix: SZ
base:
  git: ../province
  release: v2026.1
overrides:
  CL-AAAAA1:
    reason: 本市规范执法的具体要求
    text: |
      为规范本市行政执法，制定本规范。
"""

COUNTY_LAYERS = """prefix: ZJ
base:
  git: ../city
  release: v2026.1
overrides:
  CL-SZ0001:
    reason: 本县另设县级备案
    title: 市级和县级备案
    text: |
      重大执法决定应当报市司法局和县司法局备案。
excluded:
  CL-AAAAA4: 本县不涉及该事项
"""

CITY_CHAPTER = """# 本市规定

```{clause} 市级备案
:id: CL-SZ0001
:effective: 2024-01-01
:source: 示范

重大执法决定应当报市司法局备案。
```
"""

COUNTY_CHAPTER = """# 本县规定

```{clause} 县级公示
:id: CL-ZJ0001
:effective: 2024-01-01
:source: 示范
:cites: CL-SZ0001

行政处罚决定应当在县政府网站公示，并依照 {clause}`CL-SZ0001` 备案。
```
"""


def soffice_text(path: Path, work: Path) -> str:
    """The .docx as LibreOffice (an independent reader) reads it, as plain text."""
    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{work}/lo",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(work),
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return (work / f"{path.stem}.txt").read_text(encoding="utf-8-sig")


def commit(repo: Path, tag: str | None = None) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(repo), "commit", "-qm", "release"], check=True)
    if tag:
        subprocess.run([*GIT, "-C", str(repo), "tag", "-a", tag, "-m", tag], check=True)


def layer(repo: Path, declaration: str, chapters: dict[str, str]) -> Path:
    repo.mkdir(parents=True)
    for name in ("metamodel.yaml", "conf.py"):
        (repo / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "layers.yaml").write_text(declaration, encoding="utf-8")
    for rel, text in chapters.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    return repo


def toc(*chapters: str) -> str:
    return "# 《示例规范》\n\n```{toctree}\n" + "\n".join(chapters) + "\n```\n"


@pytest.fixture
def chain(tmp_path) -> Path:
    """province (released v2026.1) → city (released v2026.1) → county (working folder); returns the county."""
    province = make_repo(tmp_path / "province")
    commit(province, "v2026.1")
    city = layer(
        tmp_path / "city",
        CITY_LAYERS,
        {
            "standards/demo/city.md": CITY_CHAPTER,
            "standards/demo/index.md": toc("general", "filing", "city"),
        },
    )
    commit(city, "v2026.1")
    return layer(
        tmp_path / "county",
        COUNTY_LAYERS,
        {
            "standards/demo/county.md": COUNTY_CHAPTER,
            "standards/demo/index.md": toc("general", "filing", "city", "county"),
        },
    )


def test_a_county_merges_province_and_city(chain, tmp_path, browser):
    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert sorted(p.name.split("@")[0] for p in (chain / "_layers").iterdir()) == ["city", "province"]
    out = tmp_path / "site"
    built = zhifa("build", "--out", str(out), cwd=chain)
    assert built.returncode == 0, built.stdout + built.stderr
    needs = published_needs(out)
    assert "CL-AAAAA4" in needs  # 不适用 here: kept in place (links and numbers as in the base), marked
    assert needs["CL-SZ0001"]["title"] == "市级和县级备案"  # the county's override of the city's clause
    assert "县司法局备案" in needs["CL-SZ0001"]["content"]
    assert "本市行政执法" in needs["CL-AAAAA1"]["content"]  # the city's override, adopted by the county
    # numbering over the merged standard: general 2 + filing 2 in force (CL-AAAAA4 is not yet) + city 1 + county 1
    assert needs["CL-ZJ0001"]["number"] == "第六条"
    assert needs["CL-ZJ0001"]["cites"] == ["CL-SZ0001"] and "CL-ZJ0001" in needs["CL-SZ0001"]["cites_back"]
    assert needs["Q-AAAAA6"]["tests"] == ["CL-AAAAA5"]  # questions on base clauses come along

    with serve(out) as url, guarded(browser, viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.goto(f"{url}/standards/demo/city.html")
        box = page.locator(".zf-layer").first  # the chapter's one clause, CL-SZ0001
        assert "层级：本地调整" in box.inner_text()
        assert "本县另设县级备案" in box.inner_text()
        assert box.locator(".zf-ins").first.inner_text().strip() != ""
        assert "县司法局" in " ".join(box.locator(".zf-ins").all_inner_texts())
        page.screenshot(path=str(tmp_path / "city-phone.png"), full_page=True)
        page.goto(f"{url}/standards/demo/county.html")
        assert "层级：本地新增" in page.locator(".zf-layer").first.inner_text()
        page.goto(f"{url}/standards/demo/general.html")
        texts = page.locator(".zf-layer").all_inner_texts()
        assert len(texts) == 2 and all("上级规范" in t for t in texts)
        page.goto(f"{url}/standards/demo/filing.html")
        excluded = page.locator(".zf-layer").nth(1).inner_text()  # CL-AAAAA4, the chapter's second clause
        assert "层级：不适用" in excluded and "本县不涉及该事项" in excluded
        # the 偏离清单: listed with the standards, every override and exclusion with its reason and base text
        page.goto(f"{url}/standards/index.html")
        page.locator("article").get_by_role("link", name="偏离清单").first.click()
        body = page.locator("article").inner_text()
        assert "本地调整：CL-SZ0001" in body and "本县另设县级备案" in body and "重大执法决定应当报市司法局备案" in body
        assert "不适用：CL-AAAAA4" in body and "本县不涉及该事项" in body and "本条尚未施行" in body
        assert "本地调整：CL-AAAAA1" not in body  # the city's adjustment is the county's base
        with page.expect_download() as download:
            page.get_by_role("link", name="偏离清单.docx").click()
        docx = tmp_path / "偏离清单.docx"
        download.value.save_as(docx)
    text = soffice_text(docx, tmp_path)
    for said in ("偏离清单", "CL-SZ0001", "本县另设县级备案", "市司法局和县司法局备案", "CL-AAAAA4", "不适用"):
        assert said in text, said


def test_the_re_review_gate_applies_to_an_overridden_base_clause(chain):
    """Q-AAAAA6 (reviewed in the province) tests CL-AAAAA5: once the county words it differently, the question
    must be reviewed again before it is used here."""
    override = "  CL-AAAAA5:\n    reason: 本县移送规定\n    text: |\n      立案后发现不属于本机关管辖的，应当移送。\n"
    (chain / "layers.yaml").write_text(COUNTY_LAYERS.replace("excluded:", override + "excluded:"), "utf-8")
    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 1
    assert "Q-AAAAA6" in checked.stdout and "_layers/province@v2026.1" in checked.stdout
    pinned = zhifa("pin", "Q-AAAAA6", "--reviewer", "县法制员", cwd=chain)
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert "Q-AAAAA6：上级规范的试题，已按本层合并后的条文重新固定指纹" in pinned.stdout
    lock = json.loads((chain / "quizzes/review.lock").read_text(encoding="utf-8"))
    assert list(lock["questions"]) == ["Q-AAAAA6"]  # only this layer's review; the base's pins stay the base's
    assert any("移送" in text for text in lock["texts"].values())
    again = zhifa("check", cwd=chain)
    assert again.returncode == 0, again.stdout + again.stderr


def bad(chain: Path, old: str, new: str) -> subprocess.CompletedProcess:
    text = (chain / "layers.yaml").read_text(encoding="utf-8")
    assert old in text
    (chain / "layers.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return zhifa("check", cwd=chain)


@pytest.mark.parametrize(
    "old, new, where, said",
    [
        ("git: ../city", "path: ../nowhere\n  # was git", "layers.yaml:3:", "不存在或不是规范仓库"),
        ("git: ../city", "git: ../nowhere", "layers.yaml:3:", "无法访问上级规范仓库"),
        ("release: v2026.1", "release: v2099.9", "layers.yaml:4:", "上级规范没有发布 v2099.9"),
        ("CL-SZ0001:", "CL-ZZZZZ9:", "layers.yaml:6:", "上级规范中没有 CL-ZZZZZ9"),
        ("CL-AAAAA4: 本县不涉及该事项", "CL-AAAAA4:", "layers.yaml:12:", "没有写理由"),
        ("    reason: 本县另设县级备案\n", "", "layers.yaml:6:", "缺少理由 reason"),
        ("prefix: ZJ", "prefix: zj", "layers.yaml:1:", "ID 前缀"),
    ],
)
def test_a_bad_declaration_is_reported_at_its_line(chain, old, new, where, said):
    result = bad(chain, old, new)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(where) and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_an_id_collision_between_layers_is_reported(chain):
    (chain / "standards/demo/county.md").write_text(COUNTY_CHAPTER.replace("CL-ZJ0001", "CL-AAAAA1"), "utf-8")
    result = zhifa("check", cwd=chain)
    assert result.returncode == 1
    assert result.stderr.startswith("standards/demo/county.md:1:") and "CL-AAAAA1 与上级规范" in result.stderr
    (chain / "standards/demo/county.md").write_text(COUNTY_CHAPTER.replace("CL-ZJ0001", "CL-AB0001"), "utf-8")
    result = zhifa("check", cwd=chain)
    assert result.returncode == 1 and "不以本层前缀 ZJ 开头" in result.stderr


def test_a_local_file_never_replaces_base_objects(chain):
    (chain / "standards/demo/general.md").write_text("# 总则\n\n本县重写。\n", encoding="utf-8")
    result = zhifa("check", cwd=chain)
    assert result.returncode == 1
    assert result.stderr.startswith("standards/demo/general.md:1:") and "不能整体替换" in result.stderr


def test_a_cycle_of_layers_is_reported(tmp_path):
    a = layer(tmp_path / "a", "prefix: A\nbase:\n  path: ../b\n", {})
    layer(tmp_path / "b", "prefix: B\nbase:\n  path: ../a\n", {})
    result = zhifa("check", cwd=a)
    assert result.returncode == 1
    assert "层之间有循环" in result.stderr and "Traceback" not in result.stderr


def test_a_new_clause_in_a_county_gets_the_layer_prefix(chain):
    added = zhifa("new", "clause", "standards/demo/county.md", "--title", "县级新增", cwd=chain)
    assert added.returncode == 0, added.stderr
    text = (chain / "standards/demo/county.md").read_text(encoding="utf-8")
    new_ids = [line.split()[-1] for line in text.splitlines() if line.startswith(":id: CL-ZJ")]
    assert len(new_ids) == 2 and all(len(i) == len("CL-ZJ0001") for i in new_ids)
    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_init_with_a_base_pins_its_release_and_passes_its_own_test(tmp_path):
    from test_init import own_test

    province = make_repo(tmp_path / "province")
    commit(province, "v2026.1")
    county = tmp_path / "county"
    result = zhifa("init", "示例县", str(county), "--base", str(province), "--release", "v2026.1", "--prefix", "ZJ")
    assert result.returncode == 0, result.stderr
    declaration = (county / "layers.yaml").read_text(encoding="utf-8")
    assert "git: ../province" in declaration and "release: v2026.1" in declaration
    run = own_test(county)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (county / "_build/html/standards/demo/filing.html").is_file()  # the base's standard, merged

    wrong = tmp_path / "wrong"
    result = zhifa("init", "示例县", str(wrong), "--base", str(province), "--release", "v2099.1", "--prefix", "ZJ")
    assert result.returncode == 2 and "上级规范没有发布 v2099.1" in result.stderr
    assert not wrong.exists()
    result = zhifa("init", "示例县", str(wrong), "--base", str(province), "--release", "v2026.1")
    assert result.returncode == 2 and "--prefix" in result.stderr and not wrong.exists()


def test_upgrading_the_base_flags_a_conflicting_override(chain):
    city = chain.parent / "city"
    chapter = city / "standards/demo/city.md"
    changed = "重大执法决定应当在作出后十日内报市司法局备案。\n\n备案材料应当完整。"  # a second 款 too
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("重大执法决定应当报市司法局备案。", changed), encoding="utf-8")
    subprocess.run([*GIT, "-C", str(city), "commit", "-qam", "v2"], check=True)
    subprocess.run([*GIT, "-C", str(city), "tag", "-a", "v2026.2", "-m", "v2026.2"], check=True)
    assert zhifa("check", cwd=chain).returncode == 0  # pinned to v2026.1: nothing changes yet

    upgraded = zhifa("layers", "upgrade", "v2026.2", cwd=chain)
    assert upgraded.returncode == 0, upgraded.stderr
    rows = [line for line in upgraded.stdout.splitlines() if line.startswith("| CL-")]
    assert len(rows) == 1  # only what changed in the base, one row however many 款
    assert "<br>备案材料应当完整。" in rows[0]
    assert rows[0].startswith("| CL-SZ0001 | 修改 ⚠ 需复核 |")
    assert "<ins><b>在作出后十日内</b></ins>" in rows[0] and "本地调整（本县另设县级备案）" in rows[0]
    declaration = (chain / "layers.yaml").read_text(encoding="utf-8")
    assert "release: v2026.2" in declaration and "checked: v2026.1" in declaration

    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 1
    assert "layers.yaml:6: CL-SZ0001 的上级条文在 v2026.1 之后已修改" in checked.stdout
    (chain / "layers.yaml").write_text(declaration.replace("checked: v2026.1", "checked: v2026.2"), "utf-8")
    reviewed = zhifa("check", cwd=chain)
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr


def test_check_reports_an_exclusion_of_a_clause_the_base_repealed(tmp_path):
    province = make_repo(tmp_path / "province")
    commit(province, "v2026.1")
    county = layer(
        tmp_path / "county",
        "prefix: ZJ\nbase:\n  git: ../province\n  release: v2026.1\nexcluded:\n  CL-AAAAA1: 本县另有规定\n",
        {},
    )
    first = zhifa("check", cwd=county)  # Q-AAAAA3 tests the excluded clause: it is left out, and named
    assert first.returncode == 0, first.stdout + first.stderr
    listed = (county / "_build/merged/standards/deviations.md").read_text(encoding="utf-8")
    assert "随之不再使用的上级试题：Q-AAAAA3" in listed
    general = province / "standards/demo/general.md"
    general.write_text(
        general.read_text(encoding="utf-8").replace(":id: CL-AAAAA1", ":id: CL-AAAAA1\n:repealed: 2026-01-01")
    )
    subprocess.run([*GIT, "-C", str(province), "commit", "-qam", "repeal"], check=True)
    subprocess.run([*GIT, "-C", str(province), "tag", "-a", "v2026.2", "-m", "v2026.2"], check=True)
    upgraded = zhifa("layers", "upgrade", "v2026.2", cwd=county)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "| CL-AAAAA1 | 废止 ⚠ 需复核 |" in upgraded.stdout and "不适用（本县另有规定）" in upgraded.stdout
    checked = zhifa("check", cwd=county)
    assert checked.returncode == 1
    assert "layers.yaml:6: CL-AAAAA1 在上级规范中已废止，本层仍有它的不适用" in checked.stdout


def test_a_changed_reason_reaches_the_clause_page_in_an_incremental_build(chain, tmp_path):
    out = tmp_path / "site"
    assert zhifa("build", "--out", str(out), cwd=chain).returncode == 0
    declaration = (chain / "layers.yaml").read_text(encoding="utf-8")
    (chain / "layers.yaml").write_text(declaration.replace("本县另设县级备案", "本县新设县级备案制度"), "utf-8")
    rebuilt = zhifa("build", "--out", str(out), cwd=chain)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    page = (out / "standards/demo/city.html").read_text(encoding="utf-8")  # its source did not change
    assert "本县新设县级备案制度" in page and "本县另设县级备案" not in page


def test_the_live_preview_builds_the_merged_standard_and_names_a_bad_declaration(chain, tmp_path):
    from conftest import BUILD_DATE
    from zhifa.publish.live import Live

    live = Live(chain, tmp_path / "site", BUILD_DATE)
    assert chain / "layers.yaml" in live.paths()  # an edit of the declaration rebuilds too
    live.rebuild()
    assert live.problems == [] and live.version == 2
    assert "CL-ZJ0001" in published_needs(live.site)  # the preview is built beside --out (publish/live.py)
    bad(chain, "CL-SZ0001:", "CL-ZZZZZ9:")
    live.rebuild()
    assert live.problems == [{"where": "layers.yaml:6", "text": "上级规范中没有 CL-ZZZZZ9"}] and live.version == 2


def test_export_and_verify_read_the_merged_standard(chain, tmp_path):
    exported = zhifa("export", "--format", "gift", "-o", str(tmp_path / "bank.gift.txt"), cwd=chain)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert "Q-AAAAA1" in (tmp_path / "bank.gift.txt").read_text(encoding="utf-8")  # the province's question
    found = zhifa("verify", "--text", "重大执法决定应当报市司法局和县司法局备案。", cwd=chain)
    assert found.returncode == 0 and "CL-SZ0001" in found.stdout  # the county's wording of the city's clause
    bad(chain, "CL-SZ0001:", "CL-ZZZZZ9:")
    refused = zhifa("verify", "--text", "备案", cwd=chain)
    assert refused.returncode == 1 and refused.stderr.startswith("layers.yaml:6:")


COUNTY_QUESTION = """- id: Q-ZJ0001
  type: 判断
  stem: 本规范的目的是规范执法。
  answer: 正确
  explanation: 见 {clause}`CL-AAAAA1`。
  tests: [CL-AAAAA1]
  difficulty: 1
  review: 已审核
  reviewer: 县培训师
  reviewed: 2026-01-10
"""


def test_a_county_question_on_a_base_clause_is_held_when_the_base_changes_it(chain):
    """The county's own question on CL-AAAAA1 (as the city words it) is reviewed and pinned here; when the city's
    next release words the clause differently, the gate holds the question until it is reviewed again."""
    (chain / "quizzes").mkdir()
    (chain / "quizzes/county.yaml").write_text(COUNTY_QUESTION, encoding="utf-8")
    (chain / "quizzes/county.md").write_text("# 题库：本县\n\n```{questions} county.yaml\n```\n", "utf-8")
    (chain / "quizzes/index.md").write_text(
        "# 题库\n\n```{toctree}\ndemo\ncounty\n```\n\n## 覆盖情况\n\n```{coverage}\n```\n", "utf-8"
    )
    pinned = zhifa("pin", "Q-ZJ0001", "--reviewer", "县培训师", cwd=chain)
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert zhifa("check", cwd=chain).returncode == 0

    city = chain.parent / "city"
    text = (city / "layers.yaml").read_text(encoding="utf-8")
    (city / "layers.yaml").write_text(text.replace("制定本规范。", "制定本规范，统一执法尺度。"), "utf-8")
    subprocess.run([*GIT, "-C", str(city), "commit", "-qam", "v2"], check=True)
    subprocess.run([*GIT, "-C", str(city), "tag", "-a", "v2026.2", "-m", "v2026.2"], check=True)
    upgraded = zhifa("layers", "upgrade", "v2026.2", cwd=chain)
    assert "| CL-AAAAA1 | 修改 | " in upgraded.stdout and "采用上级规范" in upgraded.stdout  # adopted: no flag

    held = zhifa("check", cwd=chain)
    assert held.returncode == 1
    assert "quizzes/county.yaml:1: 试题 Q-ZJ0001 审核后，所考查的条款 CL-AAAAA1 文本已修改" in held.stdout


def test_new_question_on_a_base_clause_goes_into_the_countys_own_bank(chain):
    made = zhifa("new", "question", "quizzes/county.yaml", "--title", "备案的要求？", "--tests", "CL-SZ0001", cwd=chain)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "quizzes/county.md" in made.stdout  # the page that publishes the county's first bank file
    text = (chain / "quizzes/county.yaml").read_text(encoding="utf-8")
    assert "- id: Q-ZJ" in text and "tests: [CL-SZ0001]" in text
    assert "{questions} county.yaml" in (chain / "quizzes/county.md").read_text(encoding="utf-8")
    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # listed in the merged 题库 by itself
    assert "\ncounty\n" in (chain / "_build/merged/quizzes/index.md").read_text(encoding="utf-8")

    base_file = zhifa("new", "question", "quizzes/demo.yaml", "--title", "题干", cwd=chain)
    assert base_file.returncode == 2 and "上级规范的题库文件" in base_file.stderr
    assert not (chain / "quizzes/demo.yaml").exists()
    excluded = zhifa("new", "question", "quizzes/county.yaml", "--title", "题干", "--tests", "CL-AAAAA4", cwd=chain)
    assert excluded.returncode == 2 and "CL-AAAAA4：该条在本层标为不适用" in excluded.stderr
    unknown = zhifa("new", "question", "quizzes/county.yaml", "--title", "题干", "--tests", "CL-ZZZZZ9", cwd=chain)
    assert unknown.returncode == 2 and "没有这个条款 ID" in unknown.stderr
    assert (chain / "quizzes/county.yaml").read_text(encoding="utf-8") == text


def test_retire_in_a_county_refuses_a_base_clause_and_edits_only_its_own_bank(chain):
    refused = zhifa("retire", "CL-AAAAA1", cwd=chain)
    assert refused.returncode == 2 and "上级规范的条款" in refused.stderr
    assert "layers.yaml 的 excluded 中写“CL-AAAAA1: 不适用的理由”" in refused.stderr
    (chain / "quizzes").mkdir()
    question = COUNTY_QUESTION.replace("CL-AAAAA1", "CL-ZJ0001")
    (chain / "quizzes/county.yaml").write_text(question, encoding="utf-8")
    (chain / "quizzes/county.md").write_text("# 题库：本县\n\n```{questions} county.yaml\n```\n", "utf-8")
    chapter = chain / "standards/demo/county.md"
    chapter.write_text(
        COUNTY_CHAPTER.replace(":source: 示范", ":source: 示范\n:repealed: 2026-01-01\n:amended_by: 县政府令"), "utf-8"
    )
    done = zhifa("retire", "CL-ZJ0001", cwd=chain)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Q-ZJ0001（quizzes/county.yaml:1）" in done.stdout
    assert "review: 停用" in (chain / "quizzes/county.yaml").read_text(encoding="utf-8")


def test_the_standard_docx_of_a_county_is_the_merged_standard_with_layer_marks(chain, tmp_path):
    out = tmp_path / "demo.docx"
    made = zhifa("standard", "demo", "--stage", "征求意见稿", "-o", str(out), cwd=chain)
    assert made.returncode == 0, made.stdout + made.stderr
    text = soffice_text(out, tmp_path)
    assert "未加注的条款采用上级规范" in text
    assert "重大执法决定应当报市司法局和县司法局备案。" in text and "（本地调整：本县另设县级备案）" in text
    assert "为规范本市行政执法" in text  # the city's wording, adopted as it is: no mark
    assert "（不适用：本县不涉及该事项）" in text and "（本地新增）" in text
    assert text.count("（本地") == 2


def test_pages_are_listed_without_replacing_an_index(chain):
    """The county lists nothing by hand: its chapter is listed after the base's, and a chapter the city adds in a
    later release reaches the county even through the index page the county replaced."""
    (chain / "standards/demo/index.md").unlink()
    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    index = (chain / "_build/merged/standards/demo/index.md").read_text(encoding="utf-8")
    assert index.split("```{toctree}\n")[1].split("```")[0].split() == ["general", "filing", "city", "county"]

    (chain / "standards/demo/index.md").write_text(toc("general", "filing", "city", "county"), encoding="utf-8")
    city = chain.parent / "city"
    (city / "standards/demo/city2.md").write_text(
        CITY_CHAPTER.replace("CL-SZ0001", "CL-SZ0002").replace("本市规定", "本市补充规定"), encoding="utf-8"
    )
    (city / "standards/demo/index.md").write_text(toc("general", "filing", "city", "city2"), encoding="utf-8")
    subprocess.run([*GIT, "-C", str(city), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(city), "commit", "-qm", "v2"], check=True)
    subprocess.run([*GIT, "-C", str(city), "tag", "-a", "v2026.2", "-m", "v2026.2"], check=True)
    assert zhifa("layers", "upgrade", "v2026.2", cwd=chain).returncode == 0
    checked = zhifa("check", cwd=chain)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    index = (chain / "_build/merged/standards/demo/index.md").read_text(encoding="utf-8")
    assert index.split("```{toctree}\n")[1].split("```")[0].split() == ["general", "filing", "city", "county", "city2"]
