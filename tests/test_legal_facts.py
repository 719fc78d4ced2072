"""Content against the verified fact sheet (../shared/reference/penalty_law_facts.md): no pre-2021
figures, deadlines the law counts in working days said as such, citations that exist."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from zhifa.bank import quiz
from zhifa.model import repo

SOURCE = repo.load(ROOT)
BANK = quiz.flatten(quiz.load(ROOT)[0])
OBJECTS = SOURCE.by_id()
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


# 行政复议法 and 行政诉讼法: only the articles the fact sheet verifies are held, and only those may be cited.
HELD_ONLY = {"行政处罚法", "行政复议法", "行政诉讼法"}
LAW_NAMES = {
    "行政处罚法": ("中华人民共和国行政处罚法", 86),
    "行政强制法": ("中华人民共和国行政强制法", 71),
    "行政复议法": ("中华人民共和国行政复议法", None),
    "行政诉讼法": ("中华人民共和国行政诉讼法", None),
}
CITATION = re.compile(
    rf"《(?:中华人民共和国)?(行政处罚法|行政强制法|行政复议法|行政诉讼法)》((?:第[{CHINESE_NUM}0-9]+条(?:第[{CHINESE_NUM}]+款)?[、和及至]?)+)"
)


def _all_text():
    """Prose, template text and every field of every question: all that a trainee reads."""
    yield from _lines()
    for rel in sorted(
        p.relative_to(ROOT).as_posix()
        for d in ("templates", "cases", "glossary", "guide")
        for p in (ROOT / d).glob("*.md")
    ):
        for k, line in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1):
            yield rel, k, line
    for q in BANK:
        for key in ("stem", "material", "explanation"):
            if q.get(key):
                yield q.path, q.line_of(key), str(q.get(key))
        for letter, text in (q.get("options") or {}).items():
            yield q.path, q.line_of("options"), str(text)


def _citation_problems(lines):
    problems = []
    for path, line, text in lines:
        for m in CITATION.finditer(text):
            full, last = LAW_NAMES[m.group(1)]
            for num in re.findall(rf"第([{CHINESE_NUM}0-9]+)条", m.group(2)):
                n = _to_int(num)
                if last and not 1 <= n <= last:
                    problems.append(f"{path}:{line}: {m.group(0)}")
                elif m.group(1) in HELD_ONLY and (full, n) not in LAW_ARTICLES:
                    problems.append(f"{path}:{line}: {m.group(0)} 未收录")
    return problems


def test_cited_law_articles_exist():
    """Every 《行政处罚法》/《行政强制法》/《行政复议法》/《行政诉讼法》第N条 named anywhere is in range, and for the
    处罚法, 复议法 and 诉讼法 an article we hold (the 复议法 and 诉讼法 only as far as the fact sheet verifies them)."""
    problems = _citation_problems(_all_text())
    assert not problems, "\n".join(problems)


def test_citation_check_covers_the_remedy_laws():
    assert _citation_problems([("x", 1, "依照《行政复议法》第九条申请")]) == ["x:1: 《行政复议法》第九条 未收录"]
    assert _citation_problems([("x", 1, "《中华人民共和国行政诉讼法》第四十六条")]) == []
    assert _citation_problems([("x", 1, "《行政诉讼法》第四十五条、第九十九条")]) == [
        "x:1: 《行政诉讼法》第四十五条、第九十九条 未收录"
    ]
    assert _citation_problems([("x", 1, "《行政处罚法》第七十二条第二款")]) == []
    held = {(law, n) for law, n in LAW_ARTICLES if law.endswith(("行政复议法", "行政诉讼法"))}
    assert held == {("中华人民共和国行政复议法", n) for n in (20, 23, 24, 27)} | {
        ("中华人民共和国行政诉讼法", n) for n in (45, 46)
    }


def test_every_penalty_law_article_is_an_object():
    assert {n for law, n in LAW_ARTICLES if law == "中华人民共和国行政处罚法"} == set(range(1, 87))


def test_the_scanner_catches_old_figures():
    for bad in ("对公民处50元以下罚款", "处罚种类有七种", "应当在七日内作出处理决定", "60日内作出处罚决定"):
        assert any(re.search(p, bad) for p in WRONG), bad
    for good in ("十五日内缴纳罚款", "七个工作日内作出处理决定", "200元以下", "九十日内作出"):
        assert not any(re.search(p, good) for p in WRONG), good


# --- issue 15: remedies, 当场 decisions, art. 69, the 法定 audit ---------------------------------------------

QUOTED = re.compile(r"“[^”]*”")
ON_THE_SPOT = re.compile(r"当场作出|当场处罚|简易程序|当场行政处罚|当场罚款|当场对")
# offering 复议 and 诉讼 as alternatives: “可以…申请行政复议，也可以/或者…提起行政诉讼” (either order)
ALTERNATIVES = re.compile(
    r"可以[^。；]{0,40}复议[^。；]{0,12}(?:也可以|或者)[^。；]{0,30}(?:诉讼|起诉)"
    r"|可以[^。；]{0,40}(?:诉讼|起诉)[^。；]{0,12}(?:也可以|或者)[^。；]{0,30}复议"
)
OTHER_DECISIONS = re.compile(r"普通程序|其他决定|非当场")
ON_THE_SPOT_FILES = (
    "templates/dangchang-jueding.md",
    "procedures/jianyi.md",
    "standards/chufa/jianyi.md",
    "cases/dangchang.md",
    "cases/jiuji.md",
)


def _paragraphs(rel: str):
    text = (ROOT / rel).read_text(encoding="utf-8")
    line = 1
    for block in re.split(r"\n\s*\n", text):
        yield line, block
        line += block.count("\n") + 2


def test_the_alternatives_pattern_catches_the_old_wording():
    for bad in (
        "当事人对本决定不服的，可以在【申请行政复议的期限】内向【行政复议机关】申请行政复议，也可以在【提起行政诉讼的期限】内向【人民法院】提起行政诉讼。",
        "对决定不服的，可以依法申请行政复议或者提起行政诉讼。",
    ):
        assert ALTERNATIVES.search(bad), bad
    for good in (
        "应当先向【行政复议机关】申请行政复议，不能直接向人民法院提起行政诉讼；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向【人民法院】提起行政诉讼。",
        "申请行政复议或者提起行政诉讼期间，本决定不停止执行，法律另有规定的除外。",
    ):
        assert not ALTERNATIVES.search(good), good


def test_no_text_about_an_on_the_spot_decision_offers_review_or_suit_as_alternatives():
    """行政复议法 art. 23: a 当场 penalty decision goes to 复议 first. Quoted wrong wording (“…”) and a question's
    wrong options may show the mistake; nothing else about a 当场 decision may offer the two as a choice."""
    hits = []
    files = sorted(
        {
            p.relative_to(ROOT).as_posix()
            for d in ("standards", "procedures", "templates", "cases", "glossary")
            for p in (ROOT / d).rglob("*.md")
        }
    )
    for rel in files:
        for line, para in _paragraphs(rel):
            plain = QUOTED.sub("", para)
            if not (rel in ON_THE_SPOT_FILES or ON_THE_SPOT.search(plain)):
                continue
            for sentence in re.split(r"[。；]", plain):
                # a sentence contrasting the other decisions (普通程序、不予处罚) with 当场 ones may name their choice
                if ALTERNATIVES.search(sentence) and not OTHER_DECISIONS.search(sentence):
                    hits.append(f"{rel}:{line}: {sentence.strip()[:90]}")
    # what the officer says (规范用语, wholly in quotes) at a step of the 当场 procedure is checked as said
    for step in (o for o in SOURCE.objects if o.type == "step" and o.path == "procedures/jianyi.md"):
        for pid in filter(None, (p.strip() for p in (step.value("phrases") or "").split(","))):
            phrase = OBJECTS[pid]
            for sentence in re.split(r"[。；]", "".join(phrase.body)):
                if ALTERNATIVES.search(sentence):
                    hits.append(f"{phrase.path}:{phrase.line} {phrase.id}（{step.id} 使用）: {sentence.strip()[:80]}")
    for q in BANK:
        context = str(q.get("stem") or "") + str(q.parent.get("material") if q.parent else q.get("material") or "")
        if not ON_THE_SPOT.search(context):
            continue
        texts = [q.get("stem"), q.get("material"), q.get("explanation")]
        texts += [(q.get("options") or {}).get(k) for k in quiz.answer_letters(q)] if q.get("options") else []
        for text in filter(None, texts):
            if ALTERNATIVES.search(QUOTED.sub("", str(text))):
                hits.append(f"{q.path}:{q.line} {q.id}: {str(text)[:90]}")
    assert not hits, "\n".join(hits)


def _template(tid: str):
    obj = OBJECTS[tid]
    text = (ROOT / obj.path).read_text(encoding="utf-8")
    body = text.split("```{template-text}", 1)[1].split("```", 1)[0]
    import yaml

    fields = yaml.safe_load(text.split("```{template-fields}", 1)[1].split("\n", 1)[1].split("```", 1)[0])
    remedy = [p for p in body.split("\n") if "不服" in p]
    return remedy, {f["name"]: f for f in fields}


@pytest.mark.parametrize("tid", ["TPL-5FGCBG", "TPL-FNW7NP", "TPL-S3SDG2"])
def test_each_decision_template_states_the_remedy_periods_with_guidance(tid):
    remedy, fields = _template(tid)
    assert len(remedy) == 1, remedy
    para = remedy[0]
    assert "六十日" in para and "【行政复议机关】" in para and "【人民法院】" in para
    assert "十五日" in para and "收到行政复议决定书" in para
    if tid == "TPL-S3SDG2":  # 当场: 复议 first (行政复议法 art. 23), no six-month direct suit
        assert "先向【行政复议机关】申请行政复议" in para and "六个月" not in para
    else:
        assert "六个月" in para
    assert not re.search(r"【[^】]*期限】", para), "the periods are the law's, not blanks"
    review_body = fields["行政复议机关"]["format"]
    assert "不得留空" in review_body and "县人民政府" in review_body and "第二十四条" in review_body
    assert "不得留空" in fields["人民法院"]["format"]


def test_the_article_69_clause_and_every_text_on_remote_areas_carry_both_conditions():
    clause = OBJECTS["CL-HZRQ9J"]
    text = "".join(clause.body)
    assert "LAW-XZCF-069" in clause.value("basis")
    assert "确有困难" in text and "经当事人提出" in text
    hits = []
    for rel in sorted(
        p.relative_to(ROOT).as_posix()
        for d in ("standards", "procedures", "templates", "cases", "glossary")
        for p in (ROOT / d).rglob("*.md")
    ):
        for line, para in _paragraphs(rel):
            if "交通不便" in para and "当场" in para and "确有困难" not in para:
                hits.append(f"{rel}:{line}: {para.strip()[:80]}")
    for q in BANK:
        texts = (
            [q.get("explanation")] + [(q.get("options") or {}).get(k) for k in quiz.answer_letters(q)]
            if q.get("options")
            else [q.get("explanation")]
        )
        for text in filter(None, texts):
            if "交通不便" in str(text) and "确有困难" not in str(text):
                hits.append(f"{q.path}:{q.line} {q.id}: {str(text)[:80]}")
    assert not hits, "\n".join(hits)


AUDIT = ROOT / "guide" / "fading-audit.md"


def _audit_rows():
    text = AUDIT.read_text(encoding="utf-8")
    section = text.split("## 法定条款", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"CL-[0-9A-Z]{6}", cells[0]):
            rows[cells[0]] = cells
    return rows


def test_every_statutory_clause_has_an_audit_row_that_says_it_restates_the_law():
    """guide/fading-audit.md: one row per clause labelled 法定, verdict 复述法律; a new 法定 clause without a row,
    or a row for a clause no longer 法定, fails."""
    statutory = {o.id for o in SOURCE.objects if o.type == "clause" and o.value("source") == "法定"}
    rows = _audit_rows()
    assert statutory, "no 法定 clauses found"
    assert not statutory - set(rows), f"法定条款缺少审核行：{sorted(statutory - set(rows))}"
    assert not set(rows) - statutory, f"审核表中不是法定条款的行：{sorted(set(rows) - statutory)}"
    wrong = [cid for cid, cells in rows.items() if cells[3] != "复述法律"]
    assert not wrong, f"结论不是“复述法律”：{wrong}"
    for cid, cells in rows.items():
        for law in re.findall(r"LAW-[A-Z]+-[0-9]{3}", OBJECTS[cid].value("basis") or ""):
            assert law in cells[2], f"{cid} 的审核行没有列出依据 {law}"


def test_the_audit_page_is_published():
    index = (ROOT / "guide" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^fading-audit$", index, re.M)


def test_questions_keyed_only_on_model_clauses_say_so():
    """A question whose tested clauses are all 示范 asks what this standard requires (按照本规范…) or names the
    rule it applies (《…》); it never presents the county's own rule as the law."""
    source = {o.id: o.value("source") for o in SOURCE.objects if o.type == "clause"}
    silent = []
    for q in BANK:
        if q.qtype == "案例分析":
            continue
        tested = q.list_of("tests")
        if tested and all(source.get(c) == "示范" for c in tested):
            if not re.search(r"本规范|规范|指引|清单|《", str(q.get("stem") or "")):
                silent.append(f"{q.path}:{q.line} {q.id}: {str(q.get('stem'))[:60]}")
    assert not silent, "\n".join(silent)
