"""The practice centre and the mock exam: the build publishes the question bank and the pages that mount
the browser apps.

zhifa-bank.json is the whole bank (blueprint, chapters, procedures, questions) for `zhifa exam` and
`zhifa results`. The browser never loads it: its size grows with the bank. The pages load
zhifa-bank-index.json (per question only what drawing a paper or choosing a 专项练习 needs) and then the
bodies of just the questions shown, from zhifa-bank/<chapter>-<k>.json (a chapter's questions in parts of
PART_SIZE)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from zhifa.bank import blueprint
from zhifa.sphinx import uses
from zhifa.sphinx.collector import facts
from zhifa.sphinx.practice import bank
from zhifa.sphinx.state import env_state, role

BANK_FILE = "zhifa-bank.json"
INDEX_FILE = "zhifa-bank-index.json"
PARTS_DIR = "zhifa-bank"
NO_CHAPTER = "x"  # part of the questions that test no clause on a chapter page
# Questions per body part. A paper draws ~80 questions from all over the bank, so it fetches up to ~80
# parts: small parts keep that near the paper's own size; a chapter's practice walks its parts in order.
PART_SIZE = 16


class _Mount(SphinxDirective):
    app_name = ""
    message = ""

    def run(self):
        html = (
            f'<div class="zf-app" data-zf-{self.app_name} data-bank="{INDEX_FILE}"></div>\n'
            f"<noscript><p>{self.message}</p></noscript>\n"
        )
        return [nodes.raw("", html, format="html", classes=["zf-generated"])]  # ours, not content


class DrillDirective(_Mount):
    app_name = "drill"
    message = "练习需要启用 JavaScript。"


class ExamDirective(_Mount):
    app_name = "exam"
    message = "模拟考试需要启用 JavaScript。"


class ClassroomDirective(_Mount):
    app_name = "classroom"
    message = "课堂竞赛需要启用 JavaScript。"


def publish(app) -> dict:
    env = app.env
    record = uses.OUTPUT + "bank"  # what the published bank is made from (incremental.skip_unchanged)
    needs = uses.needs(app, record)
    docs = facts(env)
    questions = [q for q in bank(app, record) if q["reviewed"]]
    ids = {q["id"] for q in questions}
    chapters = []
    for doc, label in env_state(env).chapters.items():
        std = "/".join(doc.split("/")[:2]) + "/index"
        chapters.append(
            {
                "doc": doc,
                "label": label,
                "standard": docs.get(std, {}).get("title", ""),
                "url": app.builder.get_target_uri(doc),
            }
        )
    procedures, steps_of = [], {}
    for n in needs.of_type(role(env, "step")):  # steps get their procedure in numbers.fill_need_fields
        if n.get("procedure"):
            steps_of.setdefault(n["procedure"], []).append(n)
    tested = [(q["id"], {c["id"] for c in q["clauses"]}) for q in questions]
    for p in needs.of_type(role(env, "procedure")):
        steps = steps_of.get(p["id"], [])
        clauses = set(p.get("implements") or []) | {c for s in steps for c in (s.get("implements") or [])}
        procedures.append(
            {"id": p["id"], "title": p["title"], "questions": [qid for qid, cs in tested if cs & clauses]}
        )
    uses.used(app, record, "file", blueprint.BLUEPRINT_FILE)
    data, _ = blueprint.load(app.srcdir)
    return {
        "version": bank_version(data, questions),
        "blueprint": data,
        "chapters": chapters,
        "procedures": sorted(procedures, key=lambda p: p["title"]),
        "questions": questions,
        "count": len(ids),
    }


def bank_version(blueprint_data, questions: list[dict]) -> str:
    """What a paper drawn from a seed depends on: the blueprint and, in order, each question's own version,
    type and chapters. Moving or renumbering clauses within a chapter leaves it unchanged, so papers and
    attempt files stay valid across such rebuilds."""
    rated = any(
        "difficulty" in quota for s in (blueprint_data or {}).get("sections", []) for quota in s.get("quotas") or []
    )
    # a difficulty changes a paper only when quotas ask for difficulties (otherwise versions stay as they were)
    face = [
        blueprint_data,
        [(q["id"], q["v"], q["type"], q["docs"], *([q["difficulty"]] if rated else [])) for q in questions],
    ]
    return hashlib.sha256(json.dumps(face, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def split(bank: dict) -> tuple[dict, dict[str, dict]]:
    """The index and the body parts of a published bank. An index row is [id, type, reviewed (0/1),
    [doc numbers], option letters (a string "ABCD", or a list when they are words, as in 判断), the
    question's own version, its 难度 1-5 (0 if none)]; rows keep
    the bank's order, which drawing a paper depends on. A question's body lives in part "<c>-<k>": c is the
    number of its first doc (the chapter of its first tested clause), k its place among that chapter's
    questions divided by PART_SIZE; the browser derives the same name from the rows."""
    docs = sorted({d for q in bank["questions"] for d in q["docs"]})
    number = {d: k for k, d in enumerate(docs)}
    rows, parts, seen = [], {}, {}
    for q in bank["questions"]:
        letters = [o[0] for o in q["options"]]
        rows.append(
            [
                q["id"],
                q["type"],
                int(bool(q["reviewed"])),
                [number[d] for d in q["docs"]],
                "".join(letters) if all(len(x) == 1 for x in letters) else letters,
                q["v"],
                q.get("difficulty") or 0,
            ]
        )
        chapter = str(number[q["docs"][0]]) if q["docs"] else NO_CHAPTER
        seen[chapter] = seen.get(chapter, 0) + 1
        name = f"{chapter}-{(seen[chapter] - 1) // PART_SIZE}"
        parts.setdefault(name, {"version": bank["version"], "questions": []})["questions"].append(q)
    index = {key: bank[key] for key in ("version", "blueprint", "chapters", "procedures", "count")}
    index.update(docs=docs, parts=PARTS_DIR + "/", part_size=PART_SIZE, questions=rows)
    return index, parts


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write_if_changed(path: Path, text: str) -> None:
    # unchanged files keep their mtime, so a rebuild that changed nothing rewrites nothing here
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    bank = publish(app)
    index, parts = split(bank)
    out = Path(app.outdir)
    _write_if_changed(out / BANK_FILE, _dump(bank))
    _write_if_changed(out / INDEX_FILE, _dump(index))
    folder = out / PARTS_DIR
    folder.mkdir(exist_ok=True)
    for name, part in parts.items():
        _write_if_changed(folder / f"{name}.json", _dump(part))
    for stale in folder.glob("*.json"):  # parts of chapters that no longer have questions
        if stale.stem not in parts:
            stale.unlink()


def register(app) -> None:
    app.add_directive("drill", DrillDirective)
    app.add_directive("exam", ExamDirective)
    app.add_directive("classroom", ClassroomDirective)
