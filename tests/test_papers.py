"""Reproducible papers: one PRNG in Python and JavaScript (shared vectors), the CLI paper equals the site's
paper for the same seed, and the printable outputs open in independent readers."""

from __future__ import annotations

import csv
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
    printed = json.loads((tmp_path / "试卷-20261122.json").read_text(encoding="utf-8"))
    page.goto(f"{site_url}/drill/exam.html?seed=20261122")
    page.get_by_role("button", name="开始考试（试卷编号 20261122）").click()
    page.locator(".zf-exam-stage .zf-q").wait_for()
    online = json.loads(page.evaluate("localStorage.getItem('zhifa-progress')"))["exam"]
    assert online["seed"] == printed["seed"] and online["bankVersion"] == printed["bankVersion"]
    # the same questions, in the same versions, options and points
    assert [{k: i[k] for k in ("id", "v", "order", "points")} for i in online["items"]] == printed["items"]
    assert all(i["v"] for i in printed["items"])
    again = tmp_path / "again"
    zhifa("exam", "--seed", "20261122", "--bank", str(site / "zhifa-bank.json"), "-o", str(again))
    for name in ("试卷-20261122.html", "答案-20261122.html", "答题卡-20261122.html", "试卷-20261122.json"):
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def _docx_pdf(tmp_path, docx) -> str:
    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "docx"),
            str(docx),
        ],
        check=True,
        capture_output=True,
    )
    return _pdf_text(tmp_path / "docx" / (docx.stem + ".pdf"))


def _print(page, url, name, pdf) -> str:
    page.goto(f"{url}/{name}")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    return _pdf_text(pdf)


def _pages(text: str) -> list[str]:
    """The pages of pdftotext's output, without spaces (its layout mode may drop or add them)."""
    return ["".join(p.split()) for p in text.split("\f") if p.strip()]


def test_paper_key_and_answer_sheet_are_separate_files_with_page_numbers(site, tmp_path, page):
    """Issue 23, finding 1: the paper and the key were one .docx, the key looked like the paper for 13 pages,
    had no 解析 or clauses, and no page said which page of how many it was."""
    zhifa("exam", "--seed", "7", "--bank", str(site / "zhifa-bank.json"), "-o", str(tmp_path))
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    items = paper.draw(bank, 7)
    by_id = {q["id"]: q for q in bank["questions"]}
    html = (tmp_path / "试卷-7.html").read_text(encoding="utf-8")
    key = (tmp_path / "答案-7.html").read_text(encoding="utf-8")
    for box in ("姓名：", "单位：", "得分："):
        assert box in html
    assert "@page { size: A4" in html and "答案" not in html and "解析" not in html
    assert "src=" not in html + key and "<link" not in html + key
    for n, it in enumerate(items, 1):
        q = by_id[it.id]
        row = f"<tr><td>{n}</td><td class='answer'>{paper.shown_answer(q, it)}</td><td>{it.points:g}</td>"
        assert row in key
        assert q["clauses"][0]["t"] in key  # clause references with the site's numbers
    with serve(tmp_path) as url:
        paper_pages = _pages(_print(page, url, "试卷-7.html", tmp_path / "paper.pdf"))
        key_pages = _pages(_print(page, url, "答案-7.html", tmp_path / "key.pdf"))
        sheet_pages = _pages(_print(page, url, "答题卡-7.html", tmp_path / "sheet.pdf"))
    for pages in (paper_pages, key_pages, sheet_pages):
        for x, text in enumerate(pages, 1):
            assert f"第{x}页共{len(pages)}页" in text and "试卷7" in text
    assert not any("答案" in p or "解析" in p for p in paper_pages)
    assert all("答案" in p for p in key_pages)  # every page of the key says it is the key
    assert "解析" in key_pages[0] and "第" in key_pages[0]
    assert len(sheet_pages) == 1 and "答题卡" in sheet_pages[0] and "姓名" in sheet_pages[0]

    paper_docx = _pages(_docx_pdf(tmp_path, tmp_path / "试卷-7.docx"))
    key_docx = _pages(_docx_pdf(tmp_path, tmp_path / "答案-7.docx"))
    assert "试卷编号7" in paper_docx[0] and not any("答案" in p or "解析" in p for p in paper_docx)
    for pages in (paper_docx, key_docx):
        for x, text in enumerate(pages, 1):
            assert f"第{x}页共{len(pages)}页" in text  # Word PAGE / NUMPAGES fields, filled in
    assert all("答案" in p for p in key_docx) and "解析考查条款" in key_docx[0]


