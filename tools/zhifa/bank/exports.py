"""The reviewed question bank in LMS formats: Moodle XML, GIFT and an Anki deck.

Scored like the site by default: each question's grade is the blueprint's points for its type, and 多选 is
all-or-nothing. Moodle core has no all-or-nothing multiple response, so 多选 is written for the widely used
qtype_multichoiceset plugin ("All-or-Nothing Multiple Choice"); ``partial=True`` (``--partial-credit``) writes
core ``multichoice`` instead, each right option 100/n and each wrong one -100/n (n right options). GIFT has
neither a grade nor all-or-nothing: there each wrong option is -100 % (any wrong choice scores 0, as on the
site) and only a choice missing a right option still gets partial credit (``partial=True``: -100/n as in XML).
Moodle accepts only its fixed grade fractions. Text goes out as HTML in both formats (GIFT marks it
``[html]``), so ``<`` and ``&`` are written as entities and shown as typed.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from lxml import etree

from zhifa.bank import blueprint as blueprint_file
from zhifa.bank import rules
from zhifa.bank.catalog import Question

ROOT_CATEGORY = "$course$/top/行政执法规范题库"
MOODLE_FRACTIONS = {2: "50", 3: "33.33333", 4: "25", 5: "20", 1: "100"}


def _text(q: Question) -> str:
    return (f"【案例材料】{q.material}\n" if q.material else "") + q.stem


def _html(text: str) -> str:
    return "<p>" + html.escape(text).replace("\n", "</p><p>") + "</p>"


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        etree.SubElement(node, "text").text = text
    return node


def points_by_type(blueprint: dict | None) -> dict[str, float]:
    """Each question type's points in the blueprint (its first section of that type), as a paper scores them."""
    out: dict[str, float] = {}
    for section in (blueprint or {}).get("sections", []):
        out.setdefault(section["type"], section["points"])
    return out


def load_points(root: Path) -> dict[str, float]:
    data, _ = blueprint_file.load(root)
    return points_by_type(data)


def _grade(value: float) -> str:
    return f"{value:.7f}"


def moodle_xml(questions: list[Question], points: dict[str, float] | None = None, partial: bool = False) -> bytes:
    """``points``: grade per type (the blueprint's; 1 where it names none). ``partial``: 多选 with partial
    credit in core multichoice instead of all-or-nothing (qtype_multichoiceset)."""
    points = points or {}
    quiz = etree.Element("quiz")
    current = None
    for q in sorted(questions, key=lambda q: q.category):
        if q.category != current:
            current = q.category
            cat = etree.SubElement(quiz, "question", type="category")
            _sub(cat, "category", "/".join([ROOT_CATEGORY, *current]))
        kind = "truefalse" if q.type == "判断" else "multichoice"
        if q.type == "多选" and not partial:
            kind = "multichoiceset"
        node = etree.SubElement(quiz, "question", type=kind)
        _sub(node, "name", f"{q.id} {q.stem[:30]}")
        text = _sub(node, "questiontext", "", format="html")
        text.find("text").text = etree.CDATA(_html(_text(q)))
        feedback = _sub(node, "generalfeedback", "", format="html")
        feedback.find("text").text = etree.CDATA(_html("解析：" + q.explanation))
        etree.SubElement(node, "defaultgrade").text = _grade(points.get(q.type, 1))
        etree.SubElement(node, "idnumber").text = q.id
        if kind == "truefalse":
            right = q.answer == [rules.TRUE]
            for value, fraction in (("true", "100" if right else "0"), ("false", "0" if right else "100")):
                _sub(node, "answer", value, fraction=fraction, format="moodle_auto_format")
        else:
            if kind == "multichoice":
                etree.SubElement(node, "single").text = "true" if q.type == "单选" else "false"
            etree.SubElement(node, "shuffleanswers").text = "true"
            etree.SubElement(node, "answernumbering").text = "ABCD"
            share = MOODLE_FRACTIONS[len(q.answer)] if q.type == "多选" else "100"
            for letter, option in q.options:
                right = letter in q.answer
                fraction = share if right else ("-" + share if q.type == "多选" and partial else "0")
                ans = _sub(node, "answer", html.escape(option), fraction=fraction, format="html")
                etree.SubElement(ans, "feedback", format="html").append(_text_node(""))
        tags = etree.SubElement(node, "tags")
        for t in [q.type, *q.category, *q.tags]:
            _sub(tags, "tag", t)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text_node(value: str):
    node = etree.Element("text")
    node.text = value
    return node


GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    """Text for a GIFT question in [html] format: HTML specials as entities (no quote entities, whose # would
    need escaping again), then GIFT's own specials with a backslash."""
    out = html.escape(" ".join(text.split()), quote=False)
    for ch in GIFT_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out


def gift(questions: list[Question], partial: bool = False) -> str:
    """Moodle GIFT; see the module note for how 多选 is weighted (``partial``)."""
    lines, current = [], None
    for q in sorted(questions, key=lambda q: q.category):
        if q.category != current:
            current = q.category
            lines += [f"$CATEGORY: {'/'.join([ROOT_CATEGORY, *current])}", ""]
        lines.append(f"// [id:{q.id}]")
        lines += [f"// [tag:{t}]" for t in [q.type, *q.tags]]
        feedback = f"####{gift_escape('解析：' + q.explanation)}"
        if q.type == "判断":
            body = ("TRUE" if q.answer == [rules.TRUE] else "FALSE") + feedback
        elif q.type == "单选":
            body = (
                " ".join(("=" if letter in q.answer else "~") + gift_escape(option) for letter, option in q.options)
                + " "
                + feedback
            )
        else:
            share = MOODLE_FRACTIONS[len(q.answer)]
            wrong = "-" + share if partial else "-100"
            body = (
                " ".join(
                    f"~%{share if letter in q.answer else wrong}%{gift_escape(option)}" for letter, option in q.options
                )
                + " "
                + feedback
            )
        lines += [f"::{q.id}::[html]{gift_escape(_text(q))}{{{body}}}", ""]
    return "\n".join(lines)


def anki(questions: list[Question], path: Path) -> None:
    import genanki

    model = genanki.Model(
        _stable_id("zhifa-model"),
        "行政执法题库",
        fields=[{"name": n} for n in ("ID", "题干", "选项", "答案", "解析", "分类")],
        templates=[
            {
                "name": "答题卡",
                "qfmt": "<div class=stem>{{题干}}</div><div class=opts>{{选项}}</div>",
                "afmt": "{{FrontSide}}<hr id=answer><b>答案：{{答案}}</b><p>{{解析}}</p><small>{{分类}}</small>",
            }
        ],
        css=".card { font-family: sans-serif; font-size: 20px; }",
    )
    deck = genanki.Deck(_stable_id("zhifa-deck"), "行政执法规范题库")
    for q in questions:
        options = "<br>".join(html.escape(f"{letter}. {text}") for letter, text in q.options)
        answer = "".join(q.answer)
        deck.add_note(
            genanki.Note(
                model=model,
                guid=genanki.guid_for(q.id),  # re-importing updates notes instead of duplicating
                fields=[
                    q.id,
                    html.escape(_text(q)),
                    options,
                    html.escape(answer),
                    html.escape(q.explanation),
                    html.escape(" / ".join(q.category)),
                ],
                tags=[t.replace(" ", "_") for t in [q.type, *q.tags]],
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(deck).write_to_file(str(path))


def _stable_id(name: str) -> int:
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) % (1 << 30) + (1 << 30)
