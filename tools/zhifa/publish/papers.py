"""A drawn paper's files for a sitting on paper: the paper, its 答题卡 and its key (A4 HTML; paper and key also
as separate .docx), the paper manifest and an entry template for typing in the answers.

The manifest ``试卷-<paper id>.json`` is what ``zhifa results`` reads with a filled template (agreed format):
``{"format": "zhifa-paper", "paper": "2026-A", "seed": N, "variant": "A" | null, "bankVersion": "...",
"blueprint": "<name>", "items": [{"id", "v", "order", "points"}, ...]}``; items have the shape of the site's
attempt files (``order`` = the bank's option letters in the order printed) and are listed in printed order,
so column k of the template is item k. The template (``录入-<paper id>.xlsx`` and ``.csv``) has the columns
``姓名, 单位, 试卷, 1, 2, …, N``; cell k holds the letters the trainee marked for question k as printed
(e.g. ``AC``; 判断 as 对/错)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from zhifa.bank import printout
from zhifa.bank.paper import Item
from zhifa.docx import paper as docx_paper

FORMAT = "zhifa-paper"


def names(paper_id: str) -> list[str]:
    return [
        f"试卷-{paper_id}.html",
        f"答题卡-{paper_id}.html",
        f"答案-{paper_id}.html",
        f"试卷-{paper_id}.docx",
        f"答案-{paper_id}.docx",
        f"试卷-{paper_id}.json",
        f"录入-{paper_id}.xlsx",
        f"录入-{paper_id}.csv",
    ]


def printed(bank: dict, items: list[Item]) -> list[Item]:
    """The items in the order the paper numbers them."""
    return [it for _, group in printout.sections(bank, items) for it, _ in group]


def manifest(bank: dict, items: list[Item], paper_id: str, seed: int, variant: str | None) -> dict:
    return {
        "format": FORMAT,
        "paper": paper_id,
        "seed": seed,
        "variant": variant,
        "bankVersion": bank["version"],
        "blueprint": bank["blueprint"]["name"],
        "items": [{"id": i.id, "v": i.v, "order": i.order, "points": i.points} for i in printed(bank, items)],
    }


def columns(count: int) -> list[str]:
    return ["姓名", "单位", "试卷", *(str(k) for k in range(1, count + 1))]


def write(out: Path, bank: dict, items: list[Item], paper_id: str, seed: int, variant: str | None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in names(paper_id)]
    html, sheet, key, docx, docx_key, record, xlsx, table = paths
    html.write_text(printout.html_paper(bank, items, paper_id), encoding="utf-8")
    sheet.write_text(printout.html_answer_sheet(bank, items, paper_id), encoding="utf-8")
    key.write_text(printout.html_key(bank, items, paper_id), encoding="utf-8")
    docx_paper.write_paper(docx, bank, items, paper_id)
    docx_paper.write_key(docx_key, bank, items, paper_id)
    record.write_text(
        json.dumps(manifest(bank, items, paper_id, seed, variant), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    header = columns(len(items))
    with table.open("w", encoding="utf-8-sig", newline="") as f:  # the BOM lets Excel read it as UTF-8
        csv.writer(f).writerow(header)
    _template(xlsx, header, paper_id)
    return paths


def _template(path: Path, header: list[str], paper_id: str) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "录入"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet["C1"].comment = Comment(f"每行填写试卷编号 {paper_id}（A/B 卷各用自己的录入表）", "zhifa")
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 12
    book.save(str(path))
