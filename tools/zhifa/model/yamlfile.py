"""The one way the project reads YAML (question banks, template fields, the blueprint, the metamodel, front
matter): a node tree that keeps every value's line, and a syntax error reported at its own line.

``compose`` keeps scalars as text (an answer "A", a date, "true" stay what the author wrote; resolving
tags would also be a third of the time on a large bank); ``load`` gives what yaml.safe_load gives, with
the node tree beside it for lines.
"""

from __future__ import annotations

import re

import yaml

_Fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


class TextLoader(_Fast):
    """Composes without resolving implicit tags: every scalar stays a string."""

    yaml_implicit_resolvers: dict = {}


class YamlError(Exception):
    """A syntax error: ``line`` (1-based, from the start of the text) and the parser's first message line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _error(exc: yaml.YAMLError) -> YamlError:
    # where the broken construct starts (an unclosed [ or quote) is where the author must look
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    text = str(exc).strip()
    problem = getattr(exc, "problem", None)
    return YamlError((mark.line + 1) if mark else 1, problem or (text.splitlines()[0] if text else "语法错误"))


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` with scalars as strings; raises YamlError."""
    try:
        return yaml.compose(text, Loader=TextLoader)
    except yaml.YAMLError as exc:
        raise _error(exc) from exc


def plain(node: yaml.Node | None):
    """A composed node as plain Python, scalars kept as strings."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(v) for v in node.value]
    return None if node is None else node.value


def load(text: str) -> tuple[object, yaml.Node | None]:
    """What yaml.safe_load gives (ints, booleans, dates resolved), and the node tree it was built from."""
    try:
        loader = yaml.SafeLoader(text)  # the reader already refuses control characters
        try:
            node = loader.get_single_node()
            return (loader.construct_document(node) if node is not None else None), node
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _error(exc) from exc
    except (ValueError, OverflowError) as exc:  # a value the resolver accepts but cannot build: 2026-02-30
        line, value = _unbuildable(text)
        raise YamlError(line, f"“{value}”不是有效的日期" if value else f"无法读取的值（{exc}）") from exc


def _unbuildable(text: str) -> tuple[int, str]:
    """The first date-like scalar that is not a real date, as (line, text); (1, "") if none."""
    import datetime as dt

    try:
        node = compose(text)
    except YamlError:
        return 1, ""
    stack = [node]
    while stack:
        n = stack.pop(0)
        if isinstance(n, yaml.MappingNode):
            stack[:0] = [x for pair in n.value for x in pair]
        elif isinstance(n, yaml.SequenceNode):
            stack[:0] = list(n.value)
        elif isinstance(n, yaml.ScalarNode) and n.style in (None, "") and _DATE.match(n.value):
            try:
                dt.date.fromisoformat(n.value[:10])
            except ValueError:
                return n.start_mark.line + 1, n.value
    return 1, ""


def line_of(node: yaml.Node | None, key: str, default: int = 1) -> int:
    """The line of ``key`` in a mapping node (1-based), or ``default``."""
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return k.start_mark.line + 1
    return default
