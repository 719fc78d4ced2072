"""The metamodel: object types, fields and link types, read from ``metamodel.yaml``.

This module is the only reader of that file. The Sphinx extension turns it into
sphinx-needs configuration; the checker validates content against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.model import yamlfile

METAMODEL_FILE = "metamodel.yaml"
ROLES = (
    "article",
    "law_article",
    "procedure",
    "step",
    "glossary",
    "question",
    "phrase",
    "template",
    "case",
)  # what the code asks for
FIELD_TYPES = {"string", "date", "boolean", "enum", "integer", "url"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str
    values: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()  # qtype only: the values that are a set of sub-questions


@dataclass(frozen=True)
class LinkSpec:
    name: str
    outgoing: str
    incoming: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class TypeLink:
    """A link type as one object type uses it (with its own minimum count)."""

    spec: LinkSpec
    min: int = 0


@dataclass(frozen=True)
class ObjectType:
    name: str
    title: str
    prefix: str
    id_pattern: re.Pattern[str]
    color: str
    dated: bool
    required: tuple[str, ...]
    optional: tuple[str, ...]
    links: dict[str, TypeLink] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class Metamodel:
    statuses: dict[str, str]
    fields: dict[str, FieldSpec]
    links: dict[str, LinkSpec]
    types: dict[str, ObjectType]
    roles: dict[str, str] = field(default_factory=dict)
    computed: dict[str, FieldSpec] = field(default_factory=dict)  # written by the build, never by authors
    builtin: frozenset = frozenset()  # computed fields sphinx-needs itself declares (status)
    question_links: dict[str, str] = field(default_factory=dict)  # bank file key -> link type

    def type_by_title(self, title: str) -> ObjectType | None:
        return next((t for t in self.types.values() if t.title == title), None)

    def type_for_id(self, need_id: str) -> ObjectType | None:
        """The type whose prefix the ID carries (longest prefix wins)."""
        best = None
        for t in self.types.values():
            if need_id.startswith(t.prefix) and (best is None or len(t.prefix) > len(best.prefix)):
                best = t
        return best

    def role(self, name: str) -> str:
        """The type that plays a part (article, law_article, procedure, step, glossary, question, phrase)."""
        return self.roles[name]

    def status_label(self, key: str) -> str:
        return self.statuses[key]

    def status_key(self, label: str) -> str | None:
        """The status key (draft, pending, current, repealed) of a label shown on the site."""
        return next((k for k, v in self.statuses.items() if v == label), None)

    @property
    def question_types(self) -> tuple[str, ...]:
        """Every question type a bank may use (the qtype field's values)."""
        return self.fields["qtype"].values

    @property
    def set_types(self) -> tuple[str, ...]:
        """The question types that are a set of sub-questions (案例分析): never drawn themselves."""
        return self.fields["qtype"].sets

    @property
    def drawn_types(self) -> tuple[str, ...]:
        """The types a paper, practice and exports use, in the metamodel's order."""
        return tuple(t for t in self.question_types if t not in self.set_types)


class MetamodelError(Exception):
    """The metamodel file itself is inconsistent (a developer's mistake, reported plainly)."""


def load(root: Path) -> Metamodel:
    path = Path(root) / METAMODEL_FILE
    try:
        raw, node = yamlfile.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MetamodelError(f"{path}: 无法读取元模型：{exc}") from exc
    except yamlfile.YamlError as exc:
        raise MetamodelError(f"{path}:{exc.line}: 元模型 YAML 有语法错误：{exc.message}。处理：检查缩进和冒号") from exc
    try:
        return parse(raw, str(path), node)
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise MetamodelError(
            f"{path}: 元模型结构不完整或类型不对（{type(exc).__name__}: {exc}）；请对照仓库中的 metamodel.yaml 改正"
        ) from exc


def _line(node, path: tuple[str, ...]) -> int | None:
    """The line of the key at ``path`` in the YAML node tree (the deepest one found), or None."""
    line = None
    for key in path:
        value = None
        for k, v in getattr(node, "value", []) if isinstance(getattr(node, "value", None), list) else []:
            if getattr(k, "value", None) == key:
                line, value = k.start_mark.line + 1, v
                break
        if value is None:
            break
        node = value
    return line


def parse(raw: dict, where: str = METAMODEL_FILE, node=None) -> Metamodel:
    def fail(msg: str, *path: str) -> MetamodelError:
        line = _line(node, path)
        fix = "。处理：对照仓库中的 metamodel.yaml 改正"
        return MetamodelError(f"{where}:{line}: {msg}{fix}" if line else f"{where}: {msg}{fix}")

    fields = {}
    for name, spec in raw["fields"].items():
        if spec["type"] not in FIELD_TYPES:
            raise fail(f"字段 {name} 的类型 {spec['type']} 不受支持", "fields", name)
        fields[name] = FieldSpec(
            name, spec["label"], spec["type"], tuple(spec.get("values", ())), tuple(spec.get("sets", ()))
        )
    type_names = set(raw["types"])
    links = {}
    for name, spec in raw["links"].items():
        unknown = set(spec["targets"]) - type_names
        if unknown:
            raise fail(f"链接 {name} 指向未声明的类型 {sorted(unknown)}", "links", name)
        links[name] = LinkSpec(name, spec["outgoing"], spec["incoming"], tuple(spec["targets"]))
    types = {}
    for name, spec in raw["types"].items():
        declared = spec.get("fields", {})
        req = tuple(declared.get("required", []))
        opt = tuple(declared.get("optional", []))
        for f in req + opt:
            if f not in fields:
                raise fail(f"类型 {name} 使用了未声明的字段 {f}", "types", name)
        tlinks = {}
        for lname, lspec in (spec.get("links") or {}).items():
            if lname not in links:
                raise fail(f"类型 {name} 使用了未声明的链接 {lname}", "types", name, "links", lname)
            tlinks[lname] = TypeLink(links[lname], int((lspec or {}).get("min", 0)))
        types[name] = ObjectType(
            name=name,
            title=spec["title"],
            prefix=spec["prefix"],
            id_pattern=re.compile(spec["id_pattern"]),
            color=spec.get("color", ""),
            dated=bool(spec.get("dated", False)),
            required=req,
            optional=opt,
            links=tlinks,
        )
    roles = dict(raw.get("roles") or {})
    for role, type_name in roles.items():
        if type_name not in types:
            raise fail(f"作用 {role} 指向未声明的类型 {type_name}", "roles", role)
    missing = [r for r in ROLES if r not in roles]
    if missing:
        raise fail(f"roles 中缺少 {'、'.join(missing)}：请写明哪一种类型承担这些作用", "roles")
    computed = {
        name: FieldSpec(name, spec["label"], spec.get("type", "string"))
        for name, spec in (raw.get("computed") or {}).items()
    }
    builtin = frozenset(name for name, spec in (raw.get("computed") or {}).items() if spec.get("builtin"))
    question_links = dict(raw.get("question_links") or {})
    for key, link in question_links.items():
        if link not in links:
            raise fail(f"题库键 {key} 对应未声明的链接 {link}")
    return Metamodel(dict(raw["statuses"]), fields, links, types, roles, computed, builtin, question_links)
