"""A federation of county sites (issue 27): a layered county's built site publishes its layer declaration; two
more counties' published files are written in the same format; `zhifa federate` compares them (checked in
Chromium at desktop and phone size); unreadable or malformed counties are listed and skipped; a shared prefix and
a malformed config are reported at the config's line."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import ROOT, guarded, make_repo, published_needs, serve, zhifa
from test_layers import CITY_CHAPTER, CITY_LAYERS, COUNTY_CHAPTER, COUNTY_LAYERS, commit, layer, toc

HOSTILE = '<script>alert("县")</script>乙县的执法力量'


def base_of(site: Path) -> dict[str, tuple[str, str]]:
    """The base clauses as a county's published files record them: adopted ones as shown, deviations' base text."""
    decl = json.loads((site / "zhifa-layers.json").read_text(encoding="utf-8"))
    needs = published_needs(site)
    base = {cid: (needs[cid]["title"], needs[cid]["content"]) for cid, o in decl["origins"].items() if o == "上级规范"}
    base = {cid: v for cid, v in base.items() if needs[cid]["type"] == "clause"}
    for d in [*decl["overrides"].items(), *decl["excluded"].items()]:
        base[d[0]] = (d[1]["base_title"], d[1]["base_text"])
    return base


def write_county(
    folder: Path,
    prefix: str,
    release: str,
    base: dict[str, tuple[str, str]],
    overrides: dict[str, tuple[str, str, str]] | None = None,
    excluded: dict[str, str] | None = None,
    added: dict[str, tuple[str, str]] | None = None,
    tested: tuple[str, ...] = (),
    bank: bool = True,
) -> Path:
    """A county's published files (needs.json, zhifa-layers.json, zhifa-bank.json) in the format zhifa build writes."""
    overrides, excluded, added = overrides or {}, excluded or {}, added or {}
    folder.mkdir(parents=True, exist_ok=True)
    needs, origins = {}, {}
    for cid, (title, text) in base.items():
        if cid in excluded:
            continue
        if cid in overrides:
            title, text = overrides[cid][1], overrides[cid][2]
        needs[cid] = {"id": cid, "type": "clause", "title": title, "content": text, "status": "现行"}
        origins[cid] = "本地调整" if cid in overrides else "上级规范"
    for cid, (title, text) in added.items():
        needs[cid] = {"id": cid, "type": "clause", "title": title, "content": text, "status": "现行"}
        origins[cid] = "本地新增"
    decl = {
        "format": 1,
        "project": "示例",
        "prefix": prefix,
        "base": {"name": "city", "release": release},
        "origins": origins,
        "overrides": {
            cid: {"reason": r, "base_title": base[cid][0], "base_text": base[cid][1], "title": t, "text": x}
            for cid, (r, t, x) in overrides.items()
        },
        "excluded": {
            cid: {"reason": r, "base_title": base[cid][0], "base_text": base[cid][1]} for cid, r in excluded.items()
        },
        "clause_type": "clause",
        "current_status": "现行",
    }
    (folder / "needs.json").write_text(
        json.dumps({"current_version": "", "versions": {"": {"needs": needs}}}, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "zhifa-layers.json").write_text(json.dumps(decl, ensure_ascii=False), encoding="utf-8")
    if bank:
        questions = [{"id": f"Q-{prefix}{k:04d}", "clauses": [{"id": cid}]} for k, cid in enumerate(tested)]
        (folder / "zhifa-bank.json").write_text(json.dumps({"version": "x", "questions": questions}), encoding="utf-8")
    return folder


def config(folder: Path, counties: list[tuple[str, str]], extra: str = "") -> Path:
    path = folder / "federation.yaml"
    lines = ["title: 示例市行政执法规范对照", extra, "counties:"]
    for name, site in counties:
        lines += [f"  - name: {name}", f"    site: {site}"]
    path.write_text("\n".join(x for x in lines if x) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """test_layers' province (no layers) and county (over the city), each built once: their published files."""
    tmp = tmp_path_factory.mktemp("layers")
    province = make_repo(tmp / "province")
    commit(province, "v2026.1")
    city_files = {"standards/demo/city.md": CITY_CHAPTER, "standards/demo/index.md": toc("general", "filing", "city")}
    commit(layer(tmp / "city", CITY_LAYERS, city_files), "v2026.1")
    county_files = {
        "standards/demo/county.md": COUNTY_CHAPTER,
        "standards/demo/index.md": toc("general", "filing", "city", "county"),
    }
    county = layer(tmp / "county", COUNTY_LAYERS, county_files)
    out = {}
    for name, repo in (("province", province), ("county", county)):
        built = zhifa("build", "--out", str(tmp / f"site-{name}"), cwd=repo)
        assert built.returncode == 0, built.stdout + built.stderr
        out[name] = tmp / f"site-{name}"
    return out


@pytest.fixture(scope="module")
def built_county(sites) -> Path:
    return sites["county"]


def test_a_layered_site_publishes_its_declaration(built_county):
    decl = json.loads((built_county / "zhifa-layers.json").read_text(encoding="utf-8"))
    assert decl["prefix"] == "ZJ" and decl["base"] == {"name": "city", "release": "v2026.1"}
    assert decl["overrides"]["CL-SZ0001"]["reason"] == "本县另设县级备案"
    assert decl["overrides"]["CL-SZ0001"]["base_text"] == "重大执法决定应当报市司法局备案。"
    assert decl["excluded"]["CL-AAAAA4"]["reason"] == "本县不涉及该事项"
    assert decl["origins"]["CL-ZJ0001"] == "本地新增" and decl["origins"]["CL-AAAAA1"] == "上级规范"
    assert (built_county / "needs.json").is_file() and (built_county / "zhifa-bank.json").is_file()


def test_a_site_without_layers_publishes_a_declaration_without_base(sites):
    decl = json.loads((sites["province"] / "zhifa-layers.json").read_text(encoding="utf-8"))
    assert decl["prefix"] is None and decl["base"] is None and decl["origins"] == {}
    assert decl["clause_type"] == "clause" and decl["current_status"] == "现行"


def test_three_counties_federated_in_chromium(built_county, tmp_path, browser):
    base = base_of(built_county)
    assert {"CL-AAAAA1", "CL-SZ0001", "CL-AAAAA4"} <= set(base)
    yi = write_county(
        tmp_path / "yi",
        "KS",
        "v2026.2",
        base,
        overrides={"CL-SZ0001": (HOSTILE, "乙县备案", "重大执法决定应当在五个工作日内报市司法局备案。")},
        added={"CL-KS0001": ("乙县公示", "乙县公示的规定。")},
        tested=("CL-AAAAA1", "CL-SZ0001"),
    )
    bing = write_county(
        tmp_path / "bing", "WJ", "v2026.2", base, excluded={"CL-AAAAA1": "丙县由市局统一执行"}, tested=("CL-AAAAA2",)
    )
    with serve(bing) as bing_url:
        cfg = config(tmp_path, [("甲县", str(built_county)), ("乙县", str(yi)), ("丙县", bing_url)])
        done = zhifa("federate", str(cfg), "-o", str(tmp_path / "fed"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 个县区，0 个未能读取" in done.stdout
    out = tmp_path / "fed"
    with serve(out) as url, guarded(browser, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.goto(f"{url}/index.html")
        lag = page.locator(".fz-lagging").inner_text()
        assert "甲县：v2026.1，最新为 v2026.2" in lag and "乙县" not in lag
        table = page.locator("table").inner_text()
        assert "未升级到 v2026.2" in table
        assert "1/5 条（20%）" in table  # 丙县: 5 clauses in force (one excluded), CL-AAAAA2 tested
        # who deviates from CL-SZ0001 and why: the start page links it, its page answers
        page.locator(".fz-deviated").get_by_role("link", name="CL-SZ0001").click()
        assert page.url.endswith("/clause/CL-SZ0001.html")
        body = page.locator("main").inner_text()
        assert "本县另设县级备案" in body and HOSTILE in body  # published text shown as text, never run
        assert page.locator("main script").count() == 0
        first = page.locator(".fz-county").first
        assert "甲县" in first.inner_text() or "乙县" in first.inner_text()  # deviations come first
        inserted = " ".join(page.locator("ins").all_inner_texts())
        assert "县司法局" in inserted and "五个工作日内" in inserted
        assert "丙县：上级规范" in body  # adopted
        page.screenshot(path=str(tmp_path / "clause-desktop.png"), full_page=True)
        page.goto(f"{url}/clause/CL-AAAAA1.html")
        assert "丙县由市局统一执行" in page.locator("main").inner_text()
        page.goto(f"{url}/matrix.html")
        assert page.locator(".fz-matrix").is_visible() and not page.locator(".fz-list").is_visible()
        row = page.locator(".fz-matrix tr", has_text="CL-AAAAA4").inner_text()
        assert row.split("\t")[1:] == ["不适用", "采用", "采用"]
        page.screenshot(path=str(tmp_path / "matrix-desktop.png"), full_page=True)
        # the matrix's other two clicks: the clause's row, 乙县's 调整 → its reason
        page.locator(".fz-matrix tr", has_text="CL-SZ0001").get_by_role("link", name="调整").nth(1).click()
        assert page.url.endswith("/clause/CL-SZ0001.html#county-1")
        assert HOSTILE in page.locator("#county-1").inner_text() and "乙县" in page.locator("#county-1").inner_text()
        checked = _every_link_resolves(page, url)
        assert checked > len(base)
        phone = context.new_page()
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(f"{url}/matrix.html")
        assert phone.locator(".fz-list").is_visible() and not phone.locator(".fz-matrix").is_visible()
        assert "乙县调整" in phone.locator(".fz-list li", has_text="CL-SZ0001").inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(tmp_path / "matrix-phone.png"), full_page=True)
        phone.goto(f"{url}/index.html")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # counties as cards, not a wide table
        assert not phone.locator(".fz-wide thead").is_visible()
        label = "el => getComputedStyle(el, '::before').content"
        assert phone.locator('.fz-wide td[data-label="上级规范"]').first.evaluate(label) == '"上级规范："'
        phone.screenshot(path=str(tmp_path / "index-phone.png"), full_page=True)
    assert "<script>" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def _every_link_resolves(page, url: str) -> int:
    """Every link on every page of the federation site leads to a page of it (external county sites aside)."""
    seen, todo = set(), [f"{url}/index.html"]
    while todo:
        here = todo.pop()
        if here in seen:
            continue
        seen.add(here)
        response = page.request.get(here)
        assert response.status == 200, here
        page.goto(here)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(here, href)
            if target.startswith(url):
                todo.append(target.split("#")[0])
    return len(seen)


# ---- bad input ---------------------------------------------------------------------------------------------------

BASE = {"CL-AAAAA1": ("目的", "为规范行政执法，制定本规范。"), "CL-AAAAA2": ("执法人员", "执法人员不得少于两人。")}


def test_unreadable_and_malformed_counties_are_listed_and_skipped(tmp_path):
    good = write_county(tmp_path / "good", "ZJ", "v2026.1", BASE, tested=("CL-AAAAA1",))
    broken = write_county(tmp_path / "broken", "KS", "v2026.1", BASE)
    (broken / "needs.json").write_text("{not json", encoding="utf-8")
    odd = write_county(tmp_path / "odd", "WJ", "v2026.1", BASE)
    (odd / "zhifa-layers.json").write_text('{"format": 1, "prefix": "WJ"}', encoding="utf-8")
    nobank = write_county(tmp_path / "nobank", "CS", "v2026.1", BASE, bank=False)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with serve(tmp_path / "good") as url:
        cfg = config(
            tmp_path,
            [
                ("好县", str(good)),
                ("坏县", str(broken)),
                ("怪县", str(odd)),
                ("无题库县", str(nobank)),
                ("断网县", f"http://127.0.0.1:{closed}/site"),
                ("缺页县", f"{url}/missing"),
                ("无站点县", str(tmp_path / "nowhere")),
            ],
        )
        done = zhifa("federate", str(cfg), "-o", str(tmp_path / "fed"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2 个县区，5 个未能读取" in done.stdout
    for name, line in (("坏县", 5), ("怪县", 7), ("断网县", 11), ("缺页县", 13), ("无站点县", 15)):
        assert f"已跳过 {name}（{cfg}:{line}）" in done.stderr, name
    assert "needs.json 不是有效的 JSON" in done.stderr and "HTTP 404" in done.stderr
    assert "无题库县" in done.stderr and "题库覆盖情况未知" in done.stderr
    index = (tmp_path / "fed" / "index.html").read_text(encoding="utf-8")
    for name in ("坏县", "怪县", "断网县", "缺页县", "无站点县"):
        assert f"<li><b>{name}</b>" in index
    assert "题库不可用" in index and "1/2 条（50%）" in index


def test_two_counties_with_one_prefix_is_an_error_at_the_config_line(tmp_path):
    a = write_county(tmp_path / "a", "ZJ", "v2026.1", BASE)
    b = write_county(tmp_path / "b", "ZJ", "v2026.1", BASE)
    cfg = config(tmp_path, [("甲县", str(a)), ("乙县", str(b))])
    done = zhifa("federate", str(cfg), "-o", str(tmp_path / "fed"), cwd=tmp_path)
    assert done.returncode == 1
    assert f"{cfg}:5: 乙县 与 甲县（第 3 行）使用同一个层前缀 ZJ" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "fed").exists()


@pytest.mark.parametrize(
    "text, line, said",
    [
        ("counties:\n  - name: 甲县\n    site: [a\n", 3, "YAML 语法错误"),
        ("title: x\ncounty:\n  - name: 甲县\n", 2, "未知的键 county"),
        ("title: x\n", 1, "缺少县（区）列表 counties"),
        ("counties:\n  - name: 甲县\n    site: a\n  - name: 乙县\n", 4, "缺少 site"),
        ("counties:\n  - name: 甲县\n    site: a\n  - name: 甲县\n    site: b\n", 4, "县名 甲县 重复（第 2 行已有）"),
        ("counties:\n  - name: 甲县\n    site: ftp://x/site\n", 2, "不是 http(s) 网址"),
        ("counties:\n  - name: 甲县\n    url: a\n", 3, "未知的键 url"),
        ("counties:\n  - 甲县\n", 2, "每县应写 name 和 site"),
    ],
)
def test_a_malformed_config_is_reported_at_its_line(tmp_path, text, line, said):
    cfg = tmp_path / "federation.yaml"
    cfg.write_text(text, encoding="utf-8")
    done = zhifa("federate", str(cfg), cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith(f"{cfg}:{line}: ") and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_county_that_never_answers_is_given_up_after_the_timeout(tmp_path, monkeypatch):
    from zhifa.publish import federation

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    monkeypatch.setattr(federation, "TIMEOUT", 0.5)
    try:
        with pytest.raises(federation.Unreadable, match="timed out"):
            federation.fetch(f"http://127.0.0.1:{listener.getsockname()[1]}", "needs.json", tmp_path)
    finally:
        listener.close()


# ---- the example forge workflow ----------------------------------------------------------------------------------


def test_the_example_federation_workflow_builds_each_county_then_federates():
    path = ROOT / ".github" / "workflows" / "federation-example.yml"
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    county = jobs["county"]
    assert county["strategy"]["matrix"]["county"], "one job per county"
    steps = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in county["steps"])
    assert "zhifa build" in steps and "upload-artifact" in steps
    fed = jobs["federation"]
    assert fed["needs"] == "county" or fed["needs"] == ["county"]
    runs = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in fed["steps"])
    assert "download-artifact" in runs and "zhifa federate" in runs


def test_the_site_replaces_only_its_own_pages(tmp_path):
    county = write_county(tmp_path / "a", "ZJ", "v2026.1", BASE)
    cfg = config(tmp_path, [("甲县", str(county))])
    out = tmp_path / "fed"
    assert zhifa("federate", str(cfg), "-o", str(out), cwd=tmp_path).returncode == 0
    assert (out / "clause" / "CL-AAAAA2.html").is_file()
    write_county(county, "ZJ", "v2026.1", {"CL-AAAAA1": BASE["CL-AAAAA1"]})  # CL-AAAAA2 no longer in the base
    again = zhifa("federate", str(cfg), "-o", str(out), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert not (out / "clause" / "CL-AAAAA2.html").exists() and (out / "index.html").is_file()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "note.txt").write_text("市局的文件", encoding="utf-8")
    refused = zhifa("federate", str(cfg), "-o", str(theirs), cwd=tmp_path)
    assert refused.returncode == 1 and "拒绝" in refused.stderr and "note.txt" in refused.stderr
    assert sorted(p.name for p in theirs.iterdir()) == ["note.txt"]
    missing = zhifa("federate", str(tmp_path / "nope.yaml"), cwd=tmp_path)
    assert missing.returncode == 1 and f"{tmp_path / 'nope.yaml'}:1: 无法读取联邦配置" in missing.stderr
