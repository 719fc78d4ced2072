"""The 偏离清单 in Word: every override and exclusion of a layered standard, with its reason, the base's text and
the local text (additions bold and underlined, deletions struck through, as in the 对照表)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from zhifa.amend.compare import pieces
from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font
from zhifa.docx.revision_table import _repeat_header
from zhifa.model.layers import OVERRIDDEN, Deviation

HEADERS = ("条款", "类型", "理由", "上级规范原文", "本地条文")


def write(path: Path, title: str, deviations: list[Deviation]) -> None:
    doc = Document()
    layout.landscape(doc.sections[0])
    layout.page_number(doc.sections[0])
    doc.core_properties.title = f"{title}偏离清单"
    heading = doc.add_paragraph()
    heading.alignment = 1
    font(heading.add_run(f"{title}偏离清单"), TITLE_FONT, 16)
    if not deviations:
        font(doc.add_paragraph().add_run("本规范完全采用上级规范，没有本地调整，也没有不适用的条款。"), BODY_FONT, 12)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS):
        font(cell.paragraphs[0].add_run(text), HEI_FONT, 11)
    _repeat_header(table.rows[0])
    for d in deviations:
        cells = table.add_row().cells
        for cell, text in zip(cells[:3], (f"{d.id}\n{d.base_title}", d.kind, d.reason)):
            font(cell.paragraphs[0].add_run(text), BODY_FONT, 10)
        old = f"{d.base_title}｜{d.base_text}"
        new = f"{d.local_title}｜{d.local_text}" if d.kind == OVERRIDDEN else ""
        left, right = pieces(old, new) if new else ([(old, False)], [])
        for cell, runs, struck in ((cells[3], left, True), (cells[4], right, False)):
            p = cell.paragraphs[0]
            for text, marked in runs:
                run = p.add_run(text)
                font(run, BODY_FONT, 10, bold=marked and not struck)
                run.font.underline = marked and not struck
                run.font.strike = marked and struck
        if d.kind != OVERRIDDEN:
            font(cells[4].paragraphs[0].add_run("（不适用）"), BODY_FONT, 10)
    doc.save(str(path))
