"""The item statistics against values worked out by hand (the worked figures are in each test's comment)."""

from __future__ import annotations

import math

import pytest

from zhifa.bank import analysis


def test_point_biserial_by_hand():
    # x - mean = ±0.5, y - mean = 0.3 0.1 -0.1 -0.3: sxy = 0.4, sxx = 1, syy = 0.2 -> r = 0.4 / sqrt(0.2) = 2 / sqrt 5
    r = analysis.point_biserial([1, 1, 0, 0], [0.8, 0.6, 0.4, 0.2])
    assert r == pytest.approx(2 / math.sqrt(5))
    # reversed: the better trainees got it wrong
    assert analysis.point_biserial([0, 0, 1, 1], [0.8, 0.6, 0.4, 0.2]) == pytest.approx(-2 / math.sqrt(5))
    # everyone right, or everyone scoring the same on the rest: no correlation exists, none is printed
    assert analysis.point_biserial([1, 1, 1], [0.1, 0.5, 0.9]) is None
    assert analysis.point_biserial([1, 0, 1], [0.5, 0.5, 0.5]) is None
    assert analysis.point_biserial([1], [0.5]) is None


def test_upper_lower_27_percent_by_hand():
    # 4 trainees: round(4 * 0.27) = 1 in each group; the top (0.8) was right, the bottom (0.2) wrong: D = 1
    assert analysis.upper_lower([1, 1, 0, 0], [0.8, 0.6, 0.4, 0.2]) == 1
    # 10 trainees: 3 per group; upper (rest 1.0 .9 .8) right 2 of 3, lower (.3 .2 .1) right 1 of 3 -> D = 1/3
    right = [1, 0, 1, 0, 0, 0, 0, 1, 0, 0]
    rest = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
    assert analysis.upper_lower(right, rest) == pytest.approx(1 / 3)


def test_kr20_by_hand():
    # totals 3 2 1 0: variance 1.25; p = .75 .5 .25: sum pq = .625; KR-20 = 3/2 * (1 - .625 / 1.25) = 0.75
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert analysis.kr20(matrix) == pytest.approx(0.75)
    assert analysis.kr20([[1, 0], [1, 0]]) is None  # no variance in totals
    assert analysis.kr20([[1, 0, 1]]) is None  # one trainee


def test_flags_only_from_the_minimum_sample():
    n = analysis.MIN_ANSWERS
    assert analysis.flags(0.95, 0.5, n) == ["过易"]
    assert analysis.flags(0.10, 0.5, n) == ["过难"]
    assert analysis.flags(0.5, -0.1, n)[0].startswith("区分度为负")
    assert analysis.flags(0.5, 0.1, n) == ["区分度低"]
    assert analysis.flags(0.5, 0.5, n) == []
    assert analysis.flags(1.0, -0.9, n - 1) == []  # one trainee short: nothing said


def test_distractors_by_hand():
    rest = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]  # upper: 0 1 2, lower: 7 8 9
    chosen = [["B"], ["B"], ["C"], ["B"], ["A"], ["B"], ["A"], ["A"], ["A"], []]
    rows = {r["option"]: r for r in analysis.distractors(["A", "B", "C", "D"], ["B"], chosen, rest)}
    assert (rows["A"]["count"], rows["A"]["upper"], rows["A"]["lower"], rows["A"]["note"]) == (4, 0, 2, "")
    assert (rows["B"]["count"], rows["B"]["upper"], rows["B"]["lower"], rows["B"]["key"]) == (4, 2, 0, True)
    assert (rows["C"]["count"], rows["C"]["upper"], rows["C"]["lower"]) == (1, 1, 0)
    assert rows["C"]["note"].startswith("高分组选得比低分组多")
    assert rows["D"]["count"] == 0 and rows["D"]["note"].startswith("几乎无人选择")
    assert (rows[""]["count"], rows[""]["lower"]) == (1, 1)  # left blank
    # below the minimum sample: counts, but no judgement
    small = analysis.distractors(["A", "B"], ["A"], [["A"], ["B"]], [0.9, 0.1])
    assert all(r["note"] == "" for r in small)
