"""A drawn exam paper as two .docx files, the paper and its key, so the key never goes to the copier with the
paper. Each page's header names the paper and says "第 X 页 共 Y 页" (Word PAGE / NUMPAGES fields); the
questions, order, key, 解析 and clauses are the printable HTML's (bank/printout.py)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from zhifa.bank.paper import Item
from zhifa.bank.printout import clauses, explanation, heading, key_rows, sections
from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font

KEY_WIDTHS = (11, 14, 11, 94, 44)  # mm, within the 174 mm between the margins


def _field(paragraph, instr: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) the word processor fills in on every page."""
    run = paragraph.add_run()
    font(run, BODY_FONT, size)
    for kind in ("begin", None, "separate", "end"):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)
        if kind == "separate":  # the value shown before the fields are updated
            text = OxmlElement("w:t")
            text.text = "1"
            run._element.append(text)


def _document(running: str):
    doc = Document()
    section = doc.sections[0]
    layout.portrait(section, margins="narrow")
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    font(p.add_run(f"{running}　　第 "), BODY_FONT, 9)
    _field(p, "PAGE", 9)
    font(p.add_run(" 页 共 "), BODY_FONT, 9)
    _field(p, "NUMPAGES", 9)
    font(p.add_run(" 页"), BODY_FONT, 9)

    def para(text, faces=BODY_FONT, size=11, bold=False, center=False):
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(p.add_run(text), faces, size, bold)
        return p

    return doc, para


def _meta(bank: dict, paper_id: str) -> str:
    bp = bank["blueprint"]
    return (
        f"试卷编号 {paper_id}　题库版本 {bank['version']}　满分 {bp['total']} 分　{bp['pass']} 分及格　"
        f"考试时间 {bp['duration']} 分钟"
    )


def write_paper(path: Path, bank: dict, items: list[Item], paper_id: str) -> None:
    """The paper handed to trainees: no answers in it."""
    bp = bank["blueprint"]
    doc, para = _document(f"{bp['name']} · 试卷 {paper_id}")
    para(bp["name"], TITLE_FONT, 18, center=True)
    para(_meta(bank, paper_id), size=10, center=True)
    boxes = doc.add_table(rows=1, cols=3)
    boxes.style = "Table Grid"
    for cell, text in zip(boxes.rows[0].cells, ("姓名：", "单位：", "得分：")):
        font(cell.paragraphs[0].add_run(text), BODY_FONT, 11)
    number = 0
    for k, (kind, group) in enumerate(sections(bank, items), 1):
        para(heading(k, kind, group), HEI_FONT, 12)
        for it, q in group:
            number += 1
            text = (f"【案例材料】{q['material']} " if q.get("material") else "") + q["stem"]
            para(f"{number}. {text}（　　）")
            if q["type"] != "判断":
                options = dict(q["options"])
                for j, letter in enumerate(it.order):
                    para(f"　　{chr(65 + j)}. {options[letter]}")
    _save(doc, path)


def write_key(path: Path, bank: dict, items: list[Item], paper_id: str) -> None:
    """The key, for the trainer: 答案 in the title and on every page, with 解析 and the clauses tested."""
    bp = bank["blueprint"]
    doc, para = _document(f"答案（不得发给学员）· 试卷 {paper_id}")
    para("答　案", TITLE_FONT, 22, bold=True, center=True)
    para(f"{bp['name']} 答案与解析", TITLE_FONT, 16, center=True)
    para(_meta(bank, paper_id), size=10, center=True)
    key = doc.add_table(rows=1, cols=5)
    key.style = "Table Grid"
    for cell, text in zip(key.rows[0].cells, ("题号", "答案", "分值", "解析", "考查条款")):
        font(cell.paragraphs[0].add_run(text), HEI_FONT, 10)
    header = OxmlElement("w:tblHeader")  # the column names again at the top of every page of the key
    header.set(qn("w:val"), "true")
    key.rows[0]._tr.get_or_add_trPr().append(header)
    for n, it, q, answer in key_rows(bank, items):
        row = key.add_row().cells
        values = (str(n), answer, f"{it.points:g}", explanation(q), f"{clauses(q)}（{it.id}）")
        for cell, text in zip(row, values):
            font(cell.paragraphs[0].add_run(text), BODY_FONT, 9)
    key.autofit = False
    for column, width in zip(key.columns, KEY_WIDTHS):
        column.width = Mm(width)
    for row in key.rows:  # narrow number columns, the 解析 gets the room
        for cell, width in zip(row.cells, KEY_WIDTHS):
            cell.width = Mm(width)
    _save(doc, path)


def _save(doc, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
