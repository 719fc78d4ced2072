"""A line-oriented reader for the subset of MyST our content files use.

It finds what the checker needs (directives with their options and line numbers,
the toctree, headings, roles, raw HTML) without Sphinx, so ``check`` stays fast.
It never raises on malformed text: everything odd becomes a ``Problem``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhifa.model import yamlfile
from zhifa.model.problems import Problem

FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^}\s]*)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[^:\s]+):(?:\s+(?P<value>.*))?$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
ROLE = re.compile(r"(?<!`)\{(?P<role>[A-Za-z][\w-]*)\}`(?P<target>[^`]*)`")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
LONG_CODE = re.compile(r"(`{2,})(?:(?!\1).)+?\1")  # ``...`` spans may contain a role literally
# Tag-like markup or a comment: MyST would pass it through as raw HTML.
RAW_HTML = re.compile(r"<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)")


@dataclass
class Directive:
    name: str
    argument: str
    line: int  # 1-based line of the opening fence
    options: dict[str, tuple[str, int]] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    body_line: int = 0


@dataclass
class ProseLine:
    """A line of text outside code blocks and directive headers, as MyST would render it."""

    line: int
    text: str


@dataclass
class MystDoc:
    path: str
    front_matter: dict
    title: str | None
    directives: list[Directive]
    prose: list[ProseLine]
    problems: list[Problem]


def read(path: str, text: str, directive_names: set[str] | None = None) -> MystDoc:
    """Parse ``text``; ``directive_names``: directives whose bodies are MyST prose."""
    problems: list[Problem] = []
    lines = text.splitlines()
    front: dict = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            problems.append(Problem(path, 1, "文件开头的 --- 元数据块没有结束", "在元数据后加一行 ---"))
            start = len(lines)
        else:
            start = end + 1
            try:
                loaded = yamlfile.load("\n".join(lines[1:end]))[0] or {}
                if not isinstance(loaded, dict):
                    problems.append(Problem(path, 2, "元数据必须是“键: 值”的形式", "按“键: 值”格式改正"))
                else:
                    front = loaded
            except yamlfile.YamlError as exc:
                problems.append(
                    Problem(path, 1 + exc.line, f"元数据 YAML 有语法错误：{exc.message}", "按“键: 值”格式改正")
                )
    doc = MystDoc(path, front, None, [], [], problems)
    _read_block(doc, lines, start, len(lines), directive_names)
    return doc


def _read_block(doc: MystDoc, lines: list[str], start: int, stop: int, directive_names: set[str] | None) -> None:
    i = start
    while i < stop:
        raw = lines[i]
        m = FENCE_OPEN.match(raw)
        if not m:
            h = HEADING.match(raw)
            if h and doc.title is None and len(h.group("hashes")) == 1:
                doc.title = h.group("text")
            doc.prose.append(ProseLine(i + 1, raw))
            i += 1
            continue
        fence = m.group("fence")
        close = _find_close(lines, i + 1, stop, fence)
        info = m.group("info").strip()
        d = DIRECTIVE_INFO.match(info)
        if close is None:
            what = f"指令 {{{d.group('name')}}}" if d else "代码块"
            doc.problems.append(
                Problem(doc.path, i + 1, f"{what} 的 {fence} 围栏没有闭合", f"在内容结束处加一行 {fence}")
            )
            close = stop
        if d is None:  # a plain code block: contents are not prose
            i = close + 1
            continue
        directive = Directive(d.group("name"), d.group("arg").strip(), i + 1)
        j = i + 1
        if j < close and lines[j].strip() == "---":
            doc.problems.append(Problem(doc.path, j + 1, "指令选项不支持 --- YAML 写法", "请逐行写成“:字段: 值”"))
        while j < close:
            om = OPTION.match(lines[j].strip()) if lines[j].strip().startswith(":") else None
            if not om:
                break
            key = om.group("key")
            if key in directive.options:
                doc.problems.append(Problem(doc.path, j + 1, f"选项 :{key}: 重复出现", "删除多余的一行"))
            directive.options[key] = ((om.group("value") or "").strip(), j + 1)
            j += 1
        while j < close and not lines[j].strip():
            j += 1
        directive.body = lines[j:close]
        directive.body_line = j + 1
        doc.directives.append(directive)
        if directive_names is None or directive.name in directive_names:
            # a MyST body: its text is prose and it may hold nested directives (even objects)
            _read_block(doc, lines, j, close, directive_names)
        i = close + 1


def _find_close(lines: list[str], start: int, stop: int, fence: str) -> int | None:
    char, n = fence[0], len(fence)
    nested = 0
    for k in range(start, stop):
        s = lines[k].strip()
        if s and set(s) == {char} and len(s) >= n:
            if nested:
                nested -= 1
                continue
            return k
        # a nested fence of the same character but longer opens an inner block
        m = FENCE_OPEN.match(lines[k])
        if m and m.group("fence")[0] == char and len(m.group("fence")) > n and m.group("info").strip():
            nested += 1
    return None


def roles(prose: list[ProseLine]) -> list[tuple[str, str, int]]:
    """Every ``{role}`target``` in prose, as (role, target, line)."""
    return [
        (m.group("role"), m.group("target").strip(), p.line)
        for p in prose
        for m in ROLE.finditer(LONG_CODE.sub("", p.text))
    ]


def strip_code(text: str) -> str:
    """Text with inline code spans and roles removed (they render as literal text)."""
    return INLINE_CODE.sub("", ROLE.sub("", LONG_CODE.sub("", text)))
