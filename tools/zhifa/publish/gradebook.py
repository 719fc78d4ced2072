"""The results report a training office is handed: one HTML page (class summary with a score histogram and the
pass rate drawn as inline SVG, the gradebook, what to check, the item analysis), the same tables as CSV, and
one .xlsx workbook (openpyxl) with a chart. Every figure comes from ``bank.results.analyse``; this module only
lays it out. Text from trainees' files is untrusted: HTML-escaped, and in CSV and .xlsx cells a leading
= + - @ (or tab / carriage return) is neutralised with an apostrophe so no spreadsheet runs it as a formula."""

from __future__ import annotations

import csv
import html
from datetime import datetime, timedelta, timezone
from pathlib import Path

from zhifa.bank import analysis, results

FILES = ["index.html", "gradebook.csv", "questions.csv", "options.csv", "clauses.csv", "checks.csv", "gradebook.xlsx"]
BEIJING = timezone(timedelta(hours=8), "北京时间")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BANDS = [f"{k * 10}–{k * 10 + 9}" for k in range(9)] + ["90–100"]


def safe(value):
    """A spreadsheet cell that cannot start a formula (OWASP CSV injection); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _when(ms: int | None) -> str:
    if ms is None:
        return "—"
    try:
        return datetime.fromtimestamp(ms / 1000, BEIJING).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return "—"


def _verdict(passed: bool | None, notes: list[str]) -> str:
    word = "—" if passed is None else ("及格" if passed else "不及格")
    return word + ("（需核实）" if notes else "")


def gradebook_table(report: dict) -> tuple[list[str], list[list]]:
    """Header and rows of the gradebook, shared by CSV, .xlsx and HTML."""
    types, chapters = report["types"], report["chapter_columns"]
    head = ["姓名", "单位", "来源", "试卷", "得分", "满分", "结果", "用时", "交卷时间"]
    head += [f"{t}得分" for t in types] + [f"{c}（答对/题数）" for c in chapters] + ["需核实", "文件"]
    rows = []
    for r in sorted(report["gradebook"], key=lambda r: (-r["attempt"].score, r["attempt"].name)):
        a = r["attempt"]
        row = [a.name, a.unit, a.source, a.paper, a.score, a.total, _verdict(r["passed"], a.notes)]
        row += [results.duration(r["used"]), _when(a.submitted)]
        row += [r["by_type"][t][0] if t in r["by_type"] else "" for t in types]
        row += [f"{r['by_chapter'][c][0]} / {r['by_chapter'][c][1]}" if c in r["by_chapter"] else "" for c in chapters]
        row += ["；".join(a.notes), a.path]
        rows.append(row)
    return head, rows


def questions_table(report: dict) -> tuple[list[str], list[list]]:
    head = ["试题ID", "题型", "章", "作答人数", "难度（正确率）", "区分度（点二列相关）", "区分度（高低分组27%）"]
    head += ["提示", "正确答案（题库选项）", "试卷上的正确答案", "考查条款", "题干"]
    rows = [
        [
            r["id"],
            r["type"],
            r["chapter"],
            r["attempts"],
            _pct(r["correct"]),
            _num(r["point_biserial"]),
            _num(r["discrimination"]),
            "；".join(r["flags"]),
            "、".join(r["answer"]) + (f"（{r['answer_text']}）" if r["answer_text"] else ""),
            r["printed_answer"],
            "、".join(c.get("t", c["id"]) for c in r["clauses"]),
            r["stem"],
        ]
        for r in report["questions"]
    ]
    return head, rows


def options_table(report: dict) -> tuple[list[str], list[list]]:
    head = ["试题ID", "题库选项", "选项内容", "试卷上的字母", "是否正确答案", "选择人数", "高分组", "低分组", "提示"]
    rows = []
    for r in report["questions"]:
        for d in r["distractors"]:
            rows.append(
                [
                    r["id"],
                    d["option"] or "未答",
                    d["text"],
                    "、".join(d.get("shown", [])),
                    "是" if d["key"] else "",
                    d["count"],
                    d["upper"],
                    d["lower"],
                    d["note"],
                ]
            )
    return head, rows


def checks_table(report: dict, skipped: list[str]) -> tuple[list[str], list[list]]:
    head = ["处理", "文件", "原因"]
    rows = [["计入成绩册，需核实", r["attempt"].path, n] for r in report["gradebook"] for n in r["attempt"].notes]
    for line in skipped:
        where, _, why = line.partition(": ")
        rows.append(["未计入", where, why])
    return head, rows


def clauses_table(report: dict) -> tuple[list[str], list[list]]:
    return ["条款ID", "条款", "作答次数", "正确率"], [
        [c["id"], c["label"], c["answers"], f"{c['correct']:.2f}"] for c in report["clauses"]
    ]


def _csv(path: Path, head: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:  # the BOM makes Excel read UTF-8
        w = csv.writer(f)
        w.writerow(head)
        w.writerows([[safe(v) for v in row] for row in rows])


def write(out: Path, report: dict, skipped: list[str], site_prefix: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "gradebook.csv": gradebook_table(report),
        "questions.csv": questions_table(report),
        "options.csv": options_table(report),
        "clauses.csv": clauses_table(report),
        "checks.csv": checks_table(report, skipped),
    }
    for name, (head, rows) in tables.items():
        _csv(out / name, head, rows)
    _xlsx(out / "gradebook.xlsx", report, tables)
    (out / "index.html").write_text(page(report, skipped, site_prefix), encoding="utf-8")
    return [out / name for name in FILES]


def _xlsx(path: Path, report: dict, tables: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, PieChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.styles import Font

    wb = Workbook()
    sheets = [
        ("成绩册", "gradebook.csv"),
        ("试题分析", "questions.csv"),
        ("选项分析", "options.csv"),
        ("条款", "clauses.csv"),
        ("核查", "checks.csv"),
    ]
    for k, (title, name) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title
        head, rows = tables[name]
        ws.append(head)
        for row in rows:
            ws.append([safe(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for col, h in enumerate(head, 1):
            ws.column_dimensions[ws.cell(1, col).column_letter].width = max(8, min(40, len(h) * 2 + 2))
    s = report["summary"]
    ws = wb.create_sheet("班级汇总", 1)
    facts = [
        ["有效成绩", s["count"]],
        ["其中纸质答卷", s["printed"]],
        ["平均分", round(s["mean"], 1)],
        ["中位数", s["median"]],
        ["最高分", s["max"]],
        ["最低分", s["min"]],
        ["及格分", s["pass_mark"] if s["pass_mark"] is not None else "—"],
        ["及格人数", s["passed"]],
        ["及格率", f"{s['passed'] / s['judged'] * 100:.0f}%" if s["judged"] else "—"],
        ["需核实", s["to_check"]],
    ]
    for row in facts:
        ws.append(row)
    ws.append([])
    ws.append(["得分率区间（%）", "人数"])
    start = ws.max_row  # the header row (an empty append does not count in max_row)
    for band, n in zip(BANDS, s["histogram"], strict=True):
        ws.append([band, n])
    chart = BarChart()
    chart.title = "成绩分布"
    chart.y_axis.title = "人数"
    chart.x_axis.title = "得分率（%）"
    chart.add_data(Reference(ws, min_col=2, min_row=start, max_row=start + 10), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + 10))
    chart.legend = None
    ws.add_chart(chart, "D2")
    ws.append([])
    ws.append(["及格", s["passed"]])
    pie_row = ws.max_row
    ws.append(["不及格", s["judged"] - s["passed"]])
    pie = PieChart()
    pie.title = "及格率"
    pie.add_data(Reference(ws, min_col=2, min_row=pie_row, max_row=pie_row + 1))
    pie.set_categories(Reference(ws, min_col=1, min_row=pie_row, max_row=pie_row + 1))
    pie.dataLabels = DataLabelList()
    pie.dataLabels.showCatName = pie.dataLabels.showPercent = True
    ws.add_chart(pie, "D20")
    ws.column_dimensions["A"].width = 18
    wb.save(path)


def histogram_svg(histogram: list[int], pass_share: float | None) -> str:
    """Bars of trainees per 10 % band of the score, the pass mark as a dashed line."""
    w, h, left, bottom, top = 560, 240, 36, 40, 16
    step = (w - left - 10) / 10
    peak = max(histogram) or 1
    parts = [
        f'<svg class="zf-hist" viewBox="0 0 {w} {h}" width="100%" role="img" '
        f'aria-label="成绩分布：{"，".join(f"{b}% {n} 人" for b, n in zip(BANDS, histogram, strict=True))}">',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="#555"/>',
    ]
    for k, n in enumerate(histogram):
        bh = (h - bottom - top) * n / peak
        x = left + k * step
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{h - bottom - bh:.1f}" width="{step - 6:.1f}" height="{bh:.1f}" fill="#2b6cb0"/>'
        )
        if n:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{h - bottom - bh - 3:.1f}" text-anchor="middle">{n}</text>')
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{h - bottom + 14}" text-anchor="middle" font-size="11">{BANDS[k]}</text>'
        )
    parts.append(f'<text x="{w / 2}" y="{h - 6}" text-anchor="middle" font-size="12">得分率（%）</text>')
    parts.append(f'<text x="4" y="{top}" font-size="12">人数</text>')
    if pass_share is not None:
        x = left + pass_share * 10 * step
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{h - bottom}" stroke="#c53030" stroke-dasharray="5 4"/>'
            f'<text x="{x + 4:.1f}" y="{top + 10}" fill="#c53030" font-size="12">及格线</text>'
        )
    return "".join(parts) + "</svg>"


def pass_svg(passed: int, judged: int) -> str:
    """The pass rate as one bar split into 及格 and 不及格."""
    if not judged:
        return "<p>没有考试蓝图的及格分，无法判断及格。</p>"
    w, share = 560, passed / judged
    label = f"及格 {passed} 人，不及格 {judged - passed} 人，及格率 {share * 100:.0f}%"
    return (
        f'<svg class="zf-pass" viewBox="0 0 {w} 56" width="100%" role="img" aria-label="{label}">'
        f'<rect x="0" y="8" width="{w * share:.1f}" height="28" fill="#2f855a"/>'
        f'<rect x="{w * share:.1f}" y="8" width="{w * (1 - share):.1f}" height="28" fill="#c53030"/>'
        f'<text x="6" y="52" font-size="13">{label}</text></svg>'
    )


def _without_file(head: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """The printed gradebook leaves out the file column (the CSV and .xlsx keep it; checks name the file)."""
    return head[:-1], [r[:-1] for r in rows]


def _reliability(r: dict) -> str:
    if r["trainees"] < analysis.MIN_SITTING:
        return f"人数不足 {analysis.MIN_SITTING}，不计算"
    if r["kr20"] is None:
        return "总分没有差异，无法计算"
    low = "（偏低：各题测的不是同一种能力，或题目太少）" if r["kr20"] < analysis.LOW_RELIABILITY else ""
    return f"{r['kr20']:.2f}{low}"


def _table(head: list[str], rows: list[list], cls: str = "") -> str:
    e = html.escape
    out = [f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>")
    return "".join(out) + "</tbody></table>"


def page(report: dict, skipped: list[str], site_prefix: str) -> str:
    e = html.escape
    s = report["summary"]
    pass_share = s["pass_mark"] / s["full"] if s["pass_mark"] and s["full"] else None
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>成绩册与试题分析</title><style>',
        "body{font-family:'Noto Sans CJK SC',sans-serif;max-width:72em;margin:1.5em auto;padding:0 1em;line-height:1.5}"
        "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em;font-size:.92em}"
        "td,th{border:1px solid #ccc;padding:.25em .45em;text-align:left;vertical-align:top}"
        "th{background:#f2f4f7}.wide{overflow-x:auto}table.facts{width:auto;min-width:24em}"
        ".zf-hist,.zf-pass{display:block;max-width:640px;height:auto}td.n{text-align:right}"
        "table.gradebook td,table.gradebook th,table.questions td:first-child,table.options td:first-child"
        "{white-space:nowrap}"
        ".zf-hist text,.zf-pass text{font-family:inherit}.flag{color:#c53030}"
        "@media print{@page{size:A4 landscape;margin:12mm}body{max-width:none;margin:0}.wide{overflow:visible}"
        "h2{break-before:page}h2:first-of-type{break-before:auto}tr{break-inside:avoid}"
        "table.gradebook th{white-space:normal}}</style></head><body>",
        "<h1>成绩册与试题分析</h1>",
        "<p>每份成绩都按学员的原始作答、对照其当时看到的试题版本重新评分，不采用文件中记载的分数。"
        "站点是静态的，答案随试题发到浏览器，成绩文件也可以伪造：本报告只能发现能核对的问题（见“需核实”和“未计入”），"
        "正式考试请在监考下进行。</p>",
        "<h2>班级汇总</h2>",
        _table(
            ["项目", "数值"],
            [
                ["有效成绩", f"{s['count']} 份（其中纸质答卷 {s['printed']} 份）"],
                ["平均分 / 中位数", f"{s['mean']:.1f} / {s['median']:g}"],
                ["最高分 / 最低分", f"{s['max']:g} / {s['min']:g}"],
                ["及格分", f"{s['pass_mark']} / {s['full']}" if s["pass_mark"] is not None else "—"],
                ["需核实", f"{s['to_check']} 份"],
                ["未计入", f"{len(skipped)} 份（个）"],
            ],
            "facts",
        ),
        "<h3>成绩分布</h3>",
        histogram_svg(s["histogram"], pass_share),
        "<h3>及格率</h3>",
        pass_svg(s["passed"], s["judged"]),
        "<h2>成绩册</h2>",
        '<div class="wide">',
        _table(*_without_file(*gradebook_table(report)), "gradebook"),
        "</div>",
    ]
    checks = checks_table(report, skipped)
    if checks[1]:
        parts += [
            "<h2>需核实与未计入</h2><p>“需核实”的成绩已按作答重新评分并列入成绩册，但不计入试题分析；"
            "“未计入”的文件或行无法评分，请按原因处理后重新运行。</p>",
            _table(*checks, "checks"),
        ]
    if report.get("changed"):
        parts.append(
            "<h2>作答后已修改的试题</h2><p>以下试题在学员作答后有修改，成绩按学员当时看到的版本评定：</p><p>"
            + "、".join(e(q) for q in report["changed"])
            + "</p>"
        )
    parts.append(
        f"<h2>试题分析</h2><p>按 {report['analysed']} 份无需核实的成绩计算。难度为答对的比例；区分度为该题得分与"
        "试卷其余部分得分率的点二列相关（及高低分组各 27% 的正确率之差）；"
        f"一道题少于 {analysis.MIN_ANSWERS} 人作答时不给出区分度和提示，"
        f"同一套试题少于 {analysis.MIN_SITTING} 人时不给出信度。"
        "选项按题库中的选项统计：打乱选项顺序后，每位学员看到的字母由其试卷映射回题库选项。</p>"
    )
    rel = report["reliability"]
    if rel:
        parts.append(
            _table(
                ["试卷", "人数", "题数", "信度（KR-20）"],
                [
                    [
                        "、".join(r["papers"][:6]) + ("……" if len(r["papers"]) > 6 else ""),
                        r["trainees"],
                        r["items"],
                        _reliability(r),
                    ]
                    for r in rel
                ],
            )
        )
    head, rows = questions_table(report)
    parts += ['<div class="wide">', _table(head[:-1], [r[:-1] for r in rows], "questions"), "</div>"]
    parts.append("<h3>选项分析</h3>")
    parts += ['<div class="wide">', _table(*options_table(report), "options"), "</div>"]
    parts.append("<h2>最常答错的十条条款</h2><ol>")
    for c in report["most_missed"]:
        parts.append(
            f'<li><a href="{e(site_prefix + c["url"])}">{e(c["label"])}</a> '
            f"正确率 {c['correct'] * 100:.0f}%（{c['answers']} 次作答）</li>"
        )
    parts.append("</ol><h2>各章正确率</h2>")
    parts.append(
        _table(
            ["章", "作答次数", "正确率"],
            [
                [c["chapter"], c["answers"], _pct(c["correct"])]
                for c in sorted(report["chapters"], key=lambda c: c["correct"])
            ],
        )
    )
    parts.append("</body></html>")
    return "\n".join(parts)
