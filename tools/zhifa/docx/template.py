"""A document template as an A4 official-style .docx (python-docx): issuing body, title, 文号,
body with 【字段】 placeholders to fill in, the template's own signature and seal lines at the right. Fonts
name the usual Chinese official faces; a word processor without them falls back to any installed CJK font."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font, para

# The template's own closing lines (seal, date) sit at the right margin, as on a printed form.
SIGNATURE_LINE = re.compile(r"(印章）|盖章）|公章）|年[\s　]*月[\s　]*日[）)]?|】日)$|^【[^【】]*日期】$")


def write(path: Path, *, issuer: str, title: str, doc_no: str, lines: list[str], fields: list[dict]) -> None:
    doc = Document()
    layout.portrait(doc.sections[0])
    doc.core_properties.title = title
    doc.core_properties.subject = "行政执法文书（示范模板）"
    para(doc, issuer, TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, title, TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    if doc_no:
        para(doc, doc_no, BODY_FONT, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    for line in lines:
        text = line.strip()
        if not text:
            doc.add_paragraph()
        elif SIGNATURE_LINE.search(text):
            para(doc, text, BODY_FONT, 16, WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            para(doc, text)
    # the fill-in guide on its own page: every field, whether required, its format and its basis
    doc.add_page_break()
    para(doc, "填写说明", HEI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("字段", "必填", "格式", "依据")):
        font(cell.paragraphs[0].add_run(text), HEI_FONT, 12)
    for f in fields:
        row = table.add_row().cells
        for cell, text in zip(row, (f["name"], "是" if f["required"] else "否", f["format"], f["basis"])):
            font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
