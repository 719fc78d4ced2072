"""LMS exports of the reviewed bank, each opened by an independent reader: lxml for Moodle XML,
pygiftparser for GIFT, sqlite for the Anki collection."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest
from lxml import etree

from conftest import ROOT, zhifa
from zhifa.bank import catalog
from zhifa.model import repo

SOURCE = repo.load(ROOT)
QUESTIONS = catalog.questions(SOURCE)
IDS = {q.id for q in QUESTIONS}
MOODLE_GRADES = {
    "100",
    "90",
    "83.33333",
    "80",
    "75",
    "70",
    "66.66667",
    "60",
    "50",
    "40",
    "33.33333",
    "30",
    "25",
    "20",
    "16.66667",
    "14.28571",
    "12.5",
    "11.11111",
    "10",
    "5",
    "0",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    for fmt, name in (("moodle", "bank.xml"), ("gift", "bank.gift"), ("anki", "bank.apkg")):
        result = zhifa("export", "--format", fmt, "-o", str(out / name))
        assert result.returncode == 0, result.stderr
        assert f"已导出 {len(QUESTIONS)} 道已审核试题" in result.stdout
    return out


def test_numbers_in_exports_match_the_site(site):
    data = json.loads((site / "needs.json").read_text(encoding="utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    labels, _ = catalog.clause_labels(SOURCE, catalog.status.build_date("2026-06-01"))
    for need in needs.values():
        if need["type"] == "clause" and need.get("number"):
            assert labels[need["id"]] == need["standard"] + need["number"]


def test_moodle_xml_is_well_formed_and_importable(exported):
    tree = etree.parse(str(exported / "bank.xml"))
    root = tree.getroot()
    assert root.tag == "quiz"
    questions = root.findall("question[@type='multichoice']") + root.findall("question[@type='truefalse']")
    assert {q.findtext("idnumber") for q in questions} == IDS and len(questions) == len(IDS)
    assert root.findall("question[@type='category']")
    for q in questions:
        fractions = [a.get("fraction") for a in q.findall("answer")]
        assert all(f.lstrip("-") in MOODLE_GRADES for f in fractions), fractions
        assert q.find("questiontext/text").text.startswith("<p>")
        if q.get("type") == "truefalse":
            assert sorted(a.findtext("text") for a in q.findall("answer")) == ["false", "true"]
            assert sorted(fractions) == ["0", "100"]
        elif q.findtext("single") == "true":
            assert fractions.count("100") == 1
        else:
            assert abs(sum(float(f) for f in fractions if not f.startswith("-")) - 100) < 0.01


def test_gift_parses_with_an_independent_parser(exported):
    from pygiftparser import parser

    text = (exported / "bank.gift").read_text(encoding="utf-8")
    parsed = parser.parse(text)
    names = [q.name.split("::")[-1].strip() for q in parsed.questions]
    assert sorted(names) == sorted(IDS)
    expect = {"单选": "MultipleChoiceRadio", "多选": "MultipleChoiceCheckbox", "判断": "TrueFalse"}
    by_name = {q.name.split("::")[-1].strip(): type(q.answer).__name__ for q in parsed.questions}
    for q in QUESTIONS:
        assert by_name[q.id] == expect[q.type], q.id
    assert text.count("// [id:") == len(IDS)


def test_anki_deck_opens_in_sqlite_with_stable_guids(exported, tmp_path):
    import genanki

    with zipfile.ZipFile(exported / "bank.apkg") as z:
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    rows = db.execute("select guid, flds from notes").fetchall()
    assert len(rows) == len(IDS)
    for guid, fields in rows:
        qid = fields.split("\x1f")[0]
        assert qid in IDS and guid == genanki.guid_for(qid)


def test_gift_escapes_special_characters():
    from pygiftparser import parser

    from zhifa.bank.catalog import Question
    from zhifa.bank.exports import gift

    q = Question(
        id="Q-TEST01",
        type="单选",
        stem="比例: 3{元}~=#？",
        material="",
        options=[("A", "a=b"), ("B", "c~d")],
        answer=["A"],
        explanation="见 {x}: #1",
        tags=[],
        category=["测试", "第一章"],
        clauses=[],
    )
    text = gift([q])
    assert "比例\\: 3\\{元\\}\\~\\=\\#？" in text and "=a\\=b" in text and "~c\\~d" in text
    parsed = parser.parse(text)
    assert len(parsed.questions) == 1 and parsed.questions[0].name.split("::")[-1].strip() == "Q-TEST01"
