"""The 修订对照表 in Word: alone on A4 landscape pages (page numbers in the footer), or appended to a whole
standard. The header row repeats on every page; each 款/项 is its own paragraph. The runs come from
amend.compare.sides, the same runs the Markdown, HTML and site tables render."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from zhifa.amend.compare import HEADERS, LEGEND, Report, sides
from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font


def write(path: Path, report: Report, impact: bool = False) -> None:
    """The 对照表 as an A4 landscape .docx: additions bold and underlined, deletions struck through."""
    doc = Document()
    layout.landscape(doc.sections[0])
    layout.page_number(doc.sections[0])
    doc.core_properties.title = report.title
    add(doc, report, impact)
    doc.save(str(path))


def _repeat_header(row) -> None:
    """Word and LibreOffice repeat a row marked w:tblHeader at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _cell(cell, label: str, paragraphs, struck_left: bool) -> None:
    first = cell.paragraphs[0]
    if label:
        font(first.add_run(label), HEI_FONT, 10)
    for k, runs in enumerate(paragraphs):
        p = first if (k == 0 and not label) else cell.add_paragraph()
        for text, marked in runs:
            run = p.add_run(text)
            font(run, BODY_FONT, 10, bold=marked and not struck_left)
            run.font.underline = marked and not struck_left
            run.font.strike = marked and struck_left


def add(doc, report: Report, impact: bool = False) -> None:
    """Title, versions, legend, the three-column table, the renumbering note and (optionally) the impact."""
    title = doc.add_paragraph()
    title.alignment = 1
    font(title.add_run(report.title), TITLE_FONT, 16)
    for text in (report.versions, report.summary, LEGEND):
        font(doc.add_paragraph().add_run(text), BODY_FONT, 10)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS):
        font(cell.paragraphs[0].add_run(text), HEI_FONT, 11)
    _repeat_header(table.rows[0])
    for r in report.rows:
        left, right, note = table.add_row().cells
        old, new = sides(r)
        _cell(left, r.old_label, old, True)
        _cell(right, r.new_label, new, r.kind == "废止")
        font(note.paragraphs[0].add_run(r.explanation), BODY_FONT, 10)
    if report.renumbering_note:
        font(doc.add_paragraph().add_run(report.renumbering_note), BODY_FONT, 10)
    if impact:
        font(doc.add_paragraph().add_run("影响分析"), HEI_FONT, 12)
        for line in report.impact_lines():
            font(doc.add_paragraph().add_run(line), BODY_FONT, 10)
