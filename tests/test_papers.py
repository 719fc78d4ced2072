"""Reproducible papers: one PRNG in Python and JavaScript (shared vectors), the CLI paper equals the site's
paper for the same seed, and the printable outputs open in independent readers."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import ROOT, serve, zhifa
from zhifa.bank import paper

VECTORS = json.loads((ROOT / "tests/prng_vectors.json").read_text(encoding="utf-8"))


def test_python_prng_matches_the_shared_vectors():
    for seed, values in VECTORS.items():
        r = paper.prng(int(seed))
        assert [r() for _ in values] == values


def test_javascript_prng_matches_the_shared_vectors(page, site_url):
    page.goto(f"{site_url}/drill/exam.html")
    got = page.evaluate(
        """(vectors) => Object.fromEntries(Object.entries(vectors).map(([s, v]) => {
        const r = window.ZhifaExam.prng(Number(s)); return [s, v.map(() => r())]; }))""",
        VECTORS,
    )
    assert got == VECTORS


def test_a_seed_gives_the_same_paper_on_paper_and_in_the_site(page, site_url, site, tmp_path):
    result = zhifa("exam", "--seed", "20261122", "--bank", str(site / "zhifa-bank.json"), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    printed = json.loads((tmp_path / "paper-20261122.json").read_text(encoding="utf-8"))
    page.goto(f"{site_url}/drill/exam.html?seed=20261122")
    page.get_by_role("button", name="开始考试（试卷编号 20261122）").click()
    page.locator(".zf-exam-stage .zf-q").wait_for()
    online = json.loads(page.evaluate("localStorage.getItem('zhifa-progress')"))["exam"]
    assert online["seed"] == printed["seed"] and online["bankVersion"] == printed["bank_version"]
    # the same questions, in the same versions, options and points
    assert [{k: i[k] for k in ("id", "v", "order", "points")} for i in online["items"]] == printed["items"]
    assert all(i["v"] for i in printed["items"])
    again = tmp_path / "again"
    zhifa("exam", "--seed", "20261122", "--bank", str(site / "zhifa-bank.json"), "-o", str(again))
    for name in ("paper-20261122.html", "paper-20261122-key.html", "paper-20261122.json"):
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()


def test_printable_paper_and_key(site, tmp_path, page):
    zhifa("exam", "--seed", "7", "--bank", str(site / "zhifa-bank.json"), "-o", str(tmp_path))
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    items = paper.draw(bank, 7)
    html = (tmp_path / "paper-7.html").read_text(encoding="utf-8")
    key = (tmp_path / "paper-7-key.html").read_text(encoding="utf-8")
    for box in ("姓名：", "单位：", "得分："):
        assert box in html
    assert "@page { size: A4" in html and "答案" not in html.split("<body>")[1].split("</h1>")[0]
    assert "src=" not in html and "<link" not in html
    by_id = {q["id"]: q for q in bank["questions"]}
    for n, it in enumerate(items, 1):
        assert f"<tr><td>{n}</td><td>{paper.shown_answer(by_id[it.id], it)}</td><td>{it.id}</td>" in key
    pdf = tmp_path / "paper.pdf"
    with serve(tmp_path) as url:
        page.goto(f"{url}/paper-7.html")
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "试卷编号 7" in text and "得分" in text
    soffice = shutil.which("soffice")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "docx"),
            str(tmp_path / "paper-7.docx"),
        ],
        check=True,
        capture_output=True,
    )
    docx_text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "docx/paper-7.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "试卷编号 7" in docx_text and "答案" in docx_text and items[0].id in docx_text


def test_published_bank_split_keeps_order_and_every_body(site):
    """The browser draws papers from the index: it must list the bank's questions in the bank's order with
    the fields drawing uses, and each body must sit in the part of its first chapter."""
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    index = json.loads((site / "zhifa-bank-index.json").read_text(encoding="utf-8"))
    assert index["version"] == bank["version"] and index["blueprint"] == bank["blueprint"]
    assert [r[0] for r in index["questions"]] == [q["id"] for q in bank["questions"]]
    for row, q in zip(index["questions"], bank["questions"]):
        letters = row[4] if isinstance(row[4], list) else list(row[4])
        assert (row[1], bool(row[2]), [index["docs"][k] for k in row[3]], letters) == (
            q["type"],
            q["reviewed"],
            q["docs"],
            [o[0] for o in q["options"]],
        )
    bodies, seen = {}, {}
    for q in bank["questions"]:  # the part of each question, named as the browser derives it from the rows
        chapter = str(index["docs"].index(q["docs"][0])) if q["docs"] else "x"
        seen[chapter] = seen.get(chapter, 0) + 1
        q["part"] = f"{chapter}-{(seen[chapter] - 1) // index['part_size']}"
    for f in (site / index["parts"]).glob("*.json"):
        part = json.loads(f.read_text(encoding="utf-8"))
        assert part["version"] == bank["version"] and 0 < len(part["questions"]) <= index["part_size"]
        for q in part["questions"]:
            bodies[q["id"]] = {**q, "part": f.stem}
    assert bodies == {q["id"]: q for q in bank["questions"]}
    assert (site / "zhifa-bank-index.json").stat().st_size < (site / "zhifa-bank.json").stat().st_size / 3
