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
LOOKS_OPTION = re.compile(r"^[:：](?P<key>[A-Za-z_][\w-]*)(?:：|:(?=\s|$))")
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
    # what MyST's own parser finds that the line reader does not show: directives inside block quotes or
    # lists, link targets and image sources, as (kind, line, text); kind is "nested", "link" or "image"
    parsed: list[tuple[str, int, str]] = field(default_factory=list)


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
    doc.parsed += scan(lines, start, len(lines), top=True)
    for d in doc.directives:
        if directive_names is None or d.name in directive_names:
            doc.parsed += scan(lines, d.body_line - 1, d.body_line - 1 + len(d.body))
    return doc


_PARSER = None
# What only MyST's parser sees: a link, image, reference definition or autolink, or a fence after a block quote
# or list marker or indented four spaces or more (the line reader takes fences at 0-3 spaces only).
NEEDS_PARSE = re.compile(
    r"\]\s*[(\[:]|<[A-Za-z][A-Za-z0-9+.\-]*:|"
    r"^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)+(?:`{3,}|~{3,})|^(?: {4,}|\t)[ \t>]*(?:`{3,}|~{3,})|"
    r"^[ \t>]*(?:[-*+]\s+)*(?:[-*_][ \t]*){3,}$",
    re.M,
)


def _parser():
    """MyST's own Markdown parser, configured as the build configures it."""
    global _PARSER
    if _PARSER is None:
        from markdown_it.renderer import RendererHTML
        from myst_parser.config.main import MdParserConfig
        from myst_parser.parsers.mdit import create_md_parser

        _PARSER = create_md_parser(MdParserConfig(), RendererHTML)
    return _PARSER


def scan(lines: list[str], start: int, stop: int, top: bool = False) -> list[tuple[str, int, str]]:
    """Parse ``lines[start:stop]`` as MyST does: every directive fence nested in a block quote or list
    (where the line reader cannot see it), every link target and every image source, with its line; and every
    thematic break (---) docutils refuses ("transition"; ``top``: the page itself, not a directive body)."""
    found: list[tuple[str, int, str]] = []
    if start >= stop:
        return found
    block = lines[start:stop]
    text = "\n".join(block)
    if not NEEDS_PARSE.search(text):  # nothing the line reader could miss: no link, image or hidden fence
        return found
    try:
        tokens = _parser().parse(text)
    except Exception:  # noqa: BLE001 - a parser failure must not hide the file: report it instead
        return [("unparsed", start + 1, "")]
    found += _transitions(tokens, start, top)
    containers = 0
    for tok in tokens:
        if tok.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            containers += 1
        elif tok.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            containers -= 1
        elif tok.type == "fence" and containers and tok.info.strip().startswith("{"):
            name = DIRECTIVE_INFO.match(tok.info.strip())
            found.append(("nested", start + tok.map[0] + 1, name.group("name") if name else tok.info.strip()))
        for child in _inline(tok):
            if child.type == "link_open":
                target, kind = str(child.attrs.get("href", "")), "link"
            elif child.type == "image":
                target, kind = str(child.attrs.get("src", "")), "image"
            else:
                continue
            line = start + (tok.map[0] if tok.map else 0) + 1
            if tok.map:
                for k in range(tok.map[0], tok.map[1]):
                    if target and target in block[k]:
                        line = start + k + 1
                        break
            found.append((kind, line, target))
    return found


def _transitions(tokens, start: int, top: bool) -> list[tuple[str, int, str]]:
    """Thematic breaks docutils refuses: at the start of the page or right after a heading, two in a row, at the
    end of the page, inside a block quote, list or directive body."""
    found = []
    blocks = [t for t in tokens if t.level == 0 and t.nesting >= 0]
    for k, tok in enumerate(blocks):
        if tok.type != "hr":
            continue
        line = start + (tok.map[0] if tok.map else 0) + 1
        prev = blocks[k - 1].type if k else None
        if not top:
            found.append(("transition", line, "指令正文中不能使用分隔线"))
        elif prev is None or prev == "heading_open":
            found.append(("transition", line, "分隔线不能位于页面开头或紧接在标题之后"))
        elif prev == "hr":
            found.append(("transition", line, "两条分隔线之间必须有内容"))
        elif k == len(blocks) - 1:
            found.append(("transition", line, "页面不能以分隔线结尾"))
    found += [
        ("transition", start + t.map[0] + 1, "引用块和列表中不能使用分隔线")
        for t in tokens
        if t.type == "hr" and t.level > 0 and t.map
    ]
    return found


def _inline(tok):
    stack = list(tok.children or [])
    while stack:
        child = stack.pop(0)
        yield child
        stack[:0] = child.children or []


