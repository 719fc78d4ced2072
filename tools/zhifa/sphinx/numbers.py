"""Chapter and article numbers for the whole site, computed once after all documents are read."""

from __future__ import annotations

from docutils import nodes
from sphinx_needs.data import SphinxNeedsData

from zhifa.model import outline, status
from zhifa.model.repo import STANDARDS_DIR
from zhifa.sphinx.collector import facts
from zhifa.sphinx.state import build_date, env_state


def outline_of(env, needs, on) -> outline.Outline:
    """The core outline, from the documents Sphinx read (the checker builds the same from the repository)."""
    docs = facts(env)
    article = env_state(env).model.role("article")
    standards = []
    for std in env.toctree_includes.get(f"{STANDARDS_DIR}/index", []):
        if not std.endswith("/index"):
            continue
        chapters = [
            (doc, docs[doc]["title"], [(i, needs[i]) for i, t in docs[doc]["objects"] if t == article and i in needs])
            for doc in env.toctree_includes.get(std, [])
            if doc in docs
        ]
        standards.append((std, docs.get(std, {}).get("title", ""), chapters))
    return outline.Outline(standards, on)


def compute(app, env) -> None:
    """Store {id: info} in env_state(env).numbers, the numbers repealed clauses last had in
    env_state(env).last_numbers, and put 第X章 in front of chapter titles."""
    on = build_date(app)
    needs = SphinxNeedsData(env).get_needs_mutable()  # read only; a view now would freeze the needs too early
    tree = outline_of(env, needs, on)
    numbers: dict[str, dict] = {}
    chapters: dict[str, str] = {}
    for std in tree.standards:
        for chapter in std.chapters:
            chapters[chapter.doc] = chapter.label
            env.titles[chapter.doc] = nodes.title("", chapter.label)
            for cid in chapter.clauses:
                numbers[cid] = {
                    "number": tree.number(cid),
                    "chapter": chapter.label,
                    "standard": std.title,
                    "standard_doc": std.doc,
                }
    env_state(env).numbers = numbers
    env_state(env).chapters = chapters
    env_state(env).last_numbers = {
        cid: tree.last_number(cid) for cid, s in tree.state.items() if s == "repealed" and tree.last_number(cid)
    }
    env_state(env).steps = step_numbers(facts(env), env_state(env).model)


def step_numbers(docs: dict, model) -> dict[str, dict]:
    """Steps are numbered 1, 2, ... after the procedure that precedes them on their page."""
    steps: dict[str, dict] = {}
    procedure_type, step_type = model.role("procedure"), model.role("step")
    for doc in sorted(docs):
        procedure, n = None, 0
        for need_id, kind in docs[doc]["objects"]:
            if kind == procedure_type:
                procedure, n = need_id, 0
            elif kind == step_type and procedure:
                n += 1
                steps[need_id] = {"step_no": n, "procedure": procedure}
    return steps


def fill_need_fields(app, needs) -> None:
    """needs-before-post-processing: computed status and numbers go into needs (and needs.json)."""
    model = env_state(app.env).model
    on = build_date(app)
    numbers = env_state(app.env).numbers
    for need_id, need in needs.items():
        t = model.types.get(need["type"])
        if t is not None and t.dated:
            need["status"] = model.status_label(status.of(need, on))
        info = numbers.get(need_id)
        if info:
            for key in ("number", "chapter", "standard"):
                need[key] = info[key] or None
        step = env_state(app.env).steps.get(need_id)
        if step:
            need["step_no"], need["procedure"] = step["step_no"], step["procedure"]
