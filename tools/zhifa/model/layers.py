"""Layered standards (province → city → county): a repository's base, declared in ``layers.yaml``, and the
merged standard built from the chain of layers.

``layers.yaml`` (committed, in the repository root)::

    prefix: ZJ                 # this layer's own IDs start with it after the type prefix: CL-ZJ…
    base:
      git: ../city             # a git repository (URL or path) pinned to a release tag …
      release: v2026.1
      # path: ../city          # … or a local folder as it is
    overrides:                 # base clauses this layer words differently (same permanent ID)
      CL-AAAAA2:
        reason: 本县……
        title: 执法人员        # optional: the base title is kept when omitted
        checked: v2026.1       # written by `zhifa layers upgrade`: the base release this wording was reviewed against
        text: |
          执法人员不得少于两人，……
    excluded:                  # base clauses that do not apply here (不适用, kept in place and marked), with reasons
      CL-AAAAA4: 本县不涉及该事项

The merged standard is the base's merged standard (fetched with git into ``_layers/``, an ignored folder) with
the overrides and exclusions applied and this layer's own files laid over it. A local file may replace a base
file only when the base file declares no objects (an index page: to add local chapters or standards); a base
object is changed only through ``overrides``, so nothing of the base is ever dropped silently (base questions on
an excluded clause are left out with it and named on the 偏离清单 page this module writes).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from zhifa.model import metamodel, myst, repo, yamlfile
from zhifa.model.problems import Problem

LAYERS_FILE = "layers.yaml"
FETCH_DIR = "_layers"  # fetched bases, one folder per repository and release (ignored by git)
MERGED_DIR = "_build/merged"  # the merged standard the checker and Sphinx read
DEVIATIONS_PAGE = "standards/deviations.md"
DEVIATIONS_DOCX = "standards/偏离清单.docx"  # written beside the page by publish/layered.py
DEVIATIONS_STAMP = "zhifa-deviations.json"  # the record the .docx was written from
ORIGINS_FILE = "zhifa-layers.json"
REVIEW_LOCK = "quizzes/review.lock"  # in the merged tree: where each object comes from, for the site
KEYS = ("prefix", "base", "overrides", "excluded")
BASE_KEYS = ("git", "path", "release")
PREFIX = re.compile(r"^[0-9A-HJKMNP-TV-Z]{1,3}$")  # the IDs' alphabet (Crockford base32)
# What merging copies from a layer: its content and the files the build reads beside it.
COPIED_DIRS = repo.CONTENT_DIRS
COPIED_FILES = (f"{repo.ROOT_DOC}.md",)

ADOPTED, OVERRIDDEN, ADDED, EXCLUDED = "上级规范", "本地调整", "本地新增", "不适用"


class LayerError(Exception):
    """A layer declaration that cannot be merged: ``path:line: message。处理：hint``."""

    def __init__(self, path: str, line: int, message: str, hint: str):
        super().__init__(f"{path}:{line}: {message}。处理：{hint}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Override:
    reason: str
    title: str | None
    text: str
    line: int
    checked: str | None = None  # the base release this override was last reviewed against (zhifa layers upgrade)


@dataclass
class Declaration:
    root: Path
    prefix: str
    git: str | None = None
    path: str | None = None
    release: str | None = None
    overrides: dict[str, Override] = field(default_factory=dict)
    excluded: dict[str, tuple[str, int]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass
class Deviation:
    """One override or exclusion of a base clause, with the base's wording (for the 偏离清单 and 对照表)."""

    id: str
    kind: str  # OVERRIDDEN or "不适用"
    reason: str
    base_title: str
    base_text: str
    local_title: str = ""
    local_text: str = ""
    layer: str = ""  # the repository folder's name of the layer that deviates
    questions: list[str] = field(default_factory=list)  # base questions on an excluded clause, left out with it


@dataclass
class Merged:
    root: Path  # the merged tree
    origins: dict[str, str]  # object ID → ADOPTED / OVERRIDDEN / ADDED (as seen from the top layer)
    deviations: list[Deviation]
    files: dict[str, str]  # merged file → where it comes from (for messages)
    problems: list[Problem] = field(default_factory=list)  # overrides of base clauses since repealed or changed


def declared(root: Path) -> bool:
    return (Path(root) / LAYERS_FILE).is_file()


