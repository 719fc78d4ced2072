"""Trainees' exported attempts, re-scored from their raw answers against the bank version each names
(never trusting a stored score), and an item analysis: per question attempts, % correct, discrimination
index and option choices; per clause and chapter % correct; the ten most-missed clauses."""

from __future__ import annotations

import csv
import hashlib
import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.bank import paper

FORMAT = "zhifa-attempt"


@dataclass
class Attempt:
    path: str
    name: str
    seed: int
    answers: dict[str, list[str]]
    score: float = 0
    total: float = 0
    right: dict[str, bool] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)  # question id -> the version the trainee answered
    questions: dict[str, dict] = field(default_factory=dict)  # that version, as scored


def read(folder: Path, banks: dict[str, dict], archive: list[dict] = ()) -> tuple[list[Attempt], list[str]]:
    """Valid attempts, and one line per file skipped (malformed, tampered, duplicate, unknown bank).

    An attempt whose bank version is given is checked against the paper its seed draws from that bank.
    An attempt from another build (a rebuild, a new release) is scored question by question against the
    version of each question the trainee saw, found in any given bank or release archive (``archive``):
    it stays scorable as long as its questions did not change, and is skipped, naming them, if they did."""
    attempts, skipped, seen = [], [], {}
    versions: dict[tuple[str, str], dict] = {}
    for bank in banks.values():
        versions.update({(q["id"], q.get("v", "")): q for q in bank["questions"]})
    for q in archive:
        versions.setdefault((q["id"], q["v"]), q)
    newest = max(banks.values(), key=lambda b: len(b["questions"])) if banks else {"questions": [], "blueprint": None}
    for path in sorted(Path(folder).glob("*.json")):
        rel = path.name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            skipped.append(f"{rel}: 不是有效的 JSON（{type(exc).__name__}），已跳过")
            continue
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            skipped.append(f"{rel}: 不是本站导出的成绩文件，已跳过")
            continue
        seed, version, answers = data.get("seed"), data.get("bankVersion"), data.get("answers")
        if (
            not isinstance(seed, int)
            or not isinstance(answers, dict)
            or not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in answers.values())
        ):
            skipped.append(f"{rel}: 缺少试卷编号或作答记录，或格式不对，已跳过")
            continue
        bank = banks.get(version)
        if bank is not None:
            items = [(it.id, it.points, versions.get((it.id, it.v))) for it in paper.draw(bank, seed)]
            recorded = _items(data)
            if recorded is not None and [(i, v) for i, v, _ in recorded] != [
                (it[0], it[2].get("v", "")) for it in items
            ]:
                skipped.append(f"{rel}: 记录的试题与试卷 {seed} 不一致，文件可能被改动，已跳过")
                continue
        else:
            recorded = _items(data)
            if recorded is None:
                skipped.append(
                    f"{rel}: 题库版本 {version} 不在提供的题库中，文件也没有记录所答试题的版本"
                    "（用 --bank 加上该版本的 zhifa-bank.json），已跳过"
                )
                continue
            gone = [i for i, v, _ in recorded if (i, v) not in versions]
            if gone:
                skipped.append(
                    f"{rel}: 学员作答后，{len(gone)} 道试题已修改且没有存档（{'、'.join(gone[:5])}），"
                    "无法按学员所见评分（用 --bank 加上当时的 zhifa-bank.json），已跳过"
                )
                continue
            bp = newest.get("blueprint") or {}
            if bp.get("total") is not None and sum(p for _, _, p in recorded) != bp["total"]:
                skipped.append(f"{rel}: 记录的分值合计与考试蓝图的满分 {bp['total']} 不符，文件可能被改动，已跳过")
                continue
            items = [(i, p, versions[(i, v)]) for i, v, p in recorded]
        ids = {i for i, _, _ in items}
        if set(answers) - ids:
            skipped.append(f"{rel}: 作答中有 {len(set(answers) - ids)} 道题不属于试卷 {seed}，文件可能被改动，已跳过")
            continue
        digest = hashlib.sha256(
            json.dumps([seed, version, answers, data.get("submittedAt")], sort_keys=True, ensure_ascii=False).encode(
                "utf-8"
            )
        ).hexdigest()
        if digest in seen:
            skipped.append(f"{rel}: 与 {seen[digest]} 重复，已跳过")
            continue
        seen[digest] = rel
        a = Attempt(rel, str(data.get("name") or rel), seed, answers)
        for qid, points, q in items:
            ok = sorted(answers.get(qid, [])) == sorted(q["answer"])
            a.right[qid] = ok
            a.seen[qid] = q.get("v", "")
            a.questions[qid] = q
            a.total += points
            a.score += points if ok else 0
        attempts.append(a)
    return attempts, skipped


