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
    except UnicodeDecodeError as exc:
        raise MetamodelError(
            f"{METAMODEL_FILE}:1: 元模型文件不是 UTF-8 编码的文本（第 {exc.start} 字节）。"
            "处理：用 git 恢复 metamodel.yaml"
        ) from exc
    except OSError as exc:
        raise MetamodelError(
            f"{METAMODEL_FILE}:1: 无法读取元模型：{exc.strerror}。处理：检查文件是否存在、权限"
        ) from exc
    except yamlfile.YamlError as exc:
        raise MetamodelError(
            f"{METAMODEL_FILE}:{exc.line}: 元模型 YAML 有语法错误：{exc.message}。处理：检查缩进和冒号"
        ) from exc
    shape(raw, METAMODEL_FILE, node)  # a missing key or a wrong type, at its line
    try:
        return parse(raw, METAMODEL_FILE, node)
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:  # shape() should leave none
        raise MetamodelError(
            f"{METAMODEL_FILE}:1: 元模型结构不完整或类型不对（{type(exc).__name__}: {exc}）。"
            "处理：对照仓库中的 metamodel.yaml 改正"
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


# The shape of each part: key -> (kind, required). Kinds: "text", "list" (of text), "map", "bool", "int", "regex".
_FIELD = {"label": ("text", True), "type": ("text", True), "values": ("list", False), "sets": ("list", False)}
_LINK = {"outgoing": ("text", True), "incoming": ("text", True), "targets": ("list", True)}
_TYPE = {
    "title": ("text", True),
    "prefix": ("text", True),
    "id_pattern": ("regex", True),
    "color": ("text", False),
    "dated": ("bool", False),
    "fields": ("map", False),
    "links": ("map", False),
}
_TYPE_FIELDS = {"required": ("list", False), "optional": ("list", False)}
_COMPUTED = {"label": ("text", True), "type": ("text", False), "builtin": ("bool", False)}
_KIND_NAMES = {
    "text": "一段文字",
    "list": "列表 [a, b]",
    "map": "“键: 值”的映射",
    "bool": "true 或 false",
    "int": "整数",
    "regex": "正则表达式",
}


def shape(raw, where: str = METAMODEL_FILE, node=None) -> None:
    """Every part the code reads is there and of the right kind; raises MetamodelError at the line of the key
    that is wrong (or, for a missing key, of the part that lacks it)."""

    def fail(msg: str, path: tuple[str, ...]) -> MetamodelError:
        line = _line(node, path) or 1
        return MetamodelError(f"{where}:{line}: {msg}。处理：对照仓库中的 metamodel.yaml 改正")

    def named(path: tuple[str, ...]) -> str:
        return ".".join(path) or "文件"

    def kind_ok(value, kind: str) -> bool:
        if kind == "text":
            return isinstance(value, str) and value != ""
        if kind == "list":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        if kind == "map":
            return isinstance(value, dict) or value is None
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if isinstance(value, str):
            try:
                re.compile(value)
            except re.error:
                return False
            return True
        return False

    def part(value, spec: dict, path: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            raise fail(f"{named(path)} 应是“键: 值”的映射", path)
        for key, (kind, required) in spec.items():
            if key not in value:
                if required:
                    raise fail(f"{named(path)} 缺少 {key}（应是{_KIND_NAMES[kind]}）", path)
                continue
            if not kind_ok(value[key], kind):
                raise fail(f"{named((*path, key))} 应是{_KIND_NAMES[kind]}", (*path, key))

    def each(section: str, spec: dict | None, required: bool = True) -> None:
        value = raw.get(section)
        if value is None and not required:
            return
        if not isinstance(value, dict) or not value and required:
            what = "缺少" if section not in raw else "应是非空的“键: 值”映射："
            raise fail(f"元模型{what} {section}", (section,) if section in raw else ())
        for name, sub in value.items():
            if spec is None:
                if not isinstance(sub, str) or not sub:
                    raise fail(f"{section}.{name} 应是一段文字", (section, str(name)))
            else:
                part(sub, spec, (section, str(name)))

    if not isinstance(raw, dict):
        raise fail("元模型应是“键: 值”的映射（statuses、fields、links、types、roles …）", ())
    each("statuses", None)
    each("fields", _FIELD)
    each("links", _LINK)
    each("types", _TYPE)
    each("roles", None, required=False)
    each("computed", _COMPUTED, required=False)
    each("question_links", None, required=False)
    for name, spec in raw["types"].items():
        part(spec.get("fields") or {}, _TYPE_FIELDS, ("types", str(name), "fields"))
        for lname, lspec in (spec.get("links") or {}).items():
            if lspec is not None and not isinstance(lspec, dict):
                raise fail(f"types.{name}.links.{lname} 应是 {{}} 或 {{min: 1}}", ("types", str(name), "links", lname))
            if lspec and "min" in lspec and not kind_ok(lspec["min"], "int"):
                raise fail(f"types.{name}.links.{lname}.min 应是整数", ("types", str(name), "links", lname, "min"))


def parse(raw: dict, where: str = METAMODEL_FILE, node=None) -> Metamodel:
    def fail(msg: str, *path: str) -> MetamodelError:
        line = _line(node, path) or 1
        return MetamodelError(f"{where}:{line}: {msg}。处理：对照仓库中的 metamodel.yaml 改正")

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
            raise fail(f"题库键 {key} 对应未声明的链接 {link}", "question_links", key)
    return Metamodel(dict(raw["statuses"]), fields, links, types, roles, computed, builtin, question_links)