def test_ab_papers_share_the_questions_and_their_keys_map_back(site, tmp_path):
    """Issue 23: A/B papers for one room from one command; A is the site's paper for the seed."""
    made = zhifa(
        "exam",
        "--seed",
        "99",
        "--paper",
        "2026",
        "--variants",
        "2",
        "--bank",
        str(site / "zhifa-bank.json"),
        "-o",
        str(tmp_path),
    )
    assert made.returncode == 0, made.stderr
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in bank["questions"]}
    a, b = (json.loads((tmp_path / f"试卷-2026-{v}.json").read_text(encoding="utf-8")) for v in "AB")
    assert (a["paper"], a["variant"], b["paper"], b["variant"]) == ("2026-A", "A", "2026-B", "B")
    assert a["format"] == b["format"] == "zhifa-paper" and a["seed"] == b["seed"] == 99
    assert a["bankVersion"] == b["bankVersion"] == bank["version"] and a["blueprint"] == bank["blueprint"]["name"]
    drawn = paper.draw(bank, 99)
    assert a["items"] == [{"id": i.id, "v": i.v, "order": i.order, "points": i.points} for i in drawn]
    assert sorted(i["id"] for i in a["items"]) == sorted(i["id"] for i in b["items"])
    types = [by_id[i["id"]]["type"] for i in a["items"]]
    assert types == [by_id[i["id"]]["type"] for i in b["items"]]  # the parts stay where they were
    for kind in set(types):
        assert [i["id"] for i in a["items"] if by_id[i["id"]]["type"] == kind] != [
            i["id"] for i in b["items"] if by_id[i["id"]]["type"] == kind
        ]
    order_a = {i["id"]: i["order"] for i in a["items"]}
    for item in b["items"]:
        q = by_id[item["id"]]
        if q["type"] != "判断":
            assert item["order"] != order_a[item["id"]] and sorted(item["order"]) == sorted(order_a[item["id"]])
    # each key, read back through its own option order, is the bank's answer
    for v, record in (("A", a), ("B", b)):
        key = (tmp_path / f"答案-2026-{v}.html").read_text(encoding="utf-8")
        for n, item in enumerate(record["items"], 1):
            q = by_id[item["id"]]
            shown = paper.shown_answer(q, paper.Item(item["id"], q["type"], item["points"], item["order"]))
            assert f"<tr><td>{n}</td><td class='answer'>{shown}</td>" in key
            if q["type"] != "判断":
                assert sorted(item["order"][ord(x) - 65] for x in shown) == sorted(q["answer"])
    assert "2026-A、2026-B" in made.stdout


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


def _typed(q: dict, order: list[str], right: bool) -> str:
    """What a clerk types for one question: the printed letters the trainee marked (判断 as 对/错)."""
    if q["type"] == "判断":
        return {True: "对", False: "错"}[(q["answer"] == ["正确"]) == right]
    printed = [chr(65 + k) for k, letter in enumerate(order) if letter in q["answer"]]
    if right:
        return "".join(printed)
    others = [chr(65 + k) for k, letter in enumerate(order) if letter not in q["answer"]]
    return "".join(sorted(printed[:-1] + others[:1])) if q["type"] == "多选" else others[0]