def _items(data: dict) -> list[tuple[str, str, float]] | None:
    """(id, version, points) of each item an attempt file records (format version 2), or None."""
    items = data.get("items")
    if not isinstance(items, list) or not items:
        return None
    out = []
    for it in items:
        if not (
            isinstance(it, dict)
            and isinstance(it.get("id"), str)
            and isinstance(it.get("v"), str)
            and isinstance(it.get("points"), (int, float))
            and not isinstance(it.get("points"), bool)
            and it["points"] > 0
        ):
            return None
        out.append((it["id"], it["v"], it["points"]))
    return out


def changed_since(attempts: list[Attempt], bank: dict) -> list[str]:
    """Questions whose current version differs from the one some trainee answered (or that are gone)."""
    now = {q["id"]: q.get("v", "") for q in bank["questions"]}
    return sorted({qid for a in attempts for qid, v in a.seen.items() if now.get(qid) != v})


def analyse(attempts: list[Attempt], bank: dict) -> dict:
    by_id = {q["id"]: q for q in bank["questions"]}
    for a in attempts:  # a question no longer in this bank is described as the trainee saw it
        for qid, q in a.questions.items():
            by_id.setdefault(qid, {"clauses": [], "docs": [], **q})
    ranked = sorted(attempts, key=lambda a: a.score, reverse=True)
    n = max(1, round(len(ranked) * 0.27))
    upper, lower = ranked[:n], ranked[-n:]
    rows = []
    for qid in sorted({q for a in attempts for q in a.right}):
        took = [a for a in attempts if qid in a.right]
        p = sum(a.right[qid] for a in took) / len(took)

        def share(group):
            g = [a for a in group if qid in a.right]
            return sum(a.right[qid] for a in g) / len(g) if g else 0.0

        choices = Counter("".join(sorted(a.answers.get(qid, []))) or "（未答）" for a in took)
        q = by_id[qid]
        rows.append(
            {
                "id": qid,
                "type": q["type"],
                "stem": q["stem"],
                "attempts": len(took),
                "correct": p,
                "discrimination": share(upper) - share(lower),
                "answer": "".join(q["answer"]),
                "choices": dict(choices),
                "clauses": q["clauses"],
            }
        )
    per_clause: dict[str, list[bool]] = defaultdict(list)
    clause_info = {}
    for a in attempts:
        for qid, ok in a.right.items():
            for c in by_id[qid]["clauses"]:
                per_clause[c["id"]].append(ok)
                clause_info[c["id"]] = c
    chapter_of = {c["doc"]: c["standard"] + c["label"] for c in bank["chapters"]}
    per_chapter: dict[str, list[bool]] = defaultdict(list)
    for a in attempts:
        for qid, ok in a.right.items():
            per_chapter[chapter_of.get(by_id[qid]["docs"][0], "其他")].append(ok)
    clauses = sorted(
        (
            {
                "id": cid,
                "label": clause_info[cid]["t"],
                "url": clause_info[cid]["u"],
                "answers": len(v),
                "correct": sum(v) / len(v),
            }
            for cid, v in per_clause.items()
        ),
        key=lambda c: (c["correct"], -c["answers"]),
    )
    chapters = [{"chapter": k, "answers": len(v), "correct": sum(v) / len(v)} for k, v in per_chapter.items()]
    return {
        "attempts": len(attempts),
        "changed": changed_since(attempts, bank),
        "questions": rows,
        "clauses": clauses,
        "chapters": chapters,
        "most_missed": clauses[:10],
        "mean": sum(a.score for a in attempts) / len(attempts) if attempts else 0,
    }


