"""The repository as the checker sees it: every content file, object and toctree.

Loading never raises for a user's mistake; unreadable or malformed files become
problems, and every object is kept (duplicates included) so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from zhifa.model import metamodel as mm
from zhifa.model import myst
from zhifa.model.problems import Problem

ROOT_DOC = "index"
# Folders whose Markdown is published; everything else in the repository is not content.
CONTENT_DIRS = (
    "standards",
    "procedures",
    "flowcharts",
    "quizzes",
    "templates",
    "cases",
    "drill",
    "laws",
    "glossary",
    "guide",
)
STANDARDS_DIR = "standards"


def toc_entries(docname: str, toctree) -> list[tuple[str, int]]:
    """The documents one toctree directive (myst.Directive) of page ``docname`` includes, as (docname, line)."""
    base = PurePosixPath(docname).parent
    out = []
    for k, entry in enumerate(toctree.body):
        e = entry.strip()
        if not e or e.startswith(":"):
            continue
        if "<" in e and e.endswith(">"):  # "Title <target>"
            e = e[e.rindex("<") + 1 : -1].strip()
        target = e[1:] if e.startswith("/") else str(base / e) if str(base) != "." else e
        target = target.removesuffix(".md")
        out.append((str(PurePosixPath(target)), toctree.body_line + k))
    return out


# Directives the build fills in (placeholders with no body of their own) and the ones that render text.
GENERATED_DIRECTIVES = {
    "objecttable",
    "template-fields",
    "template-text",
    "questions",
    "coverage",
    "drill",
    "exam",
    "classroom",
    "releases",
}
TEXT_DIRECTIVES = {
    "note",
    "tip",
    "important",
    "warning",
    "attention",
    "caution",
    "hint",
    "seealso",
    "admonition",
    "list-table",
    "table",
    "contents",
}
# Directives content may use besides our object types (all render text, none raw markup).
ALLOWED_DIRECTIVES = {"toctree"} | TEXT_DIRECTIVES | GENERATED_DIRECTIVES


@dataclass
class Obj:
    id: str
    type: str
    title: str
    path: str
    line: int
    docname: str
    options: dict[str, tuple[str, int]]
    body: list[str]
    body_line: int

    def value(self, name: str) -> str | None:
        v = self.options.get(name)
        return v[0] if v and v[0] != "" else None

    def line_of(self, name: str) -> int:
        return self.options.get(name, ("", self.line))[1]

    def link_ids(self, name: str) -> list[str]:
        v = self.value(name)
        return split_ids(v) if v else []


def split_ids(value: str) -> list[str]:
    return [p.strip() for p in value.replace("，", ",").replace(";", ",").split(",") if p.strip()]


@dataclass
class Repository:
    root: Path
    model: mm.Metamodel
    docs: dict[str, myst.MystDoc] = field(default_factory=dict)
    objects: list[Obj] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Obj]:
        """First object per ID (duplicates are reported by the checker)."""
        out: dict[str, Obj] = {}
        for o in self.objects:
            out.setdefault(o.id, o)
        return out

    def toctree(self, docname: str) -> list[tuple[str, int]]:
        """Documents a page's toctrees include, in order, as (docname, line)."""
        doc = self.docs.get(docname)
        if doc is None:
            return []
        return [entry for d in doc.directives if d.name == "toctree" for entry in toc_entries(docname, d)]

    def standards(self) -> list[str]:
        """Docnames of the standards' index pages, in the order the standards page lists them."""
        return [d for d, _ in self.toctree(f"{STANDARDS_DIR}/index") if d.endswith("/index")]

    def chapters(self, standard_index: str) -> list[str]:
        return [d for d, _ in self.toctree(standard_index) if d in self.docs]


def content_files(root: Path) -> list[Path]:
    files = [root / f"{ROOT_DOC}.md"] if (root / f"{ROOT_DOC}.md").exists() else []
    for d in CONTENT_DIRS:
        top = root / d
        if top.is_dir() and not top.is_symlink():  # os.walk does not follow symlinked folders
            files += sorted(
                Path(dirpath) / name
                for dirpath, _, filenames in os.walk(top)
                for name in filenames
                if name.endswith(".md") and not (Path(dirpath) / name).is_symlink()
            )
    return [p for p in files if not p.is_symlink()]


def symlinks(root: Path) -> list[str]:
    """Every symlink in the content folders (files and folders; not followed), relative to ``root``: the build
    would read through them, possibly from outside the repository, so content holds none."""
    found = [f"{ROOT_DOC}.md"] if (root / f"{ROOT_DOC}.md").is_symlink() else []
    for d in CONTENT_DIRS:
        top = root / d
        if top.is_symlink():
            found.append(d)
            continue
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                p = Path(dirpath) / name
                if p.is_symlink():
                    found.append(p.relative_to(root).as_posix())
    return found


def prose_directives(model: mm.Metamodel) -> set[str]:
    """The directives whose bodies are MyST prose (the objects and the text directives)."""
    return set(model.types) | ALLOWED_DIRECTIVES - {"toctree"} - GENERATED_DIRECTIVES


def load(root: Path, model: mm.Metamodel | None = None, parsed: dict | None = None) -> Repository:
    """Every content file read and parsed. ``parsed`` ({path: (key, MystDoc)}, from an earlier load,
    e.g. the previous build's) is reused for files whose text and prose directives are unchanged, and
    updated in place; the documents it hands out are shared, so nothing may change them."""
    root = Path(root)
    repo = Repository(root, model or mm.load(root))
    type_names = set(repo.model.types)
    prose = prose_directives(repo.model)
    prose_key = "\0".join(sorted(prose)).encode("utf-8")
    for rel in symlinks(root):
        repo.problems.append(
            Problem(
                rel,
                1,
                f"{rel} 是符号链接：内容文件夹中不允许符号链接（构建会经由它读取仓库之外的文件）",
                "删除该链接，把文件本身放进仓库",
            )
        )
    for path in content_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            repo.problems.append(
                Problem(rel, 1, f"文件不是 UTF-8 编码（第 {exc.start} 字节）", "用 UTF-8 编码重新保存该文件")
            )
            continue
        except OSError as exc:
            repo.problems.append(Problem(rel, 1, f"无法读取文件：{exc.strerror}", "检查文件权限"))
            continue
        docname = rel.removesuffix(".md")
        doc = _parse(rel, text, prose, prose_key, parsed)
        repo.docs[docname] = doc
        repo.problems.extend(doc.problems)
        for d in doc.directives:
            if d.name in type_names:
                repo.objects.append(
                    Obj(
                        id=d.options.get("id", ("", d.line))[0],
                        type=d.name,
                        title=d.argument,
                        path=rel,
                        line=d.line,
                        docname=docname,
                        options=d.options,
                        body=d.body,
                        body_line=d.body_line,
                    )
                )
    if parsed is not None:
        for rel in set(parsed) - {d + ".md" for d in repo.docs}:
            del parsed[rel]  # a file deleted or renamed
    return repo


def _parse(rel: str, text: str, prose: set[str], prose_key: bytes, parsed: dict | None) -> myst.MystDoc:
    if parsed is None:
        return myst.read(rel, text, prose)
    key = hashlib.blake2b(text.encode("utf-8") + b"\0" + prose_key, digest_size=16).digest()
    hit = parsed.get(rel)
    if hit is None or hit[0] != key:
        hit = parsed[rel] = (key, myst.read(rel, text, prose))
    return hit[1]
