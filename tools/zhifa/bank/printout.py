"""A drawn paper for print, as three self-contained A4 HTML pages: the paper (name, unit and score boxes),
its 答题卡 (one row of boxes per question, the letters as printed) and its key (answers, points, 解析 and the
clauses tested, with the numbers the site shows). Every page carries the paper number and "第 X 页 共 Y 页" in
its header (CSS page margin boxes). Everything is escaped text; nothing is loaded from elsewhere."""

from __future__ import annotations

import html

from zhifa.bank.paper import Item, shown_answer

NUMERALS = "一二三四五六七八九十"

CSS = """
@page { size: A4; margin: 22mm 18mm 18mm;
        @top-left { content: %(left)s; font: 9pt "Noto Serif CJK SC", "SimSun", serif; }
        @top-right { content: "第 " counter(page) " 页 共 " counter(pages) " 页";
                     font: 9pt "Noto Serif CJK SC", "SimSun", serif; } }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 11pt; line-height: 1.6; color: #000;
       max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
.meta { text-align: center; font-size: 10pt; margin-bottom: 4mm; }
.running { display: flex; justify-content: space-between; font-size: 9pt; border-bottom: 1px solid #000;
           margin-bottom: 4mm; }
table.boxes { width: 100%%; border-collapse: collapse; margin-bottom: 6mm; }
table.boxes td { border: 1px solid #000; padding: 2mm 3mm; height: 8mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
ol.q > li { margin: 0 0 3mm; page-break-inside: avoid; }
ol.opts { list-style: upper-alpha; margin: 1mm 0; }
.stamp { text-align: center; font-size: 26pt; font-weight: bold; letter-spacing: 1em; border: 3px double #000;
         padding: 2mm 0; margin: 0 0 4mm; }
table.key { width: 100%%; border-collapse: collapse; font-size: 10pt; }
table.key th, table.key td { border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; }
table.key th { white-space: nowrap; }
table.key tr { page-break-inside: avoid; }
table.key td.answer { font-weight: bold; font-size: 12pt; text-align: center; white-space: nowrap; }
.sheet { display: grid; gap: 1.6mm 2mm; margin-bottom: 4mm; }
.sheet .row { display: flex; align-items: center; gap: 1mm; page-break-inside: avoid; }
.sheet .no { width: 8mm; text-align: right; font-weight: bold; }
.sheet .box { border: 1px solid #000; min-width: 5mm; padding: 0 0.3mm; text-align: center; font-size: 10pt;
              line-height: 5mm; }
@media print { .running { display: none; } }
@media screen { body { margin: 10mm auto; } }
"""


def sections(bank: dict, items: list[Item]):
    """(type, [(item, question), …]) in the order printed: a part per question type, as drawn."""
    by_id = {q["id"]: q for q in bank["questions"]}
    seen: list[str] = []
    for it in items:
        if it.type not in seen:
            seen.append(it.type)
    for kind in seen:
        group = [(it, by_id[it.id]) for it in items if it.type == kind]
        yield kind, group


def heading(k: int, kind: str, group: list) -> str:
    return f"{NUMERALS[k - 1]}、{kind}题（共 {len(group)} 题，每题 {group[0][0].points:g} 分）"


def explanation(q: dict) -> str:
    """The 解析 as plain text (the published bank holds it as segments with clause references resolved)."""
    value = q.get("explanation") or ""
    return value if isinstance(value, str) else "".join(s.get("t", "") for s in value)


def clauses(q: dict) -> str:
    return "；".join(c["t"] for c in q.get("clauses", []))


def marks(q: dict, it: Item) -> list[str]:
    """What a trainee marks on the 答题卡 for this item: the printed letters, or 对/错 for 判断."""
    return ["对", "错"] if q["type"] == "判断" else [chr(65 + k) for k in range(len(it.order))]


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _head(title: str, running: str) -> list[str]:
    e = html.escape
    return [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{CSS % {'left': _css_string(running)}}</style></head><body>",
        f'<div class="running"><span>{e(running)}</span><span>打印时每页页眉有页码</span></div>',
    ]