def test_a_paper_sitting_typed_in_for_ten_trainees(site, tmp_path):
    """Issue 23 end to end: A/B papers drawn for one room, the answers of ten trainees typed into each paper's
    entry template (xlsx for A, csv for B), the filled .xlsx read back by LibreOffice, and the gradebook of
    `zhifa results --papers` (issue 22's reader) scoring every row as the manifest's keys say."""
    bank_file = str(site / "zhifa-bank.json")
    papers = tmp_path / "papers"
    made = zhifa(
        "exam", "--seed", "424242", "--paper", "结业", "--variants", "2", "--bank", bank_file, "-o", str(papers)
    )
    assert made.returncode == 0, made.stderr
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in bank["questions"]}
    expected, rows = {}, {"A": [], "B": []}
    for k in range(10):
        v = "AB"[k % 2]
        record = json.loads((papers / f"试卷-结业-{v}.json").read_text(encoding="utf-8"))
        cells, score = [], 0
        for n, item in enumerate(record["items"]):
            q, right = by_id[item["id"]], (n + k) % 3 != 0
            cell = "" if k == 9 and n >= len(record["items"]) - 5 else _typed(q, item["order"], right)
            cells.append(cell)
            # scored by hand: the printed letters mapped back through the manifest's order, all-or-nothing
            chosen = ["正确" if cell == "对" else "错误"] if q["type"] == "判断" and cell else []
            chosen = chosen or sorted(item["order"][ord(c) - 65] for c in cell)
            score += item["points"] if chosen == sorted(q["answer"]) else 0
        name = f"学员{k:02d}"
        expected[name] = (f"结业-{v}", score)
        rows[v].append([name, f"第{k % 3 + 1}执法大队", f"结业-{v}", *cells])

    from openpyxl import load_workbook

    book = load_workbook(papers / "录入-结业-A.xlsx")
    head = [c.value for c in book.active[1]]
    assert head == ["姓名", "单位", "试卷", *(str(n) for n in range(1, 81))]
    for row in rows["A"]:
        book.active.append(row)
    book.save(papers / "录入-结业-A.xlsx")
    with (papers / "录入-结业-B.csv").open("a", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows["B"])
    (papers / "录入-结业-A.csv").unlink()  # A was typed into the .xlsx, B into the .csv
    (papers / "录入-结业-B.xlsx").unlink()

    # the filled template is a real spreadsheet: LibreOffice reads back what was typed
    subprocess.run(
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path / "lo-out"),
            str(papers / "录入-结业-A.xlsx"),
        ],
        check=True,
        capture_output=True,
    )
    read = list(csv.reader((tmp_path / "lo-out/录入-结业-A.csv").open(encoding="utf-8")))
    assert read[0] == head and [r[: len(head)] for r in read[1:]] == rows["A"]

    attempts = tmp_path / "attempts"
    attempts.mkdir()
    out = tmp_path / "results"
    result = zhifa("results", str(attempts), "--papers", str(papers), "--bank", bank_file, "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    book = {r["姓名"]: r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8-sig"))}
    assert set(book) == set(expected)
    for name, (paper_id, score) in expected.items():
        assert (book[name]["试卷"], float(book[name]["得分"])) == (paper_id, score), name


QUOTA_SECTIONS = [
    {
        "type": "单选",
        "count": 40,
        "points": 1,
        "quotas": [
            {"count": 8, "difficulty": 3},
            {"count": 6, "standards": ["zhengju"]},
            {"count": 4, "chapters": ["standards/chufa/jiuji"], "difficulty": [1, 2]},
        ],
    },
    {"type": "多选", "count": 20, "points": 2, "quotas": [{"count": 10, "difficulty": [1, 3]}]},
    {"type": "判断", "count": 20, "points": 1},
]


def _quota_bank(site) -> dict:
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    bank["blueprint"] = {**bank["blueprint"], "sections": QUOTA_SECTIONS}
    return bank


def test_blueprint_quotas_are_met_by_every_draw(site):
    from zhifa.bank import blueprint

    bank = _quota_bank(site)
    assert blueprint.shortfalls(bank["blueprint"], bank["questions"]) == []
    by_id = {q["id"]: q for q in bank["questions"]}
    for seed in range(40):
        items = paper.draw(bank, seed)
        assert [it.type for it in items] == ["单选"] * 40 + ["多选"] * 20 + ["判断"] * 20
        assert len({it.id for it in items}) == 80
        for k, section in enumerate(QUOTA_SECTIONS):
            mine = [by_id[it.id] for it in items if it.section == k]
            taken: set[str] = set()
            for quota in section.get("quotas", []):
                hits = [q for q in mine if blueprint.matches(quota, q) and q["id"] not in taken][: quota["count"]]
                assert len(hits) == quota["count"], (seed, quota)
                taken |= {q["id"] for q in hits}
        first = [by_id[it.id]["difficulty"] for it in items[:8]]
        assert first != [3] * 8  # quota questions are spread over the part, not all at its start


