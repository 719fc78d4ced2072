"""The 修订对照表 in Word: alone on A4 landscape pages, or appended to a whole standard. The runs come from
amend.compare.pieces, the same runs the Markdown and HTML tables render."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from zhifa.amend.compare import Row, pieces
from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font


def write(path: Path, changes: list[Row], ref1: str, ref2: str) -> None:
    """The 对照表 as an A4 landscape .docx: additions bold and underlined, deletions struck through."""
    doc = Document()
    layout.landscape(doc.sections[0])
    add(doc, changes, ref1, ref2)
    doc.save(str(path))


def add(doc, changes: list[Row], ref1: str, ref2: str) -> None:
    """Title, legend and the three-column table, added to ``doc`` (alone, or after a whole standard)."""
    title = doc.add_paragraph()
    title.alignment = 1
    font(title.add_run(f"修订对照表（{ref1} → {ref2}）"), TITLE_FONT, 16)
    legend = doc.add_paragraph()
    font(legend.add_run("说明："), BODY_FONT, 10)
    added = legend.add_run("加粗下划线")
    font(added, BODY_FONT, 10, bold=True)
    added.font.underline = True
    font(legend.add_run("为新增文字，"), BODY_FONT, 10)
    struck = legend.add_run("删除线")
    font(struck, BODY_FONT, 10)
    struck.font.strike = True
    font(legend.add_run("为删除文字；条款按永久 ID 对应。"), BODY_FONT, 10)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("现行条文", "修改后条文", "修改说明")):
        font(cell.paragraphs[0].add_run(text), HEI_FONT, 11)
    for r in changes:
        left, right, note = table.add_row().cells
        for cell, label in ((left, r.old_label), (right, r.new_label)):
            if label:
                font(cell.paragraphs[0].add_run(label + " "), HEI_FONT, 10)
        if r.kind == "修改":
            left_runs, right_runs = pieces(r.old_text, r.new_text)
            for text, changed in left_runs:
                run = left.paragraphs[0].add_run(text)
                font(run, BODY_FONT, 10)
                run.font.strike = changed
            for text, changed in right_runs:
                run = right.paragraphs[0].add_run(text)
                font(run, BODY_FONT, 10, bold=changed)
                run.font.underline = changed
        else:
            font(left.paragraphs[0].add_run(r.old_text), BODY_FONT, 10)
            run = right.paragraphs[0].add_run(r.new_text)
            font(run, BODY_FONT, 10)
            run.font.strike = r.kind == "废止"
        font(note.paragraphs[0].add_run(f"{r.note}（{r.id}）"), BODY_FONT, 10)