def home(folder: Path) -> Path | None:
    """The layer whose merged standard ``folder`` is (merge() writes it at ``layer/_build/merged``), or None for
    a folder that is no merged tree: what a layer releases and checks against its own git history is there."""
    folder = Path(folder).resolve()
    if not (folder / ORIGINS_FILE).is_file():
        return None
    up = folder.parents[len(Path(MERGED_DIR).parts) - 1]
    return up if folder == up / MERGED_DIR and declared(up) else None


def record(folder: Path) -> dict | None:
    """The merged tree's record: {"origins": {ID: 上级规范/本地调整/本地新增/不适用}, "deviations": […]}, or None
    for a repository without layers."""
    try:
        data = json.loads((Path(folder) / ORIGINS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("origins"), dict) else None


def read(root: Path) -> Declaration:
    """The declaration in ``root/layers.yaml``; raises LayerError for anything malformed."""
    rel = LAYERS_FILE
    try:
        data, node = yamlfile.load((Path(root) / LAYERS_FILE).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise LayerError(rel, 1, "文件不是 UTF-8 编码", "用 UTF-8 重新保存") from None
    except yamlfile.YamlError as exc:
        raise LayerError(rel, exc.line, f"YAML 语法错误：{exc.message}", "检查缩进和冒号") from None
    if not isinstance(data, dict):
        raise LayerError(rel, 1, "层声明应是“键: 值”的映射", "写 prefix、base、overrides、excluded")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
    for key in data:
        if key not in KEYS:
            raise LayerError(rel, lines.get(key, 1), f"未知的键 {key}", f"只可写 {'、'.join(KEYS)}")
    prefix = str(data.get("prefix") or "")
    if not PREFIX.match(prefix):
        raise LayerError(
            rel,
            lines.get("prefix", 1),
            f"本层的 ID 前缀“{prefix}”无效" if prefix else "缺少本层的 ID 前缀 prefix",
            "写 1 至 3 个大写字母或数字（不用 I、L、O、U），如 prefix: ZJ；本层新增对象的 ID 以它开头",
        )
    decl = Declaration(Path(root), prefix, lines=lines)
    base = data.get("base")
    base_node = _value(node, "base")
    if not isinstance(base, dict):
        raise LayerError(
            rel,
            lines.get("base", 1),
            "缺少上级规范 base",
            "写 base: 加 git: 仓库 和 release: 发布标签，或 path: 文件夹",
        )
    base_lines = {k.value: k.start_mark.line + 1 for k, _ in base_node.value}
    for key in base:
        if key not in BASE_KEYS:
            raise LayerError(rel, base_lines[key], f"base 中未知的键 {key}", f"只可写 {'、'.join(BASE_KEYS)}")
    if ("git" in base) == ("path" in base):
        raise LayerError(
            rel, lines["base"], "base 应写 git 或 path 之一", "git: 仓库地址 加 release: 标签，或 path: 文件夹"
        )
    if "git" in base and not base.get("release"):
        raise LayerError(rel, lines["base"], "git 上级规范缺少发布标签 release", "写 release: v2026.1 等发布标签")
    decl.git, decl.path = base.get("git"), base.get("path")
    decl.release = str(base["release"]) if base.get("release") else None
    decl.lines.update({f"base.{k}": v for k, v in base_lines.items()})
    overrides, over_node = data.get("overrides") or {}, _value(node, "overrides")
    if not isinstance(overrides, dict):
        raise LayerError(rel, lines["overrides"], "overrides 应是“条款ID: 调整”的映射", "参照文件开头的写法")
    for key_node, value_node in getattr(over_node, "value", []):
        cid, value, line = key_node.value, overrides[key_node.value], key_node.start_mark.line + 1
        if not isinstance(value, dict) or not str(value.get("reason") or "").strip():
            raise LayerError(rel, line, f"{cid} 的本地调整缺少理由 reason", "写 reason: 调整的理由")
        if not str(value.get("text") or "").strip():
            raise LayerError(rel, line, f"{cid} 的本地调整缺少本地条文 text", "写 text: | 加本地的条文")
        if "```" in str(value["text"]):
            raise LayerError(rel, line, f"{cid} 的本地条文中有 ```", "本地条文只写正文，不写指令")
        unknown = set(value) - {"reason", "title", "text", "checked"}
        if unknown:
            raise LayerError(
                rel,
                line,
                f"{cid} 的本地调整中有未知的键 {'、'.join(sorted(unknown))}",
                "只写 reason、title、text、checked",
            )
        checked = str(value["checked"]) if value.get("checked") else None
        decl.overrides[cid] = Override(
            str(value["reason"]).strip(), value.get("title"), str(value["text"]), line, checked
        )
    excluded, ex_node = data.get("excluded") or {}, _value(node, "excluded")
    if not isinstance(excluded, dict):
        raise LayerError(rel, lines["excluded"], "excluded 应是“条款ID: 不适用的理由”的映射", "参照文件开头的写法")
    for key_node, _ in getattr(ex_node, "value", []):
        cid, reason, line = key_node.value, excluded[key_node.value], key_node.start_mark.line + 1
        if not str(reason or "").strip():
            raise LayerError(rel, line, f"{cid} 标为不适用，但没有写理由", f"写 {cid}: 不适用的理由")
        if cid in decl.overrides:
            raise LayerError(rel, line, f"{cid} 既是本地调整又标为不适用", "二者只留其一")
        decl.excluded[cid] = (str(reason).strip(), line)
    return decl


def _value(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}  # an unreachable base fails, never waits for a password
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def _location(decl: Declaration, anchor: str) -> str:
    """Where the base is, as written but made absolute: relative paths and URLs are relative to ``anchor``, the
    place the declaring repository came from (a fetched base's own relative base is beside its origin)."""
    where = decl.path if decl.path is not None else decl.git
    if "://" in where or where.startswith("git@"):
        return where.rstrip("/")
    if "://" in anchor:
        return anchor.rstrip("/") + "/" + where
    return str((Path(anchor) / where).resolve())


def fetch(decl: Declaration, anchor: str, store: Path) -> tuple[Path, str]:
    """The base repository's folder and location: the local path, or the release fetched with git into
    ``store/_layers/``."""
    rel = LAYERS_FILE
    location = _location(decl, anchor)
    if decl.path is not None:
        folder = Path(location)
        if not (folder / metamodel.METAMODEL_FILE).is_file():
            raise LayerError(
                rel,
                decl.line("base.path"),
                f"上级规范 {decl.path} 不存在或不是规范仓库（其中没有 {metamodel.METAMODEL_FILE}）",
                "改正 path，写上级规范仓库的文件夹",
            )
        return folder, location
    name = re.sub(r"[^0-9A-Za-z._-]+", "_", location.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]) or "base"
    key = hashlib.sha256(f"{location}@{decl.release}".encode()).hexdigest()[:8]
    dest = store / FETCH_DIR / f"{name}@{decl.release}-{key}"
    if (dest / metamodel.METAMODEL_FILE).is_file():
        return dest, location  # a release tag is fixed: fetched once
    tags = _git("ls-remote", "--tags", location)
    if tags.returncode != 0:
        said = (tags.stderr.strip().splitlines() or ["git 出错"])[0].removeprefix("fatal: ")
        raise LayerError(
            rel, decl.line("base.git"), f"无法访问上级规范仓库 {decl.git}（{said}）", "检查仓库地址、网络和访问权限"
        )
    refs = [line.split("refs/tags/", 1)[1] for line in tags.stdout.splitlines() if "refs/tags/" in line]
    known = {ref.removesuffix("^{}") for ref in refs}
    if decl.release not in known:
        newest = "、".join(sorted(known)[-3:]) or "（该仓库还没有发布）"
        raise LayerError(
            rel, decl.line("base.release"), f"上级规范没有发布 {decl.release}", f"改为已有的发布标签：{newest}"
        )
    if dest.exists():
        shutil.rmtree(dest)  # an interrupted fetch of ours
    dest.parent.mkdir(parents=True, exist_ok=True)
    clone = _git("clone", "-q", "--depth", "1", "--branch", decl.release, location, str(dest))
    if clone.returncode != 0 or not (dest / metamodel.METAMODEL_FILE).is_file():
        shutil.rmtree(dest, ignore_errors=True)
        raise LayerError(rel, decl.line("base.release"), f"无法取得上级规范 {decl.release}", "检查仓库地址和发布标签")
    return dest, location


def chain(root: Path, anchor: str | None = None, store: Path | None = None) -> list[tuple[Path, Declaration | None]]:
    """The layers from the bottom (a repository without layers.yaml) to ``root``, each with its declaration;
    ``anchor`` is where ``root`` came from when it is a fetched copy (its relative bases are beside that) and
    ``store`` the repository whose ``_layers/`` keeps the fetched bases (default ``root``)."""
    root = Path(root).resolve()
    store = Path(store).resolve() if store else root
    out: list[tuple[Path, Declaration | None]] = []
    seen: dict[str, int] = {}
    folder, location = root, anchor or str(root)
    while True:
        if location in seen:
            names = " → ".join(p.name for p, _ in out[seen[location] :]) + f" → {Path(location).name}"
            where = out[-1][1]
            line = where.line("base") if where else 1
            at = LAYERS_FILE if len(out) == 1 else f"{out[-1][0].name}/{LAYERS_FILE}"
            raise LayerError(at, line, f"层之间有循环：{names}", "上级规范不能直接或间接以本仓库为上级")
        seen[location] = len(out)
        if not declared(folder):
            out.append((folder, None))
            return out[::-1]
        try:
            decl = read(folder)
            out.append((folder, decl))
            folder, location = fetch(decl, location if decl.git or decl.path else str(folder), store)
        except LayerError as exc:
            if folder == root:
                raise
            raise LayerError(f"{folder.name}/{exc.path}", exc.line, exc.message, "改正上级规范的层声明") from None
        if len(out) > 20:
            raise LayerError(LAYERS_FILE, 1, "层级超过 20 层", "检查层声明是否有循环")


def _layer_files(folder: Path) -> dict[str, Path]:
    files = {name: folder / name for name in COPIED_FILES if (folder / name).is_file()}
    for d in COPIED_DIRS:
        top = folder / d
        if top.is_dir() and not top.is_symlink():
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames[:] = sorted(n for n in dirnames if not (Path(dirpath) / n).is_symlink())
                for name in filenames:
                    p = Path(dirpath) / name
                    if not p.is_symlink():
                        files[p.relative_to(folder).as_posix()] = p
    return files


def _objects(rel: str, text: str, types: set[str]) -> list[myst.Directive]:
    if not rel.endswith(".md"):
        return []
    return [d for d in myst.read(rel, text, types).directives if d.name in types]


def _question_ids(rel: str, text: str) -> list[str]:
    if not (rel.startswith("quizzes/") and rel.endswith(".yaml")):
        return []
    return re.findall(r"^\s*-?\s*id:\s*([A-Z]+-[0-9A-Z-]+)\s*$", text, re.M)


def source(root: Path) -> tuple[Path, dict[str, str]]:
    """The folder the checker and Sphinx read for ``root`` (itself, or its merged standard) and, for messages,
    where each of its files comes from (relative to ``root``). Raises LayerError."""
    if not declared(root):
        return Path(root), {}
    merged = merge(root)
    return merged.root, merged.files


def merge(root: Path, dest: Path | None = None, anchor: str | None = None, store: Path | None = None) -> Merged:
    """Write the merged standard of ``root``'s chain of layers into ``dest`` (default ``root/_build/merged``);
    unchanged files keep their modification time, so an incremental build stays incremental. ``anchor`` and
    ``store`` as for chain() (an old version of a layer read from git fetches its bases into the layer's store)."""
    root = Path(root).resolve()
    layers = chain(root, anchor, store)
    model = metamodel.load(root)
    types = set(model.types)
    texts: dict[str, str] = {}
    files: dict[str, str] = {}
    owner: dict[str, str] = {}  # object ID → the layer that wrote it
    deviations: list[Deviation] = []
    for depth, (folder, decl) in enumerate(layers):
        name = folder.name
        here = {rel: p.read_text(encoding="utf-8") for rel, p in _layer_files(folder).items()}
        if decl is not None:
            _apply(decl, texts, types, deviations, name, top=depth == len(layers) - 1)
        for rel, text in here.items():
            if rel == REVIEW_LOCK and rel in texts:  # each layer pins its own questions: the locks add up
                texts[rel] = _union_locks(texts[rel], text)
                files[rel] = os.path.relpath(folder / rel, root)
                continue
            ids = [d.options.get("id", ("", 0))[0] for d in _objects(rel, text, types)] + _question_ids(rel, text)
            if rel in texts:
                below = [d for d in _objects(rel, texts[rel], types)] + _question_ids(rel, texts[rel])
                if below:
                    raise LayerError(
                        f"{name}/{rel}" if decl is None or depth < len(layers) - 1 else rel,
                        1,
                        "该文件与上级规范的同名文件含有对象，不能整体替换（上级规范的对象会丢失）",
                        f"本地新增的对象写在新文件中；修改上级条款请在 {LAYERS_FILE} 的 overrides 中写",
                    )
            for oid in ids:
                if oid in owner:
                    raise LayerError(
                        rel if depth == len(layers) - 1 else f"{name}/{rel}",
                        1,
                        f"ID {oid} 与上级规范（{owner[oid]}）中的对象重复",
                        f"本层新增对象的 ID 以本层前缀开头（zhifa new 生成）；改上级条款用 {LAYERS_FILE} 的 overrides",
                    )
                shared = model.type_for_id(oid) and model.type_for_id(oid).name == model.role("law_article")
                if decl is not None and not shared and not _has_prefix(model, oid, decl.prefix):
                    raise LayerError(
                        rel if depth == len(layers) - 1 else f"{name}/{rel}",
                        1,
                        f"ID {oid} 不以本层前缀 {decl.prefix} 开头，可能与其他层的 ID 冲突",
                        "用 zhifa new 生成新 ID（自动带本层前缀）",
                    )
                owner[oid] = name
            texts[rel] = text
            files[rel] = os.path.relpath(folder / rel, root)
    # as the top layer sees it: everything from below is adopted unless this layer overrode it
    top_name, top = layers[-1][0].name, layers[-1][1]
    gone = {d.id for d in deviations if d.kind == EXCLUDED}
    origins = {
        oid: ADDED if who == top_name else OVERRIDDEN if oid in top.overrides else EXCLUDED if oid in gone else ADOPTED
        for oid, who in owner.items()
    }
    for rel in ("metamodel.yaml", "conf.py"):
        texts[rel] = (root / rel).read_text(encoding="utf-8")
    _list_unlisted(texts)
    mine = [d for d in deviations if d.layer == top_name]
    if "standards/index.md" in texts:  # the 偏离清单 page, listed with the standards
        texts[DEVIATIONS_PAGE] = page(mine)
        texts["standards/index.md"] = _listed(texts["standards/index.md"], "deviations")
    texts[ORIGINS_FILE] = json.dumps(
        {"origins": origins, "deviations": [d.__dict__ for d in deviations]},
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    )
    dest = Path(dest) if dest else root / MERGED_DIR
    _write(dest, texts)
    return Merged(dest, origins, deviations, files, _stale(Path(store or root), top, anchor or str(root)))


def _union_locks(below: str, here: str) -> str:
    try:
        low, high = json.loads(below), json.loads(here)
    except ValueError:
        return here  # the checker reports the broken file
    merged = {key: {**low.get(key, {}), **high.get(key, {})} for key in set(low) | set(high)}
    return json.dumps(merged, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _tested(node) -> set[str]:
    """Every clause ID a question item (with its sub-questions) tests."""
    out: set[str] = set()
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "tests" and isinstance(v, yaml.SequenceNode):
                out |= {str(x.value) for x in v.value if isinstance(x, yaml.ScalarNode)}
            elif k.value == "tests" and isinstance(v, yaml.ScalarNode):
                out.add(str(v.value))
            elif k.value == "questions" and isinstance(v, yaml.SequenceNode):
                for sub in v.value:
                    out |= _tested(sub)
    return out


def _question_id(node) -> str:
    v = _value(node, "id")
    return str(v.value) if isinstance(v, yaml.ScalarNode) else ""


def _without_questions(text: str, gone: dict[str, Deviation]) -> str:
    """A bank file without the questions on clauses this layer does not apply (each is named on the 偏离清单);
    a file the checker cannot read is left to it."""
    try:
        node = yamlfile.compose(text)
    except yamlfile.YamlError:
        return text
    if not isinstance(node, yaml.SequenceNode):
        return text
    lines = text.splitlines()
    cut = []
    for item in node.value:
        hit = sorted(_tested(item) & set(gone))
        if hit:
            for cid in hit:
                gone[cid].questions.append(_question_id(item))
            end = item.end_mark.line if item.end_mark.column == 0 else item.end_mark.line + 1
            cut.append((item.start_mark.line, end))
    if not cut:
        return text
    for start, end in sorted(cut, reverse=True):
        del lines[start:end]
    rest = "\n".join(lines).strip()
    return (rest if any(line.lstrip().startswith("- ") for line in lines) else "[]") + "\n"


def page(deviations: list[Deviation]) -> str:
    """The 偏离清单 page: every override and exclusion of this layer, with its reason and the base's text."""
    lines = [
        "# 偏离清单",
        "",
        "本页列出本规范对上级规范的全部本地调整和不适用条款，附理由和上级规范原文（由 layers.yaml 生成）。"
        f"Word 版：[偏离清单.docx]({Path(DEVIATIONS_DOCX).name})。",
        "",
    ]
    if not deviations:
        lines += ["本规范完全采用上级规范，没有本地调整，也没有不适用的条款。", ""]
    for d in deviations:
        name = f"{{clause}}`{d.id}`" if d.kind == OVERRIDDEN else f"{d.id}《{d.base_title}》"
        lines += [f"## {d.kind}：{d.id}", "", f"- 条款：{name}", f"- 理由：{d.reason}"]
        lines += [f"- 上级规范原文：{d.base_title}｜" + " ".join(d.base_text.split())]
        if d.kind == OVERRIDDEN:
            lines += [f"- 本地条文：{d.local_title}｜" + " ".join(d.local_text.split())]
        if d.questions:
            lines += ["- 随之不再使用的上级试题：" + "、".join(d.questions)]
        lines.append("")
    return "\n".join(lines)


def _list_unlisted(texts: dict[str, str]) -> None:
    """Pages no toctree of the merged tree lists are listed at the end of their folder's index page (a standard's
    own index in its parent's): a layer's own chapters and pages need no replaced index page, and a chapter its base
    adds later is not lost behind one the layer did replace."""
    listed: set[str] = set()
    for rel, text in texts.items():
        if rel.endswith(".md") and "{toctree}" in text:
            for d in myst.read(rel, text).directives:
                if d.name == "toctree":
                    listed |= {target for target, _ in repo.toc_entries(rel[:-3], d)}
    docs = {rel[:-3] for rel in texts if rel.endswith(".md")}
    for doc in sorted(docs - listed - {repo.ROOT_DOC}):
        page = PurePosixPath(doc)
        folder = page.parent.parent if page.name == repo.ROOT_DOC else page.parent
        index = f"{folder}/{repo.ROOT_DOC}" if str(folder) != "." else repo.ROOT_DOC
        if index != doc and f"{index}.md" in texts:
            entry = page.relative_to(folder).as_posix() if str(folder) != "." else doc
            texts[f"{index}.md"] = _listed(texts[f"{index}.md"], entry)


def _listed(index: str, entry: str) -> str:
    """``index`` with ``entry`` added at the end of its first toctree."""
    lines = index.splitlines()
    start = next((k for k, line in enumerate(lines) if line.strip().startswith("```{toctree}")), None)
    if start is None:
        return index
    end = next(k for k in range(start + 1, len(lines)) if lines[k].strip().startswith("```"))
    return "\n".join(lines[:end] + [entry] + lines[end:]) + "\n"


def base_clauses(
    root: Path, decl: Declaration, release: str, anchor: str | None = None
) -> dict[str, tuple[str, str, bool]]:
    """The base's merged clauses at ``release`` (fetched if need be): ID → (title, text, repealed)."""
    folder, location = fetch(dataclasses.replace(decl, release=release), anchor or str(root), root)
    if declared(folder):
        folder = merge(folder, anchor=location).root
    loaded = repo.load(folder)
    article = loaded.model.role("article")
    return {
        o.id: (o.title, "\n".join(o.body).strip(), bool(o.value("repealed")))
        for o in loaded.objects
        if o.type == article
    }


def _stale(root: Path, decl: Declaration, anchor: str) -> list[Problem]:
    """Overrides and exclusions whose base clause is repealed now, and overrides whose base clause changed since
    the release they were reviewed against (``checked``). Only a base pinned to a git release has releases."""
    if decl.release is None or not (decl.overrides or decl.excluded):
        return []
    releases: dict[str, dict[str, tuple[str, str, bool]]] = {}

    def at(release: str) -> dict[str, tuple[str, str, bool]]:
        if release not in releases:
            try:
                releases[release] = base_clauses(root, decl, release, anchor)
            except LayerError:
                releases[release] = {}
        return releases[release]

    out = []
    for cid, o in decl.overrides.items():
        if o.checked and o.checked != decl.release:
            was, now = at(o.checked).get(cid), at(decl.release).get(cid)
            if was is not None and now is not None and was[:2] != now[:2]:
                out.append(
                    Problem(
                        LAYERS_FILE,
                        o.line,
                        f"{cid} 的上级条文在 {o.checked} 之后已修改（现为 {decl.release}），本地调整需要复核",
                        f"对照 zhifa layers upgrade 的对照表复核本地条文，然后把 checked 改为 {decl.release}",
                    )
                )
    pending = [(c, o.line, "本地调整") for c, o in decl.overrides.items()]
    pending += [(c, v[1], "不适用") for c, v in decl.excluded.items()]
    for cid, line, what in pending:
        now = at(decl.release).get(cid)
        if now is not None and now[2]:
            out.append(
                Problem(
                    LAYERS_FILE,
                    line,
                    f"{cid} 在上级规范中已废止，本层仍有它的{what}",
                    "删除该项（已废止的条款不再需要本地调整），或与上级规范核实",
                )
            )
    return out


def _has_prefix(model: metamodel.Metamodel, oid: str, prefix: str) -> bool:
    t = model.type_for_id(oid)
    type_prefix = t.prefix if t else oid.split("-", 1)[0] + "-"
    return oid.startswith(type_prefix + prefix) or oid.startswith(type_prefix + prefix + "-")


def _apply(decl, texts, types, deviations, name, top) -> None:
    """Apply ``decl``'s overrides and exclusions to the merged texts of the layers below."""
    where: dict[str, tuple[str, myst.Directive]] = {}
    for rel, text in texts.items():
        for d in _objects(rel, text, types):
            where.setdefault(d.options.get("id", ("", 0))[0], (rel, d))
    at = LAYERS_FILE if top else f"{name}/{LAYERS_FILE}"
    for cid, line in [(c, o.line) for c, o in decl.overrides.items()] + [(c, v[1]) for c, v in decl.excluded.items()]:
        if cid not in where:
            raise LayerError(
                at, line, f"上级规范中没有 {cid}", "核对条款 ID（上级规范站点上每条都标有 ID），或删除该项"
            )
    edits: dict[str, list[tuple[int, int, list[str]]]] = {}
    for cid, o in decl.overrides.items():
        rel, d = where[cid]
        title = str(o.title).strip() if o.title else d.argument
        head = [f"```{{{d.name}}} {title}"] + [f":{k}: {v}" for k, (v, _) in d.options.items()]
        edits.setdefault(rel, []).append(
            (d.line, d.body_line + len(d.body), head + [""] + o.text.strip().splitlines() + ["```"])
        )
        deviations.append(
            Deviation(cid, OVERRIDDEN, o.reason, d.argument, "\n".join(d.body).strip(), title, o.text.strip(), name)
        )
    for cid, (reason, _) in decl.excluded.items():
        rel, d = where[cid]  # kept in place (links and numbers stay as the base has them), marked 不适用
        deviations.append(Deviation(cid, EXCLUDED, reason, d.argument, "\n".join(d.body).strip(), layer=name))
    gone = {d.id: d for d in deviations if d.kind == EXCLUDED and d.layer == name}
    for rel in [r for r in texts if r.startswith("quizzes/") and r.endswith(".yaml")]:
        texts[rel] = _without_questions(texts[rel], gone)
    for rel, spans in edits.items():
        lines = texts[rel].splitlines()
        for start, end, new in sorted(spans, reverse=True):
            lines[start - 1 : end] = new
        texts[rel] = "\n".join(lines) + "\n"


def _write(dest: Path, texts: dict[str, str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for rel, text in texts.items():
        path = dest / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    keep = set(texts) | {DEVIATIONS_DOCX, DEVIATIONS_STAMP}
    for dirpath, _, filenames in os.walk(dest):
        here = Path(dirpath)
        if here.relative_to(dest).parts[:1] == ("_build",):
            continue
        for name in filenames:
            if (here / name).relative_to(dest).as_posix() not in keep:
                (here / name).unlink()