def _meta(bank: dict, paper_id: str) -> str:
    bp = bank["blueprint"]
    return (
        f'<p class="meta">试卷编号 {html.escape(paper_id)} · 题库版本 {html.escape(bank["version"])} · '
        f"满分 {bp['total']} 分 · {bp['pass']} 分及格 · 考试时间 {bp['duration']} 分钟</p>"
    )


def html_paper(bank: dict, items: list[Item], paper_id: str) -> str:
    """The paper handed to trainees: no answers anywhere."""
    bp, e = bank["blueprint"], html.escape
    out = _head(f"{bp['name']} 试卷 {paper_id}", f"{bp['name']} · 试卷 {paper_id}")
    out += [
        f"<h1>{e(bp['name'])}</h1>",
        _meta(bank, paper_id),
        '<table class="boxes"><tr><td>姓名：</td><td>单位：</td><td>得分：</td></tr></table>',
    ]
    number = 0
    for k, (kind, group) in enumerate(sections(bank, items), 1):
        out.append(f"<h2>{e(heading(k, kind, group))}</h2><ol class='q' start='{number + 1}'>")
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
    out.append("</body></html>")
    return "\n".join(out)


def html_answer_sheet(bank: dict, items: list[Item], paper_id: str) -> str:
    """The 答题卡: the paper number, name/unit/score boxes and, per question, boxes with the printed letters."""
    bp, e = bank["blueprint"], html.escape
    out = _head(f"{bp['name']} 答题卡 {paper_id}", f"{bp['name']} · 答题卡 · 试卷 {paper_id}")
    out += [
        f"<h1>答题卡</h1><p class='meta'>{e(bp['name'])} · 试卷编号 <b>{e(paper_id)}</b>（与试卷封面一致）</p>",
        '<table class="boxes"><tr><td>姓名：</td><td>单位：</td><td>得分：</td></tr></table>',
        "<p>在所选字母上打 √ 或涂黑；多选题选出全部正确选项；判断题选“对”或“错”。</p>",
    ]
    number = 0
    for k, (kind, group) in enumerate(sections(bank, items), 1):
        widest = max(len(marks(q, it)) for it, q in group)
        across = 5 if widest <= 2 else 4 if widest <= 4 else 3  # rows of boxes stay inside the page
        out.append(
            f"<h2>{e(heading(k, kind, group))}</h2>"
            f"<div class='sheet' style='grid-template-columns: repeat({across}, 1fr)'>"
        )
        for it, q in group:
            number += 1
            boxes = "".join(f"<span class='box'>{m}</span>" for m in marks(q, it))
            out.append(f"<div class='row'><span class='no'>{number}</span>{boxes}</div>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def key_rows(bank: dict, items: list[Item]):
    """(number, item, question, shown answer) for each question of the paper, in printed order."""
    by_id = {q["id"]: q for q in bank["questions"]}
    number = 0
    for _, group in sections(bank, items):
        for it, q in group:
            number += 1
            yield number, it, by_id[it.id], shown_answer(q, it)


def html_key(bank: dict, items: list[Item], paper_id: str) -> str:
    """The key, for the trainer only: marked 答案 on every page, with 解析 and the clauses tested."""
    bp, e = bank["blueprint"], html.escape
    out = _head(f"{bp['name']} 答案 {paper_id}", f"答案（不得发给学员）· {bp['name']} · 试卷 {paper_id}")
    out += [
        "<div class='stamp'>答案</div>",
        f"<h1>{e(bp['name'])} 答案与解析</h1>",
        _meta(bank, paper_id),
        "<table class='key'><thead><tr><th>题号</th><th>答案</th><th>分值</th><th>解析</th><th>考查条款</th></tr>"
        "</thead><tbody>",
    ]
    for n, it, q, answer in key_rows(bank, items):
        out.append(
            f"<tr><td>{n}</td><td class='answer'>{e(answer)}</td><td>{it.points:g}</td>"
            f"<td>{e(explanation(q))}</td><td>{e(clauses(q))}<br><small>{e(it.id)}</small></td></tr>"
        )
    out.append("</tbody></table></body></html>")
    return "\n".join(out)
