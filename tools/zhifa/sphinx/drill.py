"""The practice centre and the mock exam: the build publishes the question bank (zhifa-bank.json, with
the blueprint, chapters and procedures for 专项练习) and the pages that mount the browser apps."""

from __future__ import annotations

import hashlib
import json

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData

from .. import blueprint
from .collector import facts
from .practice import bank

BANK_FILE = "zhifa-bank.json"


class _Mount(SphinxDirective):
    app_name = ""
    message = ""

    def run(self):
        html = (f'<div class="zf-app" data-zf-{self.app_name} data-bank="{BANK_FILE}"></div>\n'
                f"<noscript><p>{self.message}</p></noscript>\n")
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
    needs = SphinxNeedsData(env).get_needs_view()
    docs = facts(env)
    questions = [q for q in bank(app) if q["reviewed"]]
    ids = {q["id"] for q in questions}
    chapters = []
    for doc, label in getattr(env, "zhifa_chapters", {}).items():
        std = "/".join(doc.split("/")[:2]) + "/index"
        chapters.append({"doc": doc, "label": label, "standard": docs.get(std, {}).get("title", ""),
                         "url": app.builder.get_target_uri(doc)})
    procedures = []
    for p in (n for n in needs.values() if n["type"] == "procedure"):
        steps = [n for n in needs.values() if n.get("procedure") == p["id"]]
        clauses = set(p.get("implements") or []) | {c for s in steps for c in (s.get("implements") or [])}
        procedures.append({"id": p["id"], "title": p["title"],
                           "questions": [q["id"] for q in questions if {c["id"] for c in q["clauses"]} & clauses]})
    body = json.dumps(questions, ensure_ascii=False, sort_keys=True)
    data, _ = blueprint.load(app.srcdir)
    return {"version": hashlib.sha256(body.encode("utf-8")).hexdigest()[:12], "blueprint": data,
            "chapters": chapters, "procedures": sorted(procedures, key=lambda p: p["title"]),
            "questions": questions, "count": len(ids)}


def write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    (app.outdir / BANK_FILE).write_text(json.dumps(publish(app), ensure_ascii=False, separators=(",", ":")),
                                        encoding="utf-8")


def register(app) -> None:
    app.add_directive("drill", DrillDirective)
    app.add_directive("exam", ExamDirective)
    app.add_directive("classroom", ClassroomDirective)
