"""New objects with fresh permanent IDs (`zhifa new`): a clause, step or any other type appended to a page
as a draft that passes `check`, or a question appended to a bank file. An ID is never one in use."""

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


def add(root: Path, type_name: str, file: str, title: str, on: dt.date) -> str:
    """Append a new object of ``type_name`` titled ``title`` to ``file``; returns what was done, in Chinese."""

    repository = repo.load(root)
    model = repository.model
    if type_name not in model.types:
        raise ScaffoldError(f"未知的对象类型 {type_name}；可用：{'、'.join(model.types)}")
    target = (root / file).resolve()
    taken = {o.id for o in repository.objects} | {q.id for q in quiz.flatten(quiz.load(root)[0])}
    layer = ""
    if layers.declared(root):  # the merged standard's IDs are taken too, and this layer's prefix leads
        layer = layers.read(root).prefix
        merged = repo.load(layers.source(root)[0])
        taken |= {o.id for o in merged.objects} | {q.id for q in quiz.flatten(quiz.load(merged.root)[0])}
    new_id = fresh_id(model, type_name, taken, layer)
    if type_name == model.role("question"):
        return _question(root, target, file, title, new_id)
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


def _question(root: Path, target: Path, file: str, title: str, new_id: str) -> str:
    if target.suffix != ".yaml" or not target.is_relative_to(root / QUIZ_DIR):
        raise ScaffoldError(f"{file}：试题应加入 quizzes/ 下的 .yaml 题库文件")
    if not target.parent.is_dir():
        raise ScaffoldError(
            f"{file}：文件夹 {target.parent.relative_to(root)} 不存在；请把试题加入 quizzes/ 下已有的题库文件，"
            "或先建好文件夹和发布它的页面"
        )
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    stem = title.replace('"', "“")
    item = (
        f'- id: {new_id}\n  type: 单选\n  stem: "{stem}"\n  options:\n    A: （选项一）\n    B: （选项二）\n'
        f"  answer: A\n  explanation: （解析，用 {{clause}}`条款ID` 引用条款）\n  tests: []\n"
        f"  difficulty: 1\n  review: 草案\n"
    )
    target.write_text((text.rstrip("\n") + "\n\n" if text.strip() else "") + item, encoding="utf-8")
    return (
        f"已在 {target.relative_to(root)} 末尾加入试题 {new_id}（草案）。请填写选项、答案、解析和 tests（考查的条款）。"
    )
