"""The Mermaid text the site renders: the author's edges, with every label taken from the steps
themselves (escaped, so a title can never inject markup) and every node linked to its step."""

from __future__ import annotations

from zhifa.flowchart.source import Chart

SHAPES = {"开始": ('(["', '"])'), "结束": ('(["', '"])'), "判断": ('{"', '"}'), "环节": ('["', '"]')}


def escape(text: str) -> str:
    """Mermaid entity codes: the label is shown as text, whatever characters it holds."""
    out = text.replace("#", "#35;")
    for ch, code in (("&", "#amp;"), ("<", "#lt;"), (">", "#gt;"), ('"', "#quot;")):
        out = out.replace(ch, code)
    return " ".join(out.split())


def definition(chart: Chart, steps: list[dict]) -> str:
    """``steps``: in order, each {"id", "title", "kind", "no"}; nodes not among them are left out."""
    known = {s["id"] for s in steps}
    lines = [f"flowchart {chart.direction}"]
    for s in steps:
        left, right = SHAPES.get(s["kind"], SHAPES["环节"])
        lines.append(f"  {s['id']}{left}{s['no']}. {escape(s['title'])}{right}")
    for e in chart.edges:
        if e.src in known and e.dst in known:
            label = f'|"{escape(e.label)}"|' if e.label else ""
            lines.append(f"  {e.src} -->{label} {e.dst}")
    lines += [f'  click {s["id"]} href "#{s["id"]}"' for s in steps]
    return "\n".join(lines) + "\n"