def _read_block(doc: MystDoc, lines: list[str], start: int, stop: int, directive_names: set[str] | None) -> None:
    i = start
    while i < stop:
        raw = lines[i]
        m = fence_open(raw)
        if not m and FENCE_OPEN.match(raw) and FENCE_OPEN.match(raw).group("info").startswith("{"):
            doc.problems.append(
                Problem(
                    doc.path,
                    i + 1,
                    "指令第一行中有反引号 `，Markdown 不把它当作指令（其后的内容会错位或丢失）",
                    "删除标题中的反引号；需要时改用 ~~~ 围栏",
                )
            )
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
        if d is None:  # a plain code block: contents are not prose; its language must be one Pygments knows
            if info:
                doc.parsed.append(("code", i + 1, info.split()[0]))
            i = close + 1
            continue
        directive = Directive(d.group("name"), d.group("arg").strip(), i + 1)
        j = i + 1
        if j < close and lines[j].strip() == "---":
            doc.problems.append(Problem(doc.path, j + 1, "指令选项不支持 --- YAML 写法", "请逐行写成“:字段: 值”"))
        first_option = j
        while j < close:
            stripped = lines[j].strip()
            if not stripped.startswith(":") or stripped.startswith(":::"):  # MyST's own test of an option line
                break
            om = OPTION.match(stripped)
            if not om:
                _bad_option_line(doc, j + 1, stripped)
                j += 1
                continue
            key = om.group("key")
            if key in directive.options:
                doc.problems.append(Problem(doc.path, j + 1, f"选项 :{key}: 重复出现", "删除多余的一行"))
            directive.options[key] = ((om.group("value") or "").strip(), j + 1)
            j += 1
        _myst_options(doc, lines, first_option, j)
        _lost_options(doc, lines, j, close)
        while j < close and not lines[j].strip():
            j += 1
        directive.body = lines[j:close]
        directive.body_line = j + 1
        doc.directives.append(directive)
        if directive_names is None or directive.name in directive_names:
            # a MyST body: its text is prose and it may hold nested directives (even objects)
            _read_block(doc, lines, j, close, directive_names)
        i = close + 1


def _bad_option_line(doc: MystDoc, line: int, text: str) -> None:
    m = LOOKS_OPTION.match(text)
    if m and "：" in m.group(0):
        message, hint = f"选项 {m.group(0)} 用了全角冒号，MyST 不会把它当作选项", f"改为半角冒号 :{m.group('key')}:"
    else:
        message, hint = f"选项行“{text[:40]}”格式不对，MyST 会因此丢弃整个选项块", "每行写成“:字段: 值”"
    doc.problems.append(Problem(doc.path, line, message, hint))


def _myst_options(doc: MystDoc, lines: list[str], start: int, stop: int) -> None:
    """The options block as MyST's own option parser reads it: what it refuses drops every option."""
    if start >= stop or any(p.path == doc.path and start < p.line <= stop for p in doc.problems):
        return
    from myst_parser.parsers.options import TokenizeError, options_to_items

    try:
        options_to_items("\n".join(lines[k].lstrip()[1:] for k in range(start, stop)))
    except TokenizeError as exc:
        line = start + 1 + getattr(exc.problem_mark, "line", 0)
        doc.problems.append(
            Problem(doc.path, line, f"选项写法不对（{exc.problem}），MyST 会因此丢弃整个选项块", "每行写成“:字段: 值”")
        )


def _lost_options(doc: MystDoc, lines: list[str], start: int, stop: int) -> None:
    """Option-like lines after the options block ended (a stray line, a blank line or a full-width colon
    ended it): MyST shows them as body text and the option is silently lost, so each is an error."""
    seen_text = False
    for k in range(start, stop):
        s = lines[k].strip()
        if not s:
            if seen_text:
                return
            continue
        if s.startswith(("```", "~~~")):
            return
        m = LOOKS_OPTION.match(s)
        if m and ("：" in m.group(0)):
            doc.problems.append(
                Problem(
                    doc.path,
                    k + 1,
                    f"选项 {m.group(0)} 用了全角冒号，MyST 不会把它当作选项",
                    f"改为半角冒号 :{m.group('key')}:",
                )
            )
        elif m:
            doc.problems.append(
                Problem(
                    doc.path,
                    k + 1,
                    f"选项 :{m.group('key')}: 落在了指令正文中（选项块在它之前已被空行或其他文字结束），"
                    "MyST 会把它当作正文显示，该选项不起作用",
                    "选项要紧接指令第一行连续书写：删除它上方多余的文字或空行",
                )
            )
        seen_text = True


def fence_open(line: str):
    """The opening fence on ``line`` as CommonMark reads it: a backtick fence's info string has no backtick."""
    m = FENCE_OPEN.match(line)
    if m and m.group("fence")[0] == "`" and "`" in m.group("info"):
        return None
    return m


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
        m = fence_open(lines[k])
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
