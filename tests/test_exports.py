"""LMS exports of the reviewed bank, each opened by an independent reader: lxml for Moodle XML,
pygiftparser and gift-pegjs (npm) for GIFT, sqlite for the Anki collection."""

from __future__ import annotations

import html
import json
import sqlite3
import subprocess
import zipfile

import pytest
import yaml
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
    questions = [q for q in root.findall("question") if q.get("type") in ("multichoice", "multichoiceset", "truefalse")]
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


# --- Scored like the site (issue 23): 多选 all-or-nothing at the blueprint's points; GIFT text round-trips ---

BLUEPRINT_POINTS = {}
for _section in yaml.safe_load((ROOT / "quizzes/blueprint.yaml").read_text(encoding="utf-8"))["sections"]:
    BLUEPRINT_POINTS.setdefault(_section["type"], _section["points"])


def site_points(q, chosen: set[str]) -> float:
    """The site's rule (exam page): the blueprint's points when the choice equals the key, else 0."""
    return BLUEPRINT_POINTS[q.type] if chosen == set(q.answer) else 0


def moodle_points(node, chosen_texts: set[str]) -> float:
    """How Moodle grades a response to an imported question: multichoiceset (All-or-Nothing plugin) gives the
    grade only for exactly the right options; core multichoice sums the fractions, clamped to 0..100 %."""
    grade = float(node.findtext("defaultgrade"))
    answers = {html.unescape(a.findtext("text")): float(a.get("fraction")) for a in node.findall("answer")}
    if node.get("type") == "multichoiceset":
        return grade if chosen_texts == {t for t, f in answers.items() if f > 0} else 0
    return grade * min(max(sum(answers[t] for t in chosen_texts), 0), 100) / 100


def responses(q):
    """Every right option, one missing, one wrong added, a single right one: what scoring differs on (单选:
    each single option, as radio buttons allow)."""
    right = set(q.answer)
    wrong = [letter for letter, _ in q.options if letter not in right]
    if q.type == "单选":
        return [{letter} for letter, _ in q.options]
    out = [right, {min(right)}]
    if len(right) > 1:
        out.append(right - {min(right)})
    if wrong:
        out.append(right | {wrong[0]})
    return out


def test_moodle_xml_scores_multi_answer_all_or_nothing_at_the_blueprint_points(exported):
    root = etree.parse(str(exported / "bank.xml")).getroot()
    nodes = {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}
    multi = [q for q in QUESTIONS if q.type == "多选"]
    assert multi and BLUEPRINT_POINTS["多选"] == 2
    for q in QUESTIONS:
        node = nodes[q.id]
        assert float(node.findtext("defaultgrade")) == BLUEPRINT_POINTS[q.type], q.id
        if q.type == "判断":
            continue
        assert node.get("type") == ("multichoiceset" if q.type == "多选" else "multichoice")
        text = dict(q.options)
        for chosen in responses(q):
            assert moodle_points(node, {text[x] for x in chosen}) == site_points(q, chosen), (q.id, chosen)


def test_moodle_partial_credit_is_a_trainer_option(tmp_path):
    result = zhifa("export", "--format", "moodle", "--partial-credit", "-o", str(tmp_path / "partial.xml"))
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(tmp_path / "partial.xml")).getroot()
    multi = [q for q in root.findall("question") if q.findtext("defaultgrade") and q.findtext("single") == "false"]
    assert multi and not root.findall("question[@type='multichoiceset']")
    for node in multi:
        fractions = [a.get("fraction") for a in node.findall("answer")]
        assert all(f.lstrip("-") in MOODLE_GRADES for f in fractions)
        assert any(f.startswith("-") for f in fractions)  # partial credit, wrong choices take off
    q = next(q for q in QUESTIONS if q.type == "多选" and len(q.answer) > 1)
    node = next(n for n in multi if n.findtext("idnumber") == q.id)
    text = dict(q.options)
    assert 0 < moodle_points(node, {text[min(q.answer)]}) < BLUEPRINT_POINTS["多选"]


