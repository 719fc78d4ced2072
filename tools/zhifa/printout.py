"""A drawn paper for print: a self-contained A4 HTML page (试卷 header with name, unit and score boxes),
its answer key, and the same as a .docx. Everything is escaped text; nothing is loaded from elsewhere."""

from __future__ import annotations

import html
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Mm

from .docx_writer import BODY_FONT, HEI_FONT, TITLE_FONT, _font
from .paper import Item, shown_answer

CSS = """
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 11pt; line-height: 1.6; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
.meta { text-align: center; font-size: 10pt; margin-bottom: 4mm; }
table.boxes { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
table.boxes td { border: 1px solid #000; padding: 2mm 3mm; height: 8mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
ol.q > li { margin: 0 0 3mm; page-break-inside: avoid; }
ol.opts { list-style: upper-alpha; margin: 1mm 0; }
.key { page-break-before: always; }
.key td, .key th { border: 1px solid #000; padding: 1mm 2mm; }
.key table { border-collapse: collapse; }
@media screen { body { margin: 10mm auto; } }
"""


def _sections(bank: dict, items: list[Item]):
    by_id = {q["id"]: q for q in bank["questions"]}
    seen: list[str] = []
    for it in items:
        if it.type not in seen:
            seen.append(it.type)
    for kind in seen:
        group = [(it, by_id[it.id]) for it in items if it.type == kind]
        yield kind, group


def html_paper(bank: dict, items: list[Item], seed: int, with_key: bool) -> str:
    bp = bank["blueprint"]
    e = html.escape
    out = [f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(bp["name"])} 试卷 {seed}</title>'
           f"<style>{CSS}</style></head><body>",
           f"<h1>{e(bp['name'])}</h1>",
           f'<p class="meta">试卷编号 {seed} · 题库版本 {e(bank["version"])} · 满分 {bp["total"]} 分 · '
           f'{bp["pass"]} 分及格 · 考试时间 {bp["duration"]} 分钟</p>',
           '<table class="boxes"><tr><td>姓名：</td><td>单位：</td><td>得分：</td></tr></table>']
    number = 0
    for k, (kind, group) in enumerate(_sections(bank, items), 1):
        points = group[0][0].points
        out.append(f"<h2>{'一二三四五六'[k - 1]}、{e(kind)}题（共 {len(group)} 题，每题 {points:g} 分）</h2><ol class='q' start='{number + 1}'>")
        for it, q in group:
            number += 1
            text = (f"【案例材料】{q['material']} " if q.get("material") else "") + q["stem"]
            out.append(f"<li>{e(text)}（　　）")
            if q["type"] != "判断":
                options = dict(q["options"])
                out.append("<ol class='opts'>" + "".join(f"<li>{e(options[l])}</li>" for l in it.order) + "</ol>")
            out.append("</li>")
        out.append("</ol>")
    if with_key:
        out.append(f'<section class="key"><h1>答案</h1><p class="meta">试卷编号 {seed}</p><table><tr><th>题号</th><th>答案</th><th>试题 ID</th><th>考查条款</th></tr>')
        by_id = {q["id"]: q for q in bank["questions"]}
        for n, it in enumerate(items, 1):
            q = by_id[it.id]
            clauses = "、".join(c["t"] for c in q["clauses"])
            out.append(f"<tr><td>{n}</td><td>{e(shown_answer(q, it))}</td><td>{e(it.id)}</td><td>{e(clauses)}</td></tr>")
        out.append("</table></section>")
    out.append("</body></html>")
    return "\n".join(out)


def docx_paper(path: Path, bank: dict, items: list[Item], seed: int) -> None:
    bp = bank["blueprint"]
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin = sec.bottom_margin = Mm(20)
    sec.left_margin = sec.right_margin = Mm(18)

    def para(text, faces=BODY_FONT, size=11, bold=False, center=False):
        p = doc.add_paragraph()
        if center:
            p.alignment = 1
        _font(p.add_run(text), faces, size, bold)
        return p

    para(bp["name"], TITLE_FONT, 18, center=True)
    para(f"试卷编号 {seed}　题库版本 {bank['version']}　满分 {bp['total']} 分　{bp['pass']} 分及格　"
         f"考试时间 {bp['duration']} 分钟", size=10, center=True)
    boxes = doc.add_table(rows=1, cols=3)
    boxes.style = "Table Grid"
    for cell, text in zip(boxes.rows[0].cells, ("姓名：", "单位：", "得分：")):
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, 11)
    number = 0
    for k, (kind, group) in enumerate(_sections(bank, items), 1):
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
        _font(cell.paragraphs[0].add_run(text), HEI_FONT, 10)
    by_id = {q["id"]: q for q in bank["questions"]}
    for n, it in enumerate(items, 1):
        row = key.add_row().cells
        for cell, text in zip(row, (str(n), shown_answer(by_id[it.id], it), it.id)):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
