"""本章练习: every chapter page ends with the reviewed questions that test its clauses (derived from
the questions' links, never listed by hand), answered in the page by static/zhifa-practice.js."""

from __future__ import annotations

import json
import re

from docutils import nodes

from zhifa.bank import rules
from zhifa.model import status
from zhifa.model.myst import ROLE
from zhifa.sphinx import uses
from zhifa.sphinx.collector import facts
from zhifa.sphinx.render import display
from zhifa.sphinx.state import build_date, env_state, role, run_state


def segments(app, text: str, needs, numbers, here: str | None) -> list[dict]:
    """Text with {clause}/{law}/{need} references turned into linked pieces (URLs from the site root)."""
    out, pos = [], 0
    for m in ROLE.finditer(text):
        out.append({"t": text[pos : m.start()]})
        need = needs.get(m.group("target").strip())
        if need is None:
            out.append({"t": m.group("target")})
        else:
            out.append(
                {"t": display(need, numbers, here), "u": app.builder.get_target_uri(need["docname"]) + "#" + need["id"]}
            )
        pos = m.end()
    out.append({"t": text[pos:]})
    return [s for s in out if s["t"]]


def bank(app, docname: str | None = None) -> list[dict]:
    """Every question with its explanation resolved, in reading order (each made once per build); ``docname``:
    the page or output that shows all of them (recorded as using what each was made from)."""
    entries = [_entry(app, q) for q in _questions(app)]
    if docname is not None:
        uses.used(app, docname, "type", role(app.env, "question"))  # a question added or removed
        for q in entries:
            uses.record(app, docname, run_state(app).bank_uses[q["id"]])
    return entries


def _questions(app) -> list[dict]:
    """The questions' records (not a 案例分析 set itself), in reading order (once per build)."""
    if run_state(app).questions is None:
        from zhifa.sphinx.search_index import _reading_order

        docs = facts(app.env)
        order = _reading_order(app.env)
        run_state(app).questions = [
            q
            for doc in sorted(docs, key=lambda d: order.get(d, 10**6))
            for q in docs[doc].get("questions", [])
            if not q["set"]
        ]
    return run_state(app).questions


def _testing(app, clauses: set[str]) -> list[dict]:
    """The questions (in reading order) that test any of ``clauses``, through an index of the questions by
    the clauses they test, made once per build (each chapter page asks; thousands of questions)."""
    state = run_state(app)
    if state.questions_by_clause is None:
        state.questions_by_clause = {}
        for k, q in enumerate(_questions(app)):
            for cid in q["tests"]:
                state.questions_by_clause.setdefault(cid, []).append(k)
    found = sorted({k for cid in clauses for k in state.questions_by_clause.get(cid, ())})
    return [_questions(app)[k] for k in found]


def _entry(app, q: dict) -> dict:
    """One question as the bank, the practice sections and coverage show it (made once per build)."""
    made = run_state(app).bank
    if q["id"] in made:
        return made[q["id"]]
    numbers = env_state(app.env).numbers
    on = build_date(app)
    needs, used = uses.recorder(app)  # what this question's entry is made from
    used.add(("object", q["id"]))
    run_state(app).bank_uses[q["id"]] = used

    def state_of(cid):
        return status.of(needs[cid], on) if cid in needs else None

    tests = [needs[c] for c in q["tests"] if c in needs]
    made[q["id"]] = {
        "id": q["id"],
        "type": q["type"],
        "stem": q["stem"],
        "options": q["options"],
        "answer": q["answer"],
        "material": q["material"],
        "v": q["v"],
        "difficulty": q.get("difficulty"),
        "reviewed": rules.publishable(q, state_of),  # "may be drawn" (the index's flag)
        "retired": bool(q.get("retired")),
        "explanation": segments(app, q["explanation"], needs, numbers, None),
        "clauses": [
            {
                "id": c["id"],
                "t": f"{display(c, numbers)} {c['title']}",
                "u": app.builder.get_target_uri(c["docname"]) + "#" + c["id"],
            }
            for c in tests
        ],
        "docs": sorted({c["docname"] for c in tests}),
    }
    return made[q["id"]]


@uses.fact("practice")
def _candidates(app, snap, docname: str) -> list:
    """The questions that test a clause on the page: those its 本章练习 may list."""
    if "practice" not in snap.cache:  # every page's list at once
        by_doc: dict[str, list] = {}
        for info in snap.docs.values():
            for q in info.get("questions", []):
                for doc in sorted({snap.doc.get(c) for c in q["tests"]} - {None}):
                    by_doc.setdefault(doc, []).append((q["id"], snap.object.get(q["id"])))
        snap.cache["practice"] = by_doc
    return snap.cache["practice"].get(docname, [])


def append(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: add 本章练习 to chapter pages that have reviewed questions."""
    if app.builder.format != "html" or docname not in env_state(app.env).chapters:
        return
    uses.used(app, docname, "practice", docname)
    tested = {i for i, _ in facts(app.env).get(docname, {}).get("objects", [])}
    candidates = [_entry(app, q) for q in _testing(app, tested)]
    mine = [q for q in candidates if q["reviewed"] and docname in q["docs"]]
    for q in mine:
        uses.record(app, docname, run_state(app).bank_uses[q["id"]])
    if not mine:
        return
    section = nodes.section(ids=["zf-practice"], names=["本章练习"])
    section += nodes.title("", "本章练习")
    section += nodes.paragraph("", f"共 {len(mine)} 道题，均考查本章条款。选择答案后立即显示对错、解析和所考查的条款。")
    data = json.dumps(mine, ensure_ascii=False)
    data = re.sub(r"[<>&]", lambda m: f"\\u{ord(m.group(0)):04x}", data)  # inert inside <script>
    section += nodes.raw(
        "",
        f'<div class="zf-practice" data-zf-practice></div>\n'
        f'<script type="application/json" class="zf-practice-data">{data}</script>\n',
        format="html",
    )
    chapter = next(iter(doctree.findall(nodes.section)), None)
    (chapter if chapter is not None else doctree).append(section)
