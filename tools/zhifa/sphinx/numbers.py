"""Chapter and article numbers for the whole site, computed once after all documents are read."""

from __future__ import annotations

from docutils import nodes
from sphinx_needs.data import SphinxNeedsData

from .. import numbering, status
from ..repo import STANDARDS_DIR
from .collector import facts


def compute(app, env) -> None:
    """Store {id: info} in env.zhifa_numbers and put 第X章 in front of chapter titles."""
    on = status.build_date(app.config.zhifa_build_date or None)
    needs = SphinxNeedsData(env).get_needs_mutable()
    docs = facts(env)
    numbers: dict[str, dict] = {}
    chapters: dict[str, str] = {}
    for std in env.toctree_includes.get(f"{STANDARDS_DIR}/index", []):
        if not std.endswith("/index"):
            continue
        std_title = docs.get(std, {}).get("title", "")
        chapter_docs = [d for d in env.toctree_includes.get(std, []) if d in docs]
        per_chapter = []
        for doc in chapter_docs:
            clauses = [i for i, t in docs[doc]["objects"] if t == "clause" and i in needs]
            per_chapter.append([(i, _status(needs[i], on) == "current") for i in clauses])
        articles, chapter_no = numbering.assign(per_chapter)
        for idx, doc in enumerate(chapter_docs):
            chapters[doc] = f"{numbering.chapter(chapter_no[idx])} {docs[doc]['title']}"
            env.titles[doc] = nodes.title("", chapters[doc])
            for cid, _ in per_chapter[idx]:
                numbers[cid] = {
                    "number": numbering.article(articles[cid]) if cid in articles else "",
                    "chapter": chapters[doc], "standard": std_title, "standard_doc": std,
                }
    env.zhifa_numbers = numbers
    env.zhifa_chapters = chapters
    env.zhifa_steps = step_numbers(docs)


def step_numbers(docs: dict) -> dict[str, dict]:
    """Steps are numbered 1, 2, ... after the procedure that precedes them on their page."""
    steps: dict[str, dict] = {}
    for doc in sorted(docs):
        procedure, n = None, 0
        for need_id, kind in docs[doc]["objects"]:
            if kind == "procedure":
                procedure, n = need_id, 0
            elif kind == "step" and procedure:
                n += 1
                steps[need_id] = {"step_no": n, "procedure": procedure}
    return steps


def _status(need, on) -> str:
    return status.compute(need.get("effective"), need.get("repealed"), need.get("draft"), on)


def fill_need_fields(app, needs) -> None:
    """needs-before-post-processing: computed status and numbers go into needs (and needs.json)."""
    model = app.env.zhifa_model
    on = status.build_date(app.config.zhifa_build_date or None)
    numbers = getattr(app.env, "zhifa_numbers", {})
    for need_id, need in needs.items():
        t = model.types.get(need["type"])
        if t is not None and t.dated:
            need["status"] = model.status_label(_status(need, on))
        info = numbers.get(need_id)
        if info:
            for key in ("number", "chapter", "standard"):
                need[key] = info[key] or None
        step = getattr(app.env, "zhifa_steps", {}).get(need_id)
        if step:
            need["step_no"], need["procedure"] = step["step_no"], step["procedure"]