def test_blueprint_quotas_are_drawn_alike_in_python_and_javascript(page, site_url, site):
    """The parity of the draw extended to quotas: the site's ZhifaExam.draw and bank/paper.py give the same
    paper (questions, option order, points) for the same blueprint and seed."""
    bank = _quota_bank(site)
    page.goto(f"{site_url}/drill/exam.html")
    seeds = [0, 1, 7, 20261122, 4294967295, *range(100, 130)]
    online = page.evaluate(
        """([bank, seeds]) => seeds.map((s) => window.ZhifaExam.draw(bank, s).items
             .map((it) => [it.id, it.order, it.points]))""",
        [bank, seeds],
    )
    for seed, drawn in zip(seeds, online):
        assert drawn == [[it.id, it.order, it.points] for it in paper.draw(bank, seed)], seed
    # and without quotas the draw is what it always was (papers drawn before keep their seed)
    assert paper.draw(json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8")), 5) != paper.draw(bank, 5)


def test_a_bad_paper_number_or_variant_count_is_refused_in_chinese(site, tmp_path):
    bank_file = str(site / "zhifa-bank.json")
    for args, fragment in (
        (("--paper", "../2026"), "--paper 应为 1–40 个字母、数字、汉字、- 或 _"),
        (("--paper", "=HYPERLINK(1)"), "--paper 应为"),
        (("--variants", "7"), "--variants 应为 1 到 6 之间的整数"),
    ):
        result = zhifa("exam", "--seed", "1", *args, "--bank", bank_file, "-o", str(tmp_path / "o"))
        assert result.returncode == 2 and fragment in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


QUOTA_BLUEPRINT = """name: 配额测试考试
duration: 30
pass: 60
total: 100
shuffle: true
sections:
  - type: 单选
    count: 6
    points: 5
    quotas:
      - count: 2
        difficulty: 5
      - count: 2
        chapters: [standards/demo/general]
  - type: 多选
    count: 4
    points: 10
    quotas:
      - count: 2
        difficulty: [1, 2]
  - type: 判断
    count: 6
    points: 5
"""


def test_a_quota_blueprint_gives_the_same_paper_in_the_built_site_and_from_the_cli(page, tmp_path):
    """End to end on a fixture site built with a quota blueprint: the exam page (bank index, difficulty from the
    index rows) and `zhifa exam` (the full bank) draw the same paper for a seed, quotas met."""
    from phone_app_site import build, make_app_repo

    repo = make_app_repo(tmp_path / "repo")
    (repo / "quizzes/blueprint.yaml").write_text(QUOTA_BLUEPRINT, encoding="utf-8")
    checked = zhifa("--root", str(repo), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site = build(repo, tmp_path / "site")
    bank = json.loads((site / "zhifa-bank.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in bank["questions"]}
    bank_file = str(site / "zhifa-bank.json")
    with serve(site) as url:
        for seed in (3, 2026, 4000000000):
            made = zhifa("exam", "--seed", str(seed), "--bank", bank_file, "-o", str(tmp_path / "p"))
            assert made.returncode == 0, made.stderr
            printed = json.loads((tmp_path / f"p/试卷-{seed}.json").read_text(encoding="utf-8"))["items"]
            page.goto(f"{url}/drill/exam.html?seed={seed}")
            page.evaluate("localStorage.clear()")
            page.reload()
            page.get_by_role("button", name=f"开始考试（试卷编号 {seed}）").click()
            page.locator(".zf-exam-stage .zf-q").wait_for()
            online = json.loads(page.evaluate("localStorage.getItem('zhifa-progress')"))["exam"]["items"]
            assert [{k: i[k] for k in ("id", "v", "order", "points")} for i in online] == printed, seed
            single = [by_id[i["id"]] for i in printed[:6]]
            assert sum(q["difficulty"] == 5 for q in single) >= 2
            assert sum("standards/demo/general" in q["docs"] for q in single) >= 2
            assert sum(by_id[i["id"]]["difficulty"] in (1, 2) for i in printed[6:10]) >= 2
