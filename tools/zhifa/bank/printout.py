"""A drawn paper for print: a self-contained A4 HTML page (试卷 header with name, unit and score boxes),
its answer key, and the same as a .docx. Everything is escaped text; nothing is loaded from elsewhere."""

from __future__ import annotations

import html

from zhifa.bank.paper import Item, shown_answer

CSS = """
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 11pt; line-height: 1.6; color: #000;
       max-width: 180mm; margin: 0 auto; }
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


def sections(bank: dict, items: list[Item]):
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
    out = [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(bp["name"])} 试卷 {seed}</title>'
        f"<style>{CSS}</style></head><body>",
        f"<h1>{e(bp['name'])}</h1>",
        f'<p class="meta">试卷编号 {seed} · 题库版本 {e(bank["version"])} · 满分 {bp["total"]} 分 · '
        f'{bp["pass"]} 分及格 · 考试时间 {bp["duration"]} 分钟</p>',
        '<table class="boxes"><tr><td>姓名：</td><td>单位：</td><td>得分：</td></tr></table>',
    ]
    number = 0
    for k, (kind, group) in enumerate(sections(bank, items), 1):
        points = group[0][0].points
        out.append(
            f"<h2>{'一二三四五六'[k - 1]}、{e(kind)}题（共 {len(group)} 题，每题 {points:g} 分）</h2>"
            f"<ol class='q' start='{number + 1}'>"
        )
        for it, q in group:
            number += 1
            text = (f"【案例材料】{q['material']} " if q.get("material") else "") + q["stem"]
            out.append(f"<li>{e(text)}（　　）")
            if q["type"] != "判断":
                options = dict(q["options"])
                shown = "".join(f"<li>{e(options[letter])}</li>" for letter in it.order)
                out.append(f"<ol class='opts'>{shown}</ol>")
            out.append("</li>")
        out.append("</ol>")
    if with_key:
        out.append(
            f'<section class="key"><h1>答案</h1><p class="meta">试卷编号 {seed}</p>'
            "<table><tr><th>题号</th><th>答案</th><th>试题 ID</th><th>考查条款</th></tr>"
        )
        by_id = {q["id"]: q for q in bank["questions"]}
        for n, it in enumerate(items, 1):
            q = by_id[it.id]
            clauses = "、".join(c["t"] for c in q["clauses"])
            out.append(
                f"<tr><td>{n}</td><td>{e(shown_answer(q, it))}</td><td>{e(it.id)}</td><td>{e(clauses)}</td></tr>"
            )
        out.append("</table></section>")
    out.append("</body></html>")
    return "\n".join(out)