def write(out: Path, report: dict, skipped: list[str], site_prefix: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "questions.csv").open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["试题ID", "题型", "作答人数", "正确率", "区分度", "正确答案", "选项分布", "考查条款"])
        for r in report["questions"]:
            w.writerow(
                [
                    r["id"],
                    r["type"],
                    r["attempts"],
                    f"{r['correct']:.2f}",
                    f"{r['discrimination']:.2f}",
                    r["answer"],
                    "；".join(f"{k}:{v}" for k, v in sorted(r["choices"].items())),
                    "、".join(c["t"] for c in r["clauses"]),
                ]
            )
    with (out / "clauses.csv").open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["条款ID", "条款", "作答次数", "正确率"])
        for c in report["clauses"]:
            w.writerow([c["id"], c["label"], c["answers"], f"{c['correct']:.2f}"])
    e = html.escape

    def bar(value: float) -> str:
        width = max(0, min(100, value * 100))
        return (
            f'<svg width="120" height="12" role="img" aria-label="{width:.0f}%">'
            '<rect width="120" height="12" fill="#eee"/>'
            f'<rect width="{width * 1.2:.1f}" height="12" fill="#2a6"/></svg> {width:.0f}%'
        )

    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>试题分析</title><style>',
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
        "table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}</style></head><body>",
        f"<h1>试题分析</h1><p>有效成绩文件 {report['attempts']} 份，平均分 {report['mean']:.1f}。</p>",
    ]
    if report.get("changed"):
        parts.append(
            "<h2>作答后已修改的试题</h2><p>以下试题在学员作答后有修改，成绩按学员当时看到的版本评定：</p><p>"
            + "、".join(e(q) for q in report["changed"])
            + "</p>"
        )
    if skipped:
        parts.append("<h2>已跳过的文件</h2><ul>" + "".join(f"<li>{e(s)}</li>" for s in skipped) + "</ul>")
    parts.append("<h2>最常答错的十条条款</h2><ol>")
    for c in report["most_missed"]:
        parts.append(
            f'<li><a href="{e(site_prefix + c["url"])}">{e(c["label"])}</a> '
            f"{bar(c['correct'])}（{c['answers']} 次作答）</li>"
        )
    parts.append("</ol><h2>各章正确率</h2><table><tr><th>章</th><th>作答次数</th><th>正确率</th></tr>")
    for c in sorted(report["chapters"], key=lambda c: c["correct"]):
        parts.append(f"<tr><td>{e(c['chapter'])}</td><td>{c['answers']}</td><td>{bar(c['correct'])}</td></tr>")
    parts.append(
        "</table><h2>逐题分析</h2><table><tr><th>试题</th><th>人数</th><th>正确率</th><th>区分度</th><th>选项分布（正确答案）</th></tr>"
    )
    for r in sorted(report["questions"], key=lambda r: r["correct"]):
        parts.append(
            f"<tr><td>{e(r['id'])} {e(r['stem'][:40])}</td><td>{r['attempts']}</td><td>{bar(r['correct'])}</td>"
            f"<td>{r['discrimination']:.2f}</td><td>{e('，'.join(f'{k}:{v}' for k, v in sorted(r['choices'].items())))}"
            f"（{e(r['answer'])}）</td></tr>"
        )
    parts.append("</table></body></html>")
    (out / "index.html").write_text("\n".join(parts), encoding="utf-8")
