"""A document template as an A4 official-style .docx (python-docx): issuing body, title, 文号,
body with 【字段】 placeholders to fill in, the template's own signature and seal lines at the right. Fonts name the usual Chinese
official faces; a word processor without them falls back to any installed CJK font."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT = ("仿宋", "FangSong")  # (East Asian, Latin)
TITLE_FONT = ("方正小标宋简体", "SimSun")
HEI_FONT = ("黑体", "SimHei")
# The template's own closing lines (seal, date) sit at the right margin, as on a printed form.
SIGNATURE_LINE = re.compile(r"(印章）|盖章）|公章）|年[\s　]*月[\s　]*日[）)]?|】日)$|^【[^【】]*日期】$")


def _font(run, faces: tuple[str, str], size: float, bold: bool = False) -> None:
    run.font.name = faces[1]
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), faces[0])


def _para(doc, text: str, faces=BODY_FONT, size=16, align=None, bold=False, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent and align is None:
        fmt.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), faces, size, bold)
    return p


def write(path: Path, *, issuer: str, title: str, doc_no: str, lines: list[str], fields: list[dict]) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    doc.core_properties.title = title
    doc.core_properties.subject = "行政执法文书（示范模板）"
    _para(doc, issuer, TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, title, TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    if doc_no:
        _para(doc, doc_no, BODY_FONT, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    for line in lines:
        text = line.strip()
        if not text:
            doc.add_paragraph()
        elif SIGNATURE_LINE.search(text):
            _para(doc, text, BODY_FONT, 16, WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            _para(doc, text)
    # the fill-in guide on its own page: every field, whether required, its format and its basis
    doc.add_page_break()
    _para(doc, "填写说明", HEI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("字段", "必填", "格式", "依据")):
        _font(cell.paragraphs[0].add_run(text), HEI_FONT, 12)
    for f in fields:
        row = table.add_row().cells
        for cell, text in zip(row, (f["name"], "是" if f["required"] else "否", f["format"], f["basis"])):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
