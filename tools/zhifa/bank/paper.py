"""Reproducible exam papers: blueprint + seed + bank version determine the paper, question order and
option order included. The PRNG (mulberry32) and the draw are the same as static/zhifa-exam.js, checked
against shared test vectors, so a seed gives the same paper in the site and from `zhifa exam`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from zhifa.bank.blueprint import in_scope

MASK = 0xFFFFFFFF


def prng(seed: int):
    """mulberry32, bit for bit as in JavaScript."""
    state = seed & MASK

    def next_value() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & MASK
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return next_value


def shuffle(items: list, rnd) -> list:
    a = list(items)
    for i in range(len(a) - 1, 0, -1):
        j = int(rnd() * (i + 1))
        a[i], a[j] = a[j], a[i]
    return a


@dataclass
class Item:
    id: str
    type: str
    points: float
    order: list[str]  # option letters in the order shown
    v: str = ""  # the version of the question drawn (core.bank.version)


def draw(bank: dict, seed: int) -> list[Item]:
    bp, rnd, items, used = bank["blueprint"], prng(seed), [], set()
    for section in bp["sections"]:
        pool = shuffle([q for q in bank["questions"] if in_scope(section, q) and q["id"] not in used], rnd)
        for q in pool[: section["count"]]:
            used.add(q["id"])
            letters = [o[0] for o in q["options"]]
            order = shuffle(letters, rnd) if bp.get("shuffle") and q["type"] != "判断" else letters
            items.append(Item(q["id"], q["type"], section["points"], order, q.get("v", "")))
    return items


def load_bank(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def shown_answer(q: dict, item: Item) -> str:
    """The key as the paper shows it: letters after shuffling (判断 as 正确/错误)."""
    if q["type"] == "判断":
        return "".join(q["answer"])
    return "".join(chr(65 + k) for k, letter in enumerate(item.order) if letter in q["answer"])
