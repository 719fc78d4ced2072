"""Releases of a layered repository (issue 26): a county releases its own layer of the merged standard. Its
registry claims only its own IDs (本地新增) and records its overrides and exclusions of base IDs apart; a released
local ID is kept exactly as in a single-layer repository."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import guarded, serve, zhifa
from test_layers import COUNTY_CHAPTER, GIT, chain, commit  # noqa: F401  (chain: the province → city → county fixture)


@pytest.fixture
def county(chain) -> Path:  # noqa: F811
    """The county of the chain fixture as a git repository (its fetched bases and builds ignored)."""
    (chain / ".gitignore").write_text("_build/\n_layers/\n", encoding="utf-8")
    commit(chain)
    return chain


@pytest.fixture(autouse=True)
def git_identity(monkeypatch):
    """The release commit needs an author; tests use a fixed one."""
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "县法制科")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "fz@example.org")


def _release(county: Path, on: str) -> subprocess.CompletedProcess:
    return zhifa("release", "--date", on, cwd=county)


def git(county: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(county), *args], check=True, capture_output=True, text=True).stdout


def test_a_county_release_registers_its_own_ids_only(county):
    done = _release(county, "2026-06-01")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(county, "tag", "--list") == "v2026.1\n"
    assert git(county, "status", "--porcelain") == ""  # the release commit holds everything it wrote
    data = json.loads((county / "releases/registry.json").read_text(encoding="utf-8"))
    # the county's own clause is its own; no base ID (adopted, overridden or not applied here) is claimed
    assert data["ids"] == {"CL-ZJ0001": {"type": "clause", "first": "v2026.1", "standard": "standards/demo"}}
    assert data["deviations"] == {
        "CL-AAAAA4": {"first": "v2026.1", "kind": "不适用", "base": "v2026.1"},
        "CL-SZ0001": {"first": "v2026.1", "kind": "本地调整", "base": "v2026.1"},
    }
    manifest = json.loads((county / "releases/v2026.1.json").read_text(encoding="utf-8"))
    clauses = manifest["clauses"]
    assert clauses["CL-SZ0001"]["layer"] == "本地调整" and clauses["CL-SZ0001"]["title"] == "市级和县级备案"
    assert clauses["CL-ZJ0001"]["layer"] == "本地新增" and clauses["CL-AAAAA2"]["layer"] == "上级规范"
    assert manifest["layer"]["prefix"] == "ZJ" and manifest["layer"]["base"] == {"git": "../city", "release": "v2026.1"}
    assert manifest["layer"]["deviations"]["CL-SZ0001"] == {"kind": "本地调整", "reason": "本县另设县级备案"}
    bank = json.loads((county / "releases/banks/v2026.1.json").read_text(encoding="utf-8"))
    assert "Q-AAAAA1" in {q["id"] for q in bank["questions"]}  # the merged bank is archived, so attempts score

    found = zhifa("verify", "--text", "重大执法决定应当报市司法局和县司法局备案。", cwd=county)
    assert found.returncode == 0 and "CL-SZ0001" in found.stdout and "v2026.1" in found.stdout, found.stdout

    again = _release(county, "2026-07-01")
    assert again.returncode == 1 and "不需要新的发布" in again.stderr
    # a changed reason is a change of the layer's release
    text = (county / "layers.yaml").read_text(encoding="utf-8")
    (county / "layers.yaml").write_text(text.replace("本县不涉及该事项", "本县没有该类事项"), encoding="utf-8")
    git(county, "commit", "-qam", "理由")
    assert _release(county, "2026-07-01").returncode == 0


def test_a_released_local_clause_cannot_be_deleted(county):
    assert _release(county, "2026-06-01").returncode == 0
    chapter = county / "standards/demo/county.md"
    chapter.write_text("# 本县规定\n\n本章暂无条款。\n", encoding="utf-8")
    git(county, "commit", "-qam", "删除")
    checked = zhifa("check", cwd=county)
    assert checked.returncode == 1
    line = COUNTY_CHAPTER.splitlines().index(":id: CL-ZJ0001") + 1
    assert (
        f"standards/demo/county.md:{line}: 已发布的 ID 永久保留：v2026.1 发布的条款 CL-ZJ0001 不见了"
        f"（发布 v2026.1 时在本文件第 {line} 行）"
    ) in checked.stdout
    refused = _release(county, "2026-07-01")
    assert refused.returncode == 1 and "不能发布" in refused.stderr and "Traceback" not in refused.stderr
    assert git(county, "tag", "--list") == "v2026.1\n"


def test_dropping_an_override_keeps_the_base_id_the_bases(county):
    """The county adopts the city's wording of CL-SZ0001 again: no released ID of its own is lost (the ID was
    never the county's), and the registry records when the deviation ended."""
    assert _release(county, "2026-06-01").returncode == 0
    text = (county / "layers.yaml").read_text(encoding="utf-8")
    start, end = text.index("overrides:"), text.index("excluded:")
    (county / "layers.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    git(county, "commit", "-qam", "采用上级条文")
    checked = zhifa("check", cwd=county)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    done = _release(county, "2026-07-01")
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((county / "releases/registry.json").read_text(encoding="utf-8"))
    assert set(data["ids"]) == {"CL-ZJ0001"}
    ended = {"first": "v2026.1", "kind": "本地调整", "base": "v2026.1", "ended": "v2026.2"}
    assert data["deviations"]["CL-SZ0001"] == ended
    manifest = json.loads((county / "releases/v2026.2.json").read_text(encoding="utf-8"))
    assert manifest["clauses"]["CL-SZ0001"]["layer"] == "上级规范"
    assert manifest["clauses"]["CL-SZ0001"]["title"] == "市级备案"


def test_the_revision_table_of_a_county_shows_its_own_changes_with_their_layer(county, tmp_path):
    """zhifa diff between two county releases reads the merged standard of each: the county's override, its new
    clause and its new exclusion get a row, each saying whose change it is; base clauses it adopts as they were
    get none."""
    assert _release(county, "2026-06-01").returncode == 0
    text = (county / "layers.yaml").read_text(encoding="utf-8")
    text = text.replace("市司法局和县司法局备案。", "市司法局和县司法局备案，并抄送县人大常委会。")
    text += "  CL-AAAAA5: 本县由上级机关统一撤销立案\n"
    (county / "layers.yaml").write_text(text, encoding="utf-8")
    added = zhifa("new", "clause", "standards/demo/county.md", "--title", "县级复核", cwd=county)
    assert added.returncode == 0, added.stderr
    chapter = county / "standards/demo/county.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("（在此填写正文）", "重大执法决定应当经县法制机构复核。"),
        encoding="utf-8",
    )
    new_id = [line.split()[-1] for line in chapter.read_text(encoding="utf-8").splitlines() if ":id: CL-ZJ" in line][1]
    git(county, "add", "-A")
    git(county, "commit", "-qm", "修订")
    report = zhifa("diff", "v2026.1", "HEAD", cwd=county)
    assert report.returncode == 0, report.stdout + report.stderr
    rows = {
        m.group(1): line for line in report.stdout.splitlines() if (m := re.search(r"（(CL-[0-9A-Z]+)） \|$", line))
    }
    assert set(rows) == {"CL-SZ0001", "CL-AAAAA5", new_id}, report.stdout
    assert "本地调整（本县另设县级备案）：修改条文" in rows["CL-SZ0001"]
    assert "<ins><b>，并抄送县人大常委会</b></ins>" in rows["CL-SZ0001"]
    assert "本层标为不适用（条文不变，留在原处），理由：本县由上级机关统一撤销立案" in rows["CL-AAAAA5"]
    assert "本地新增：新增条款" in rows[new_id]
    assert "修改 1 条，新增 1 条" in report.stdout and "不适用 1 条" in report.stdout
    back = zhifa("diff", "HEAD", "v2026.1", cwd=county)  # the other way round: the clause applies again
    restored = next(line for line in back.stdout.splitlines() if "（CL-AAAAA5）" in line)
    assert "本层恢复适用上级条文" in restored and "恢复适用 1 条" in back.stdout


