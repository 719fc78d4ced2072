"""Reading the subset of Mermaid flowchart syntax our charts use, with line numbers.

Supported lines: `flowchart TD|TB|LR|RL|BT` (or `graph`), `%%` comments, node lines `ID`, `ID[...]`,
`ID{...}`, `ID([...])`, `ID(...)`, and one edge per line: `A --> B`, `A -->|标签| B`, `A -- 标签 --> B`
(either end may carry a shape). Anything else is reported, never ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NODE = r"(?P<{n}>[A-Za-z][A-Za-z0-9_-]*)(?:\s*(?:\(\[[^\]]*\]\)|\[[^\]]*\]|\{{[^}}]*\}}|\([^)]*\)))?"
HEADER = re.compile(r"^(?:flowchart|graph)\s+(?P<dir>TD|TB|LR|RL|BT)\s*$")
NODE_LINE = re.compile("^" + NODE.format(n="id") + r"\s*$")
EDGE_LINE = re.compile(
    "^"
    + NODE.format(n="src")
    + r"\s+(?:-->\s*\|(?P<l1>[^|]*)\||--\s+(?P<l2>[^-][^>]*?)\s+-->|-->)\s+"
    + NODE.format(n="dst")
    + r"\s*$"
)


@dataclass
class Edge:
    src: str
    dst: str
    label: str
    line: int


@dataclass
class Chart:
    direction: str = "TD"
    nodes: dict[str, int] = field(default_factory=dict)  # node id -> first line
    edges: list[Edge] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def parse(text: str) -> Chart:
    chart = Chart()
    seen_header = False
    for k, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("%%"):
            continue
        if not seen_header:
            m = HEADER.match(line)
            if m:
                chart.direction, seen_header = m.group("dir"), True
            else:
                chart.errors.append((k, "流程图第一行应为 flowchart TD（或 LR 等方向）"))
                seen_header = True
            continue
        m = EDGE_LINE.match(line)
        if m:
            label = (m.group("l1") or m.group("l2") or "").strip()
            chart.edges.append(Edge(m.group("src"), m.group("dst"), label, k))
            for n in (m.group("src"), m.group("dst")):
                chart.nodes.setdefault(n, k)
            continue
        m = NODE_LINE.match(line)
        if m:
            chart.nodes.setdefault(m.group("id"), k)
            continue
        chart.errors.append((k, f"无法识别的流程图写法：{line[:40]}"))
    if not seen_header:
        chart.errors.append((1, "流程图为空"))
    return chart
