"""A sitting's results: trainees' exported attempt files and paper sittings typed into entry templates, each
re-scored from its raw answers against the version of each question the trainee saw (never trusting a stored
score), checked for what a static site can check, and summarised as a gradebook and an item analysis.

What is read:
- site attempts: ``{"format": "zhifa-attempt", "version": 2, "name", "unit", "seed", "bankVersion",
  "startedAt", "submittedAt" (ms), "answers": {question id: [bank letters]}, "score" (as the page showed it),
  "items": [{"id", "v", "order", "points"}]}`` where ``order`` is the bank's option letters in the order shown;
- paper manifests written by ``zhifa exam``: ``试卷-<paper id>.json`` = ``{"format": "zhifa-paper", "paper":
  "<id>", "seed", "variant": "A"|null, "bankVersion", "blueprint", "items": [same shape]}``;
- entry templates (``.csv`` or ``.xlsx``) for those papers: a header row ``姓名, 单位, 试卷, 1, 2, …, N`` and one
  row per trainee, cell k holding the letters marked on the printed paper for item k (``AC``; 判断 as 对/错,
  正确/错误 or the printed letter). Printed letters are mapped back to the bank's through the item's order.

A file or row that cannot be scored is listed with the reason and left out; one bad file never stops the rest.
A scorable attempt with something implausible (a claimed score that differs, a duration shorter than a floor
per question or longer than the exam allows, an end before its start) is kept with its recomputed score and
listed for the trainer to check; it is left out of the item analysis so a forged file does not skew it.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from zhifa.bank import analysis, paper, rules

FORMAT = "zhifa-attempt"
PAPER_FORMAT = "zhifa-paper"
SITE, PRINTED = "站点", "纸质"
SECONDS_PER_ITEM = 3  # no one reads and answers a question faster: a shorter attempt is listed
GRACE_MS = 2 * 60_000  # over the exam's duration (clock skew, the last save): a longer attempt is listed
MAX_SEED = 2**32  # the exam page's seeds are 32-bit (mulberry32)
# what a browser or a file manager appends to a second copy of a download: "(1)", "（2）", " - 副本", " - Copy"
COPY = re.compile(r"(\s*[(（]\d+[)）]|\s*-\s*副本(\s*[(（]\d+[)）])?|\s*-\s*Copy(\s*\(\d+\))?|\s+copy(\s+\d+)?)$", re.I)
TRUE_MARKS = {"对", "√", "✓", "正确", "T", "TRUE", "Y"}
FALSE_MARKS = {"错", "×", "✗", "X", "错误", "F", "FALSE", "N"}


@dataclass
class Shown:
    """One item of a paper as the trainee saw it: the question version, its points and its option order."""

    id: str
    points: float
    q: dict
    order: list[str]


@dataclass
class Attempt:
    path: str  # the file (and the row, for a paper sitting)
    name: str
    unit: str
    source: str  # SITE or PRINTED
    paper: str  # the paper's number as printed (seed, or the paper id of a printed sitting)
    key: str  # the attempt's identity: the same exam exported twice has the same key
    answers: dict[str, list[str]]  # bank letters
    items: list[Shown]
    started: int | None = None  # ms
    submitted: int | None = None
    claimed: float | None = None
    notes: list[str] = field(default_factory=list)  # what the trainer should check
    score: float = 0
    total: float = 0
    right: dict[str, bool] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)  # question id -> the version the trainee answered
    questions: dict[str, dict] = field(default_factory=dict)  # that version, as scored

    @property
    def seed(self) -> str:
        return self.paper

    @property
    def used_ms(self) -> int | None:
        if self.started is None or self.submitted is None:
            return None
        return self.submitted - self.started


class Versions:
    """Every question version known (given banks and release archives) and the banks by version."""

    def __init__(self, banks: dict[str, dict], archive=()):
        self.banks = banks
        self.by_version: dict[tuple[str, str], dict] = {}
        for bank in banks.values():
            self.by_version.update({(q["id"], q.get("v", "")): q for q in bank["questions"]})
        for q in archive:
            self.by_version.setdefault((q["id"], q["v"]), q)
        self.newest = max(banks.values(), key=lambda b: len(b["questions"])) if banks else {"questions": []}

    def blueprint(self, version=None) -> dict:
        bank = self.banks.get(version) if isinstance(version, str) else None
        return (bank or self.newest).get("blueprint") or {}


def _number(value) -> bool:
    """A JSON number, finite (Python's json reads NaN and Infinity too)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _recorded(data: dict, versions: Versions) -> tuple[list[Shown] | None, str]:
    """The items a file records, looked up by version; (None, why) if they are malformed or unknown."""
    items = data.get("items")
    if not isinstance(items, list) or not items:
        return None, "没有记录所答试题"
    out, gone = [], []
    for it in items:
        if not (
            isinstance(it, dict)
            and isinstance(it.get("id"), str)
            and isinstance(it.get("v"), str)
            and _number(it.get("points"))
            and it["points"] > 0
            and isinstance(it.get("order", []), list)
            and all(isinstance(x, str) for x in it.get("order", []))
        ):
            return None, "记录的试题格式不对（每题应有 id、v、order、points）"
        q = versions.by_version.get((it["id"], it["v"]))
        if q is None:
            gone.append(it["id"])
            continue
        letters = [o[0] for o in q["options"]]
        order = it.get("order") or letters
        if sorted(order) != sorted(letters):
            return None, f"试题 {it['id']} 记录的选项顺序与该题的选项不符，文件可能被改动"
        out.append(Shown(it["id"], it["points"], q, order))
    if gone:
        return None, (
            f"学员作答后，{len(gone)} 道试题已修改或删除且没有存档（{'、'.join(gone[:5])}），无法按学员所见评分"
            "（用 --bank 加上当时的 zhifa-bank.json）"
        )
    if len({s.id for s in out}) != len(out):
        return None, "记录的试题有重复，文件可能被改动"
    return out, ""


def _site_attempt(rel: str, data, versions: Versions) -> Attempt | str:
    """An attempt from the exam page's export, or why it cannot be scored."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "不是本站导出的成绩文件"
    seed, version, answers = data.get("seed"), data.get("bankVersion"), data.get("answers")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < MAX_SEED:
        shown = json.dumps(seed, ensure_ascii=False)[:40]
        return f"试卷编号 {shown} 不是有效的编号（0 至 {MAX_SEED - 1} 的整数），文件可能被改动"
    if version is not None and not isinstance(version, str):
        return "题库版本（bankVersion）不是文字，文件可能被改动"
    if not isinstance(answers, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in answers.values()
    ):
        return "作答记录（answers）缺失或格式不对"
    bank = versions.banks.get(version) if version else None
    recorded, why = _recorded(data, versions)
    if recorded is None and data.get("items") is not None:  # recorded, but not as the page writes it
        return why
    if bank is not None and bank.get("blueprint"):
        try:
            drawn = paper.draw(bank, seed)
        except (KeyError, TypeError, IndexError):  # a hand-edited bank whose blueprint cannot be drawn
            return f"题库 {version} 的考试蓝图不完整，无法按试卷编号 {seed} 核对试题（请用站点生成的 zhifa-bank.json）"
        if recorded is not None and [(s.id, s.q.get("v", "")) for s in recorded] != [(d.id, d.v) for d in drawn]:
            return f"记录的试题与试卷 {seed} 不一致，文件可能被改动"
        by_id = {q["id"]: q for q in bank["questions"]}
        items = [Shown(d.id, d.points, by_id[d.id], d.order) for d in drawn]
    elif recorded is None:
        if data.get("items") is None and version is not None:
            return (
                f"题库版本 {version} 不在提供的题库中，文件也没有记录所答试题的版本"
                "（用 --bank 加上该版本的 zhifa-bank.json）"
            )
        return why
    else:
        items = recorded
        total = versions.blueprint().get("total")
        if total is not None and sum(s.points for s in items) != total:
            return f"记录的分值合计与考试蓝图的满分 {total} 不符，文件可能被改动"
    ids = {s.id: s for s in items}
    foreign = set(answers) - set(ids)
    if foreign:
        return f"作答中有 {len(foreign)} 道题不属于试卷 {seed}，文件可能被改动"
    for qid, chosen in answers.items():
        letters = [o[0] for o in ids[qid].q["options"]]
        if any(x not in letters for x in chosen):
            return f"试题 {qid} 的作答“{'、'.join(chosen)[:20]}”不是该题的选项，文件可能被改动"
    started, submitted = data.get("startedAt"), data.get("submittedAt")
    a = Attempt(
        rel,
        _text(data.get("name")) or Path(rel).stem,
        _text(data.get("unit")),
        SITE,
        str(seed),
        f"{seed}:{started}" if _number(started) else f"{seed}:{json.dumps(answers, sort_keys=True)}",
        answers,
        items,
        int(started) if _number(started) else None,
        int(submitted) if _number(submitted) else None,
        data["score"] if _number(data.get("score")) else None,
    )
    _check_time(a, versions.blueprint(version))
    return a


def _text(value) -> str:
    return str(value).strip()[:100] if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def _check_time(a: Attempt, bp: dict) -> None:
    if a.started is None or a.submitted is None:
        a.notes.append("没有记录开始或交卷时间，用时无法核实")
        return
    used = a.submitted - a.started
    if used < 0:
        a.notes.append("交卷时间早于开始时间")
    elif used < SECONDS_PER_ITEM * 1000 * len(a.items):
        a.notes.append(f"用时 {_duration(used)}，短于每题 {SECONDS_PER_ITEM} 秒的下限（{len(a.items)} 题）")
    elif _number(bp.get("duration")) and used > bp["duration"] * 60_000 + GRACE_MS:
        a.notes.append(f"用时 {_duration(used)}，超过考试时长 {bp['duration']} 分钟")


def _duration(ms: int) -> str:
    s = round(ms / 1000)
    if s < 60:
        return f"{max(ms, 0) / 1000:g} 秒" if ms < 1000 else f"{s} 秒"
    if s < 3600:
        return f"{s // 60} 分 {s % 60} 秒"
    return f"{s // 3600} 小时 {s % 3600 // 60} 分"


def duration(ms: int | None) -> str:
    """Time used as the gradebook prints it."""
    return "—" if ms is None else _duration(ms)


def _manifest(rel: str, data: dict, versions: Versions) -> tuple[str, dict] | str:
    paper_id = data.get("paper")
    if not isinstance(paper_id, str) or not paper_id.strip():
        return "试卷清单缺少试卷编号（paper）"
    recorded, why = _recorded(data, versions)
    if recorded is None:
        return why
    return paper_id.strip(), {"file": rel, "items": recorded, "variant": data.get("variant"), "data": data}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(path: Path) -> list[list[str]] | str:
    """The template's rows as text, or why it cannot be read."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                return [[_cell(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
            finally:
                wb.close()
        except Exception as exc:  # a broken or foreign file: openpyxl raises many kinds
            return f"无法作为 .xlsx 读取（{type(exc).__name__}）"
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK unless told otherwise
        try:
            text = path.read_text(encoding=encoding)
            return [[_cell(v) for v in row] for row in csv.reader(text.splitlines())]
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            return f"CSV 格式有误（{exc}）"
        except OSError as exc:
            return f"无法读取（{exc.strerror}）"
    return "不是 UTF-8 或 GBK 编码的 CSV"


def _marks(cell: str, item: Shown) -> list[str] | None:
    """A cell's marks as the bank's letters (None if they are not this item's options)."""
    text = re.sub(r"[\s,，、;；/]+", "", cell).upper()
    if not text:
        return []
    if item.q["type"] == "判断":
        for marks, meaning in ((TRUE_MARKS, rules.TRUE), (FALSE_MARKS, rules.FALSE)):
            if text in marks:
                return [meaning]
    printed = [chr(65 + k) for k in range(len(item.order))]
    if any(ch not in printed for ch in text):
        return None
    return sorted({item.order[printed.index(ch)] for ch in text})


def _hint(item: Shown) -> str:
    printed = "、".join(chr(65 + k) for k in range(len(item.order)))
    return f"{printed}，或 对/错" if item.q["type"] == "判断" else printed


def _template(rel: str, rows: list[list[str]], manifests: dict[str, dict]) -> tuple[list[Attempt], list[str]]:
    """Each trainee row of an entry template as an attempt; one message per bad row (file, row, what)."""
    head = next((k for k, r in enumerate(rows) if r and r[0] == "姓名"), None)
    if head is None or rows[head][1:3] != ["单位", "试卷"]:
        return [], [f"{rel}: 不是试卷录入模板（第一列应为“姓名, 单位, 试卷, 1, 2, …”的表头），已跳过"]
    numbers = [c for c in rows[head][3:] if c]
    # a row without a paper number belongs to the template's own paper (录入-<paper id>.xlsx from zhifa exam)
    stem = Path(rel).stem
    own = stem[3:] if stem.startswith("录入-") and stem[3:] in manifests else ""
    attempts, problems = [], []
    for k, row in enumerate(rows[head + 1 :], head + 2):
        row = row + [""] * (3 + len(numbers) - len(row))
        if not any(row):
            continue
        name, unit, paper_id = row[0], row[1], row[2] or own
        where = f"{rel}: 第 {k} 行" + (f"（{name}）" if name else "")
        if not name:
            problems.append(f"{where}: 没有填写姓名，此行已跳过")
            continue
        if not paper_id:
            problems.append(f"{where}: 没有填写试卷编号（如 2026-A），此行已跳过")
            continue
        if paper_id not in manifests:
            problems.append(
                f"{where}: 试卷“{paper_id}”没有对应的试卷清单 试卷-{paper_id}.json"
                "（用 --papers 指定 zhifa exam 写出试卷的文件夹），此行已跳过"
            )
            continue
        items = manifests[paper_id]["items"]
        if len(numbers) < len(items):
            problems.append(
                f"{where}: 表头只有 {len(numbers)} 道题的列，试卷 {paper_id} 有 {len(items)} 题，此行已跳过"
            )
            continue
        answers, bad = {}, []
        for n, item in enumerate(items):
            marks = _marks(row[3 + n], item)
            if marks is None:
                bad.append(f"第 {n + 1} 题填写“{row[3 + n][:10]}”不是该题的选项（可填 {_hint(item)}）")
            elif marks:
                answers[item.id] = marks
        extra = [n + 1 for n in range(len(items), len(row) - 3) if row[3 + n]]
        if extra:
            bad.append(f"第 {'、'.join(map(str, extra[:5]))} 题超出试卷 {paper_id} 的题数 {len(items)}")
        if bad:
            problems.append(f"{where}: {'；'.join(bad)}。改正后重新运行，此行已跳过")
            continue
        attempts.append(
            Attempt(
                f"{rel} 第 {k} 行",
                name[:100],
                unit[:100],
                PRINTED,
                paper_id,
                f"纸质:{paper_id}:{name}:{unit}",
                answers,
                items,
            )
        )
    return attempts, problems


def read(folder: Path, banks: dict[str, dict], archive=(), papers: list[Path] = ()) -> tuple[list[Attempt], list[str]]:
    """Scored attempts (site files and paper-sitting rows), and one line per file or row left out.

    ``folder`` holds the trainees' files; paper manifests and filled entry templates may be there too or in
    ``papers`` folders. Files are read in name order, a browser's second copy ("… (1).json") after its original,
    so of two files for one attempt (same paper and start time) the original is kept and the copy listed."""
    versions = Versions(banks, archive)
    skipped: list[str] = []
    manifests: dict[str, dict] = {}
    candidates: list[Attempt] = []
    folders = [Path(folder), *[Path(p) for p in papers]]
    files = sorted(
        {p.resolve(): p for f in folders for p in f.glob("*") if p.is_file()}.values(),
        key=lambda p: (bool(COPY.search(p.stem)), p.name),
    )
    loaded = []
    for path in files:
        rel = path.name
        if path.suffix.lower() != ".json":
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            skipped.append(f"{rel}: 不是有效的 JSON（{type(exc).__name__}），已跳过")
            continue
        except OSError as exc:
            skipped.append(f"{rel}: 无法读取（{exc.strerror}），已跳过")
            continue
        if isinstance(data, dict) and data.get("format") == PAPER_FORMAT:
            found = _manifest(rel, data, versions)
            if isinstance(found, str):
                skipped.append(f"{rel}: 试卷清单无法使用：{found}，已跳过")
            elif found[0] in manifests and manifests[found[0]]["file"] != rel:
                skipped.append(f"{rel}: 与 {manifests[found[0]]['file']} 是同一试卷 {found[0]} 的清单，已跳过")
            else:
                manifests.setdefault(found[0], found[1])
            continue
        loaded.append((rel, data))
    for rel, data in loaded:
        got = _site_attempt(rel, data, versions)
        if isinstance(got, str):
            skipped.append(f"{rel}: {got}，已跳过")
        else:
            candidates.append(got)
    for path in files:
        if path.suffix.lower() not in (".csv", ".xlsx"):
            continue
        rows = _rows(path)
        if isinstance(rows, str):
            skipped.append(f"{path.name}: {rows}，已跳过")
            continue
        got, problems = _template(path.name, rows, manifests)
        candidates += got
        skipped += problems
    attempts, first = [], {}
    for a in candidates:
        original = first.get(a.key)
        if original is not None:
            differs = "，但作答不同（文件可能被改动）" if original.answers != a.answers else ""
            skipped.append(f"{a.path}: 与 {original.path} 重复（同一次考试{differs}），保留 {original.path}，已跳过")
            continue
        first[a.key] = a
        if not any(a.answers.values()):
            skipped.append(f"{a.path}: 没有任何作答（空白卷），未计入")
            continue
        _score(a)
        if a.claimed is not None and a.claimed != a.score:
            a.notes.insert(0, f"成绩与作答不符：文件记载 {a.claimed:g} 分，按作答重新评分为 {a.score:g} 分")
        attempts.append(a)
    return attempts, skipped


def _score(a: Attempt) -> None:
    for s in a.items:
        ok = rules.right(s.q["answer"], a.answers.get(s.id, []))
        a.right[s.id] = ok
        a.seen[s.id] = s.q.get("v", "")
        a.questions[s.id] = s.q
        a.total += s.points
        a.score += s.points if ok else 0


def changed_since(attempts: list[Attempt], bank: dict) -> list[str]:
    """Questions whose current version differs from the one some trainee answered (or that are gone)."""
    now = {q["id"]: q.get("v", "") for q in bank["questions"]}
    return sorted({qid for a in attempts for qid, v in a.seen.items() if now.get(qid) != v})


def passed(a: Attempt, bp: dict) -> bool | None:
    """Pass mark of the blueprint, in proportion when a paper's total differs from the blueprint's."""
    if not (_number(bp.get("pass")) and _number(bp.get("total")) and bp["total"]):
        return None
    return a.score * bp["total"] >= bp["pass"] * a.total


def analyse(attempts: list[Attempt], bank: dict) -> dict:
    """The gradebook, the class summary and the item analysis (of the attempts with nothing to check)."""
    bp = bank.get("blueprint") or {}
    by_id = {q["id"]: q for q in bank["questions"]}
    for a in attempts:  # a question no longer in this bank is described as the trainee saw it
        for qid, q in a.questions.items():
            by_id.setdefault(qid, {"clauses": [], "docs": [], **q})
    chapter_of = {c["doc"]: c["standard"] + c["label"] for c in bank.get("chapters", [])}
    chapter_order = [c["standard"] + c["label"] for c in bank.get("chapters", [])]

    def chapter(qid: str) -> str:
        docs = by_id[qid].get("docs") or [""]
        return chapter_of.get(docs[0], "其他")

    types = list(dict.fromkeys([s.get("type") for s in bp.get("sections", []) if isinstance(s.get("type"), str)]))
    grade_rows = []
    for a in attempts:
        by_type: dict[str, list[float]] = defaultdict(lambda: [0, 0])
        by_chapter: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for s in a.items:
            by_type[s.q["type"]][0] += s.points if a.right[s.id] else 0
            by_type[s.q["type"]][1] += s.points
            by_chapter[chapter(s.id)][0] += a.right[s.id]
            by_chapter[chapter(s.id)][1] += 1
        for t in by_type:
            if t not in types:
                types.append(t)
        grade_rows.append(
            {
                "attempt": a,
                "passed": passed(a, bp),
                "by_type": dict(by_type),
                "by_chapter": dict(by_chapter),
                "used": a.used_ms,
            }
        )
    chapters_seen = {c for r in grade_rows for c in r["by_chapter"]}
    chapter_cols = [c for c in chapter_order if c in chapters_seen] + sorted(chapters_seen - set(chapter_order))
    shares = [a.score / a.total for a in attempts if a.total]
    histogram = [0] * 10  # 0–9 %, 10–19 %, …, 90–100 %
    for s in shares:
        histogram[min(9, int(s * 100 + 1e-9) // 10)] += 1
    verdicts = [r["passed"] for r in grade_rows if r["passed"] is not None]
    summary = {
        "count": len(attempts),
        "mean": sum(a.score for a in attempts) / len(attempts) if attempts else 0,
        "median": median([a.score for a in attempts]) if attempts else 0,
        "max": max((a.score for a in attempts), default=0),
        "min": min((a.score for a in attempts), default=0),
        "passed": sum(verdicts),
        "judged": len(verdicts),
        "pass_mark": bp.get("pass"),
        "full": bp.get("total"),
        "histogram": histogram,
        "to_check": sum(bool(a.notes) for a in attempts),
        "printed": sum(a.source == PRINTED for a in attempts),
    }
    clean = [a for a in attempts if not a.notes]
    return {
        "attempts": len(attempts),
        "analysed": len(clean),
        "mean": summary["mean"],
        "summary": summary,
        "gradebook": grade_rows,
        "types": types,
        "chapter_columns": chapter_cols,
        "changed": changed_since(attempts, bank),
        **_items(clean, by_id, chapter),
    }


def _rest(a: Attempt, s: Shown) -> float:
    """The attempt's score on the rest of its paper, as a share of the rest's points."""
    rest_total = a.total - s.points
    return (a.score - (s.points if a.right[s.id] else 0)) / rest_total if rest_total else 0.0


def _items(attempts: list[Attempt], by_id: dict, chapter) -> dict:
    rows = []
    took: dict[str, list[tuple[Attempt, Shown]]] = defaultdict(list)
    for a in attempts:
        for s in a.items:
            took[s.id].append((a, s))
    for qid in sorted(took):
        pairs = took[qid]
        q = by_id[qid]
        right = [int(a.right[qid]) for a, _ in pairs]
        rest = [_rest(a, s) for a, s in pairs]
        n = len(pairs)
        p = analysis.facility(right)
        r = analysis.point_biserial(right, rest) if n >= analysis.MIN_ANSWERS else None
        d = analysis.upper_lower(right, rest) if n >= analysis.MIN_ANSWERS else None
        letters = [o[0] for o in q["options"]]
        options = dict(map(tuple, q["options"]))
        dist = analysis.distractors(letters, q["answer"], [a.answers.get(qid, []) for a, _ in pairs], rest)
        for row in dist:
            row["text"] = options.get(row["option"], "（未答）") if row["option"] else "（未答）"
            # the letters this option carried on the papers given out (they differ when options are shuffled)
            row["shown"] = sorted(
                {chr(65 + s.order.index(row["option"])) for _, s in pairs if row["option"] in s.order}
            )
        printed: dict[str, set[str]] = defaultdict(set)  # the key as each paper printed it
        for a, s in pairs:
            printed[paper.shown_answer(s.q, s)].add(a.paper)
        rows.append(
            {
                "id": qid,
                "type": q["type"],
                "printed_answer": next(iter(printed))
                if len(printed) == 1
                else "；".join(
                    f"{'、'.join(sorted(p))[:40]}：{k}"
                    for k, p in sorted(printed.items(), key=lambda kp: sorted(kp[1]))
                ),
                "stem": q["stem"],
                "chapter": chapter(qid),
                "attempts": n,
                "correct": p,
                "point_biserial": r,
                "discrimination": d,
                "flags": analysis.flags(p, r, n),
                "answer": q["answer"],
                "answer_text": "；".join(options.get(x, x) for x in q["answer"]) if q["type"] != "判断" else "",
                "distractors": dist,
                "clauses": q.get("clauses", []),
            }
        )
    # KR-20 per group of trainees given the same questions (a paper, and its A/B variants)
    sittings: dict[tuple[str, ...], list[Attempt]] = defaultdict(list)
    for a in attempts:
        sittings[tuple(sorted(s.id for s in a.items))].append(a)
    reliability = []
    for ids, group in sorted(sittings.items(), key=lambda kv: -len(kv[1])):
        value = (
            analysis.kr20([[int(a.right[i]) for i in ids] for a in group])
            if len(group) >= analysis.MIN_SITTING
            else None
        )
        reliability.append(
            {"papers": sorted({a.paper for a in group}), "trainees": len(group), "items": len(ids), "kr20": value}
        )
    per_clause: dict[str, list[bool]] = defaultdict(list)
    clause_info = {}
    per_chapter: dict[str, list[bool]] = defaultdict(list)
    for a in attempts:
        for qid, ok in a.right.items():
            for c in by_id[qid].get("clauses", []):
                per_clause[c["id"]].append(ok)
                clause_info[c["id"]] = c
            per_chapter[chapter(qid)].append(ok)
    clauses = sorted(
        (
            {
                "id": cid,
                "label": clause_info[cid].get("t", cid),
                "url": clause_info[cid].get("u", ""),
                "answers": len(v),
                "correct": sum(v) / len(v),
            }
            for cid, v in per_clause.items()
        ),
        key=lambda c: (c["correct"], -c["answers"]),
    )
    return {
        "questions": rows,
        "reliability": reliability,
        "clauses": clauses,
        "chapters": [{"chapter": k, "answers": len(v), "correct": sum(v) / len(v)} for k, v in per_chapter.items()],
        "most_missed": clauses[:10],
    }