def test_the_county_site_lists_its_own_releases_and_revision_table(county, tmp_path, browser):
    assert _release(county, "2026-06-01").returncode == 0
    text = (county / "layers.yaml").read_text(encoding="utf-8")
    (county / "layers.yaml").write_text(text + "  CL-AAAAA5: 本县由上级机关统一撤销立案\n", encoding="utf-8")
    git(county, "commit", "-qam", "不适用")
    assert _release(county, "2026-07-01").returncode == 0
    out = tmp_path / "site"
    built = zhifa("build", "--out", str(out), cwd=county)
    assert built.returncode == 0, built.stdout + built.stderr
    assert sorted(p.name for p in (out / "releases").iterdir()) == ["registry.json", "v2026.1.json", "v2026.2.json"]
    with serve(out) as url, guarded(browser, viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.goto(f"{url}/standards/revisions.html")
        body = page.locator("article").inner_text()
        assert "v2026.2" in body and "v2026.1" in body and "尚无发布" not in body
        assert "本层标为不适用（条文不变，留在原处），理由：本县由上级机关统一撤销立案" in body
        page.screenshot(path=str(tmp_path / "revisions-phone.png"), full_page=True)
        page.locator("article").get_by_role("link", name="v2026.2.json").click()
        page.wait_for_url("**/releases/v2026.2.json")
        manifest = json.loads(page.locator("body").inner_text())
    assert manifest["layer"]["deviations"]["CL-AAAAA5"]["kind"] == "不适用"
