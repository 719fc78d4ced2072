"""New objects with fresh permanent IDs (`zhifa new`): a clause, step or any other type appended to a page
as a draft that passes `check`, or a question appended to a bank file. An ID is never one in use.

In a layered repository (issue 26) the IDs of the merged standard are taken, the new ID starts with the layer's
prefix, the clauses a new question tests may be the base's (they are looked up in the merged standard), and a new
bank file is the layer's own, with the page that publishes it (a base bank file is never written)."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from zhifa.bank import quiz
from zhifa.model import layers, metamodel, repo

ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
QUIZ_DIR = "quizzes"


class ScaffoldError(Exception):
    """What was asked cannot be added; the message says why and what to do."""


def fresh_id(model: metamodel.Metamodel, type_name: str, taken: set[str], layer: str = "") -> str:
    """A new ID; in a layered repository it starts with the layer's prefix (IDs never collide across layers)."""
    prefix = model.types[type_name].prefix + layer
    while True:
        candidate = prefix + "".join(secrets.choice(ID_ALPHABET) for _ in range(6 - len(layer)))
        if candidate not in taken:
            return candidate


def add(root: Path, type_name: str, file: str, title: str, on: dt.date, tests: list[str] | None = None) -> str:
    """Append a new object of ``type_name`` titled ``title`` to ``file``; returns what was done, in Chinese.
    ``tests``: for a question, the clauses it tests (checked against the merged standard)."""

    repository = repo.load(root)
    model = repository.model
    if type_name not in model.types:
        raise ScaffoldError(f"未知的对象类型 {type_name}；可用：{'、'.join(model.types)}")
    target = (root / file).resolve()
    taken = {o.id for o in repository.objects} | {q.id for q in quiz.flatten(quiz.load(root)[0])}
    layer, merged = "", repository
    if layers.declared(root):  # the merged standard's IDs are taken too, and this layer's prefix leads
        layer = layers.read(root).prefix
        merged = repo.load(layers.source(root)[0])
        taken |= {o.id for o in merged.objects} | {q.id for q in quiz.flatten(quiz.load(merged.root)[0])}
    new_id = fresh_id(model, type_name, taken, layer)
    if type_name == model.role("question"):
        _tested(merged, tests or [])
        if layer and not target.exists() and (merged.root / file).is_file():
            raise ScaffoldError(
                f"{file} 是上级规范的题库文件，本层不能改动：请把本层的试题写在本层自己的题库文件中，"
                "如 quizzes/本县.yaml（文件不存在时本命令新建它和发布它的页面）"
            )
        return _question(root, target, file, title, new_id, tests or [], own_page=bool(layer))
    if tests:
        raise ScaffoldError("--tests 只用于试题：写出试题考查的条款 ID")
    if not target.is_file() or target.suffix != ".md":
        raise ScaffoldError(f"{file}：文件不存在或不是 .md 文件；请指定要加入的章节文件")
    t = model.types[type_name]
    lines = [f"```{{{type_name}}} {title}", f":id: {new_id}"]
    # A new object starts as a draft that passes `check`; the author then fills it in.
    defaults = {"effective": on.isoformat(), "draft": "true", "source": "示范"}
    for name in t.required + (("draft",) if "draft" in t.optional else ()):
        lines.append(f":{name}: {defaults.get(name, '')}".rstrip())
    lines += ["", "（在此填写正文）", "```", ""]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")
    return f"已在 {target.relative_to(root)} 末尾加入{t.title} {new_id}（标记为草案，填好字段和正文后删除 :draft:）"


def _tested(merged: repo.Repository, tests: list[str]) -> None:
    """Every ID a new question tests is a clause of the (merged) standard that applies here."""
    clauses = {o.id for o in merged.objects if o.type == merged.model.role("article")}
    origins = (layers.record(merged.root) or {"origins": {}})["origins"]
    excluded = {i for i, o in origins.items() if o == layers.EXCLUDED}
    for cid in tests:
        if cid not in clauses:
            raise ScaffoldError(f"--tests {cid}：没有这个条款 ID；请写规范中条款的 ID（站点上每条都标有 ID）")
        if cid in excluded:
            raise ScaffoldError(f"--tests {cid}：该条在本层标为不适用，考查它的试题不会使用；请写本层适用的条款")


def _question(
    root: Path, target: Path, file: str, title: str, new_id: str, tests: list[str], own_page: bool = False
) -> str:
    if target.suffix != ".yaml" or not target.is_relative_to(root / QUIZ_DIR):
        raise ScaffoldError(f"{file}：试题应加入 quizzes/ 下的 .yaml 题库文件")
    page = None
    if own_page and not target.exists() and target.parent == root / QUIZ_DIR:
        # a layer's first bank file of its own: the folder and the page that publishes it come with it (the
        # merged 题库 lists the page by itself)
        target.parent.mkdir(exist_ok=True)
        page = target.with_suffix(".md")
        if not page.exists():
            page.write_text(f"# 题库：{target.stem}\n\n```{{questions}} {target.name}\n```\n", encoding="utf-8")
        else:
            page = None
    if not target.parent.is_dir():
        raise ScaffoldError(
            f"{file}：文件夹 {target.parent.relative_to(root)} 不存在；请把试题加入 quizzes/ 下已有的题库文件，"
            "或先建好文件夹和发布它的页面"
        )
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    stem = title.replace('"', "“")
    item = (
        f'- id: {new_id}\n  type: 单选\n  stem: "{stem}"\n  options:\n    A: （选项一）\n    B: （选项二）\n'
        f"  answer: A\n  explanation: （解析，用 {{clause}}`条款ID` 引用条款）\n  tests: [{', '.join(tests)}]\n"
        f"  difficulty: 1\n  review: 草案\n"
    )
    target.write_text((text.rstrip("\n") + "\n\n" if text.strip() else "") + item, encoding="utf-8")
    made = f"（并新建了发布它的页面 {page.relative_to(root)}）" if page else ""
    return f"已在 {target.relative_to(root)} 末尾加入试题 {new_id}（草案）{made}。" + (
        "请填写选项、答案和解析。" if tests else "请填写选项、答案、解析和 tests（考查的条款）。"
    )
