"""Content against the verified fact sheet (../shared/reference/penalty_law_facts.md): no pre-2021
figures, deadlines the law counts in working days said as such, citations that exist."""

from __future__ import annotations

import re

import pytest

from zhifa import repo

from conftest import ROOT

SOURCE = repo.load(ROOT)
LAW_ARTICLES = {(o.value("law"), int(o.value("article"))) for o in SOURCE.objects if o.type == "law"}

# Figures that public question banks and old texts get wrong (fact sheet 附三 and exam_conventions).
WRONG = {
    r"(?<![0-9])50元|五十元": "旧法当场处罚标准（现为200元/3000元）",
    r"(?<![0-9])1000元|一千元": "旧法当场处罚标准（现为3000元）",
    r"(?<![0-9])20元|二十元": "旧法当场收缴标准（现为100元）",
    r"七种|七类行政处罚|七项行政处罚": "旧法处罚种类数（现为六项）",
    r"7月1日起施行|七月一日起施行": "施行日期（应为2021年7月15日）",
    r"(?:60|六十)日内作出": "办案期限（应为九十日）",
    r"共(?:64|六十四)条": "旧法条文总数（现为八十六条）",
    # 二日/三日/五日/七日 of the 行政处罚法 are working days: write 七个工作日
    r"(?<![十个0-9])[二三五七两]日(?:内|前|后|以内)": "行政处罚法中的二日、三日、五日、七日为工作日，请写作“X个工作日”",
}
CHINESE_NUM = "〇零一二三四五六七八九十百"


def _lines():
    for doc in SOURCE.docs.values():
        if doc.path.startswith(("standards/", "laws/", "procedures/", "quizzes/", "templates/")):
            for p in doc.prose:
                yield doc.path, p.line, p.text


def _to_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits[ch]
    return total + current


@pytest.mark.parametrize("pattern", sorted(WRONG))
def test_no_pre_2021_or_contradicting_figures(pattern):
    hits = [f"{path}:{line}: {text.strip()[:80]}" for path, line, text in _lines() if re.search(pattern, text)]
    assert not hits, WRONG[pattern] + "\n" + "\n".join(hits)


def test_cited_law_articles_exist():
    """Every 《行政处罚法》第N条 / 《行政强制法》第N条 named in the text is an article we hold and N is in range."""
    names = {"行政处罚法": ("中华人民共和国行政处罚法", 86), "行政强制法": ("中华人民共和国行政强制法", 71)}
    problems = []
    for path, line, text in _lines():
        for m in re.finditer(rf"《(?:中华人民共和国)?(行政处罚法|行政强制法)》((?:第[{CHINESE_NUM}0-9]+条[、和及至]?)+)", text):
            full, last = names[m.group(1)]
            for num in re.findall(rf"第([{CHINESE_NUM}0-9]+)条", m.group(2)):
                n = _to_int(num)
                if not 1 <= n <= last:
                    problems.append(f"{path}:{line}: {m.group(0)}")
                elif m.group(1) == "行政处罚法" and (full, n) not in LAW_ARTICLES:
                    problems.append(f"{path}:{line}: {m.group(0)} 未收录")
    assert not problems, "\n".join(problems)


def test_every_penalty_law_article_is_an_object():
    assert {n for law, n in LAW_ARTICLES if law == "中华人民共和国行政处罚法"} == set(range(1, 87))


def test_the_scanner_catches_old_figures():
    for bad in ("对公民处50元以下罚款", "处罚种类有七种", "应当在七日内作出处理决定", "60日内作出处罚决定"):
        assert any(re.search(p, bad) for p in WRONG), bad
    for good in ("十五日内缴纳罚款", "七个工作日内作出处理决定", "200元以下", "九十日内作出"):
        assert not any(re.search(p, good) for p in WRONG), good