def gift_pegjs(text: str) -> list[dict]:
    """Parse GIFT with the npm gift-pegjs grammar (an independent reader)."""
    script = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{" + (
        "process.stdout.write(JSON.stringify(require('gift-pegjs').parse(s)))})"
    )
    result = subprocess.run(["node", "-e", script], input=text, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return [q for q in json.loads(result.stdout) if q["type"] != "Category"]


def _shown(node) -> str:
    assert node["format"] == "html"
    return html.unescape(node["text"])


def test_gift_round_trips_through_gift_pegjs_with_every_special_escaped():
    from zhifa.bank.catalog import Question
    from zhifa.bank.exports import gift

    hard = "<b>粗体</b> & 3 {元} ~ = # : 比例 a\\b &amp;"
    q = Question(
        id="Q-TEST02",
        type="多选",
        stem=hard,
        material="材料 <script>x</script>",
        options=[("A", "a<b"), ("B", "c & d"), ("C", "e = f ~ g"), ("D", "#1 {x}: y")],
        answer=["A", "C"],
        explanation="见 <i>第一条</i> & {x}: #1",
        tags=[],
        category=["测试", "第一章"],
        clauses=[],
    )
    (parsed,) = gift_pegjs(gift([q]))
    assert parsed["title"] == "Q-TEST02"
    assert _shown(parsed["stem"]) == "【案例材料】材料 <script>x</script> " + hard
    assert _shown(parsed["globalFeedback"]) == "解析：" + q.explanation
    assert [_shown(c["text"]) for c in parsed["choices"]] == [text for _, text in q.options]
    assert [c["weight"] for c in parsed["choices"]] == [50, -100, 50, -100]  # any wrong choice scores 0


def test_gift_of_the_bank_round_trips_through_gift_pegjs(exported):
    parsed = {q["title"]: q for q in gift_pegjs((exported / "bank.gift").read_text(encoding="utf-8"))}
    assert set(parsed) == IDS
    for q in QUESTIONS:
        p = parsed[q.id]
        assert _shown(p["stem"]) == " ".join(((f"【案例材料】{q.material}\n" if q.material else "") + q.stem).split())
        if q.type == "判断":
            assert p["type"] == "TF" and p["isTrue"] == (q.answer == ["正确"])
            continue
        text = dict(q.options)
        if q.type == "单选":
            assert [_shown(c["text"]) for c in p["choices"] if c["isCorrect"]] == [text[q.answer[0]]]
        else:
            right = {text[x] for x in q.answer}
            assert {_shown(c["text"]) for c in p["choices"] if (c["weight"] or 0) > 0} == right
            assert all(c["weight"] == -100 for c in p["choices"] if _shown(c["text"]) not in right)


def test_moodle_xml_and_anki_round_trip_every_question(exported, tmp_path):
    """Read back by lxml and sqlite, each question's text, options and key are the bank's, with < and & intact."""
    root = etree.parse(str(exported / "bank.xml")).getroot()
    nodes = {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}
    with zipfile.ZipFile(exported / "bank.apkg") as z:
        z.extract("collection.anki2", tmp_path)
    notes = {
        fields.split("\x1f")[0]: fields.split("\x1f")
        for (fields,) in sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes")
    }
    for q in QUESTIONS:
        text = (f"【案例材料】{q.material}\n" if q.material else "") + q.stem
        shown = html.unescape(nodes[q.id].findtext("questiontext/text").replace("</p><p>", "\n")[3:-4])
        assert shown == text, q.id
        if q.type != "判断":
            options = [html.unescape(a.findtext("text")) for a in nodes[q.id].findall("answer")]
            assert options == [option for _, option in q.options], q.id
        _, stem, options, answer, explanation, _ = notes[q.id]
        assert html.unescape(stem) == text and html.unescape(answer) == "".join(q.answer)
        assert html.unescape(explanation) == q.explanation
        assert html.unescape(options) == "<br>".join(f"{letter}. {option}" for letter, option in q.options)
