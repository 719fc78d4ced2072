"""Classical item statistics for a sitting, kept apart from reading files so each formula is tested on its own.

Definitions (what the report prints, and why):
- facility p: the share of the trainees who were given a question and answered it right (all-or-nothing).
- discrimination: the corrected point-biserial correlation r between a question (1 right / 0 wrong) and the
  trainee's score on the *rest* of the paper as a share of the rest's points (so the question does not
  correlate with itself, and papers of different length compare); also the upper/lower 27 % index
  D = p(upper 27 %) - p(lower 27 %), ranked by the same rest score.
- KR-20 reliability, per group of trainees who sat the same questions (a paper and its A/B variants):
  k/(k-1) * (1 - sum(p*q) / variance of the number right), population variance.
- distractors: how many chose each of the bank's options (a trainee's shown letters mapped back), overall and
  in the upper and lower 27 %.

No figure is given where the sample is too small to mean anything: discrimination, flags and distractor
judgements need MIN_ANSWERS trainees on a question, KR-20 needs MIN_SITTING trainees on the same questions.
Below that the report says how many there were instead of printing a number.
"""

from __future__ import annotations

import math
from statistics import pvariance

MIN_ANSWERS = 10  # trainees on one question before its discrimination and flags are shown
MIN_SITTING = 10  # trainees on the same questions before KR-20 is shown
GROUP = 0.27  # upper and lower groups (Kelley)
TOO_EASY, TOO_HARD = 0.90, 0.30  # facility above / below which a question is flagged
LOW_DISCRIMINATION = 0.20  # point-biserial below which a question separates trainees poorly
LOW_RELIABILITY = 0.70  # KR-20 below which a paper's total is a weak measure (a common classroom bar)
DEAD_DISTRACTOR = 0.05  # a wrong option chosen by fewer than this share does no work


def facility(right: list[int]) -> float | None:
    return sum(right) / len(right) if right else None


def point_biserial(right: list[int], rest: list[float]) -> float | None:
    """Pearson correlation of 0/1 with the rest score; None if either does not vary (no correlation exists)."""
    n = len(right)
    if n < 2 or len(rest) != n:
        return None
    mx, my = sum(right) / n, sum(rest) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(right, rest, strict=True))
    sxx = sum((x - mx) ** 2 for x in right)
    syy = sum((y - my) ** 2 for y in rest)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def groups(rest: list[float], share: float = GROUP) -> tuple[list[int], list[int]]:
    """Indexes of the upper and lower ``share`` by rest score (at least one each; ties keep input order)."""
    n = max(1, round(len(rest) * share))
    ranked = sorted(range(len(rest)), key=lambda i: -rest[i])
    return ranked[:n], ranked[-n:]


def upper_lower(right: list[int], rest: list[float], share: float = GROUP) -> float | None:
    if len(right) < 2:
        return None
    upper, lower = groups(rest, share)
    return sum(right[i] for i in upper) / len(upper) - sum(right[i] for i in lower) / len(lower)


def kr20(matrix: list[list[int]]) -> float | None:
    """Rows are trainees, columns the same questions (1 right, 0 wrong). None if it cannot be computed."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    totals = [sum(row) for row in matrix]
    var = pvariance(totals)
    if var == 0:
        return None
    pq = 0.0
    for j in range(k):
        p = sum(row[j] for row in matrix) / len(matrix)
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / var)


def flags(p: float | None, r: float | None, n: int) -> list[str]:
    """The report's warnings for one question; none below the minimum sample."""
    if n < MIN_ANSWERS or p is None:
        return []
    out = []
    if r is not None and r < 0:
        out.append("区分度为负（高分学员反而更易答错，请检查答案和题干）")
    elif r is not None and r < LOW_DISCRIMINATION:
        out.append("区分度低")
    if p > TOO_EASY:
        out.append("过易")
    if p < TOO_HARD:
        out.append("过难")
    return out


def distractors(options: list[str], key: list[str], chosen: list[list[str]], rest: list[float]) -> list[dict]:
    """Per bank option: how many chose it (all, upper 27 %, lower 27 %) and a judgement for wrong options once
    the sample allows. ``chosen`` holds each trainee's options in bank letters (mapped back from the paper)."""
    n = len(chosen)
    upper, lower = groups(rest) if n >= 2 else ([], [])
    rows = []
    for letter in options:
        picks = [letter in c for c in chosen]
        row = {
            "option": letter,
            "key": letter in key,
            "count": sum(picks),
            "upper": sum(picks[i] for i in upper),
            "lower": sum(picks[i] for i in lower),
            "note": "",
        }
        if n >= MIN_ANSWERS and not row["key"]:
            if row["count"] / n < DEAD_DISTRACTOR:
                row["note"] = "几乎无人选择（干扰作用弱）"
            elif row["upper"] > row["lower"]:
                row["note"] = "高分组选得比低分组多（检查是否也可算对）"
        rows.append(row)
    rows.append(
        {
            "option": "",
            "key": False,
            "count": sum(not c for c in chosen),
            "upper": sum(not chosen[i] for i in upper),
            "lower": sum(not chosen[i] for i in lower),
            "note": "",
        }
    )
    return rows
