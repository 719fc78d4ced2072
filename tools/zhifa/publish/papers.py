"""A drawn paper's four files: the printable paper, its key (A4 HTML), both as one .docx, and the paper's
record (seed, bank version, each item's question version, option order and points) that anyone can check."""

from __future__ import annotations

import json
from pathlib import Path

from zhifa.bank import printout
from zhifa.bank.paper import Item
from zhifa.docx import paper as docx_paper


def names(seed: int) -> list[str]:
    return [f"paper-{seed}.html", f"paper-{seed}-key.html", f"paper-{seed}.docx", f"paper-{seed}.json"]


def write(out: Path, bank: dict, items: list[Item], seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    html, key, docx, record = (out / name for name in names(seed))
    html.write_text(printout.html_paper(bank, items, seed, with_key=False), encoding="utf-8")
    key.write_text(printout.html_paper(bank, items, seed, with_key=True), encoding="utf-8")
    docx_paper.write(docx, bank, items, seed)
    rows = [{"id": i.id, "v": i.v, "order": i.order, "points": i.points} for i in items]
    record.write_text(
        json.dumps({"seed": seed, "bank_version": bank["version"], "items": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return [html, key, docx, record]
