"""A drawn exam paper as a .docx: the same questions, order and key as its printable HTML."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK

from zhifa.bank.paper import Item, shown_answer
from zhifa.bank.printout import sections
from zhifa.docx import layout
from zhifa.docx.layout import BODY_FONT, HEI_FONT, TITLE_FONT, font


def write(path: Path, bank: dict, items: list[Item], seed: int) -> None:
    """The paper and, after a page break, its key, as one .docx."""
    bp = bank["blueprint"]
    doc = Document()
    layout.portrait(doc.sections[0], margins="narrow")

    def para(text, faces=BODY_FONT, size=11, bold=False, center=False):
        p = doc.add_paragraph()
        if center:
            p.alignment = 1
        font(p.add_run(text), faces, size, bold)
        return p

    para(bp["name"], TITLE_FONT, 18, center=True)
    para(
        f"试卷编号 {seed}　题库版本 {bank['version']}　满分 {bp['total']} 分　{bp['pass']} 分及格　"
        f"考试时间 {bp['duration']} 分钟",
        size=10,
        center=True,
    )
    boxes = doc.add_table(rows=1, cols=3)
    boxes.style = "Table Grid"
    for cell, text in zip(boxes.rows[0].cells, ("姓名：", "单位：", "得分：")):
        font(cell.paragraphs[0].add_run(text), BODY_FONT, 11)
    number = 0
    for k, (kind, group) in enumerate(sections(bank, items), 1):
        para(f"{'一二三四五六'[k - 1]}、{kind}题（共 {len(group)} 题，每题 {group[0][0].points:g} 分）", HEI_FONT, 12)
        for it, q in group:
            number += 1
            text = (f"【案例材料】{q['material']} " if q.get("material") else "") + q["stem"]
            para(f"{number}. {text}（　　）")
            if q["type"] != "判断":
                options = dict(q["options"])
                for j, letter in enumerate(it.order):
                    para(f"　　{chr(65 + j)}. {options[letter]}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para("答案", TITLE_FONT, 16, center=True)
    key = doc.add_table(rows=1, cols=3)
    key.style = "Table Grid"
    for cell, text in zip(key.rows[0].cells, ("题号", "答案", "试题 ID")):
        font(cell.paragraphs[0].add_run(text), HEI_FONT, 10)
    by_id = {q["id"]: q for q in bank["questions"]}
    for n, it in enumerate(items, 1):
        row = key.add_row().cells
        for cell, text in zip(row, (str(n), shown_answer(by_id[it.id], it), it.id)):
            font(cell.paragraphs[0].add_run(text), BODY_FONT, 10)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
