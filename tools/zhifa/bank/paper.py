"""Reproducible exam papers: blueprint + seed + bank version determine the paper, question order and
option order included. The PRNG (mulberry32) and the draw are the same as static/zhifa-exam.js, checked
against shared test vectors, so a seed gives the same paper in the site and from `zhifa exam`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zhifa.bank.blueprint import in_scope, matches

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
    section: int = 0  # the blueprint section it was drawn for (A/B papers reorder within a section)


def draw(bank: dict, seed: int) -> list[Item]:
    bp, rnd, items, used = bank["blueprint"], prng(seed), [], set()
    for k, section in enumerate(bp["sections"]):
        picked = []
        for quota in section.get("quotas") or []:  # quotas first, in the order written
            pool = [q for q in bank["questions"] if in_scope(section, q) and matches(quota, q) and q["id"] not in used]
            for q in shuffle(pool, rnd)[: quota["count"]]:
                used.add(q["id"])
                picked.append(q)
        pool = shuffle([q for q in bank["questions"] if in_scope(section, q) and q["id"] not in used], rnd)
        picked += pool[: section["count"] - len(picked)]
        if section.get("quotas") and bp.get("shuffle"):
            picked = shuffle(picked, rnd)  # quota questions not all at the start of the part
        for q in picked:
            used.add(q["id"])
            letters = [o[0] for o in q["options"]]
            order = shuffle(letters, rnd) if bp.get("shuffle") and q["type"] != "判断" else letters
            items.append(Item(q["id"], q["type"], section["points"], order, q.get("v", ""), k))
    return items


VARIANTS = "ABCDEF"


def variant(items: list[Item], seed: int, name: str) -> list[Item]:
    """Paper ``name`` of an A/B set drawn from one seed: the same questions and points; A is the seed's paper
    as drawn (the site's), every other variant orders the questions within each section and each question's
    options differently (never the same order as A where two or more can move)."""
    k = VARIANTS.index(name)
    if k == 0:
        return list(items)
    rnd = prng((seed + 0x9E3779B9 * k) & MASK)  # a stream of its own per variant, fixed by the seed
    out: list[Item] = []
    for section in sorted({it.section for it in items}):
        group = [it for it in items if it.section == section]
        moved = _differ(shuffle(group, rnd), group)
        for it in moved:
            order = it.order if it.type == "判断" else _differ(shuffle(it.order, rnd), it.order)
            out.append(Item(it.id, it.type, it.points, order, it.v, it.section))
    return out


def _differ(shuffled: list, original: list) -> list:
    """A shuffle that came out as the original order, turned by one so the two papers differ."""
    return shuffled[1:] + shuffled[:1] if shuffled == original and len(original) > 1 else shuffled


class BankError(Exception):
    """A published bank that is not what the build writes (hand-edited, truncated, another file)."""


def load_bank(path: Path) -> dict:
    """A published bank (zhifa-bank.json or a release archive), validated: raises BankError naming the file,
    the line where it can be told and what is wrong, never a traceback later on."""
    from zhifa.model import jsonfile

    try:
        bank = jsonfile.load(path)
    except jsonfile.JsonFileError as exc:
        raise BankError(f"{path}:{exc.line}: 题库文件无法读取：{exc.message}") from exc
    if not isinstance(bank, dict) or not isinstance(bank.get("questions"), list):
        raise BankError(f"{path}:1: 不是已发布的题库（应有 \"questions\": [...]）")
    for k, q in enumerate(bank["questions"], 1):
        what = _bad_question(q)
        if what:
            line = jsonfile.key_line(path, str(q.get("id"))) if isinstance(q, dict) and q.get("id") else 1
            raise BankError(f"{path}:{line}: 题库中第 {k} 道试题{what}")
    bp = bank.get("blueprint")
    if bp is not None and not (
        isinstance(bp, dict)
        and isinstance(bp.get("sections"), list)
        and all(
            isinstance(s, dict)
            and isinstance(s.get("count"), int)
            and isinstance(s.get("points"), int | float)
            and all(isinstance(q, dict) and isinstance(q.get("count"), int) for q in s.get("quotas") or [])
            for s in bp["sections"]
        )
    ):
        raise BankError(
            f"{path}:{jsonfile.key_line(path, 'blueprint')}: "
            "题库中的考试蓝图不完整（各部分应有 count 和 points，配额应有 count）"
        )
    return bank


def _bad_question(q) -> str | None:
    if not isinstance(q, dict):
        return "不是 JSON 对象"
    for key, kind in (("id", str), ("type", str), ("stem", str), ("answer", str | list)):
        if not isinstance(q.get(key), kind):
            return f"缺少 {key} 或类型不对"
    if not isinstance(q.get("clauses", []), list):
        return "的 clauses 不是列表"
    options = q.get("options", [])
    if not isinstance(options, list) or not all(
        isinstance(o, list | tuple) and len(o) == 2 and all(isinstance(x, str) for x in o) for o in options
    ):
        return "的 options 不是 [字母, 选项] 的列表"
    if not all(isinstance(c, dict) and isinstance(c.get("id"), str) for c in q.get("clauses", [])):
        return "的 clauses 不完整"
    if "v" in q and not isinstance(q["v"], str):
        return "的版本 v 不是文字"
    return None


def shown_answer(q: dict, item: Item) -> str:
    """The key as the paper shows it: letters after shuffling (判断 as 正确/错误)."""
    if q["type"] == "判断":
        return "".join(q["answer"])
    return "".join(chr(65 + k) for k, letter in enumerate(item.order) if letter in q["answer"])
