"""Display numbers (第X章, 第X条) derived from order; never stored in the content."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """Chinese numeral as used in legal texts: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + DIGITS[rest]
        tail = chinese(rest)
        return head + (("一" + tail) if rest < 20 else tail)
    return str(n)


def article(n: int) -> str:
    return f"第{chinese(n)}条"


def chapter(n: int) -> str:
    return f"第{chinese(n)}章"


def assign(chapters: list[list[tuple[str, bool]]]) -> tuple[dict[str, int], dict[int, int]]:
    """Number clauses continuously across a standard's chapters.

    ``chapters``: per chapter in toctree order, its clauses as (id, numbered) in document
    order; only clauses in force are numbered (条文序号作相应调整).
    Returns ({clause id: article number}, {chapter index: chapter number}).
    """
    articles: dict[str, int] = {}
    n = 0
    for clauses in chapters:
        for cid, numbered in clauses:
            if numbered:
                n += 1
                articles[cid] = n
    return articles, {i: i + 1 for i in range(len(chapters))}
