"""Procedures as the checker and the build see them: a procedure object followed, on the same page,
by its steps in order. Step numbers, successors and the edges a flowchart must have derive from that."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhifa.model.repo import Obj, Repository

BRANCH = re.compile(r"^(?P<label>[^→]+?)\s*(?:→|->)\s*(?P<target>\S+)$")


@dataclass
class Procedure:
    obj: Obj
    steps: list[Obj] = field(default_factory=list)

    def step_ids(self) -> set[str]:
        return {s.id for s in self.steps}


def collect(repo: Repository) -> tuple[list[Procedure], list[Obj]]:
    """Procedures in page order, and any step that precedes every procedure on its page."""
    procedures: list[Procedure] = []
    orphans: list[Obj] = []
    current: dict[str, Procedure] = {}
    procedure, step = repo.model.role("procedure"), repo.model.role("step")
    for o in repo.objects:
        if o.type == procedure:
            current[o.docname] = Procedure(o)
            procedures.append(current[o.docname])
        elif o.type == step:
            if o.docname in current:
                current[o.docname].steps.append(o)
            else:
                orphans.append(o)
    return procedures, orphans


def branches(value: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """'符合→ST-AAAAAA；不符合→ST-BBBBBB' as [(label, target)], plus the parts that could not be read."""
    out, bad = [], []
    for part in re.split(r"[；;\n]", value or ""):
        part = part.strip()
        if not part:
            continue
        m = BRANCH.match(part)
        (out.append((m.group("label").strip(), m.group("target"))) if m else bad.append(part))
    return out, bad


def expected_edges(proc: Procedure) -> list[tuple[str, str, str]]:
    """(from, to, label): a decision goes to its branches, an end goes nowhere, any other step goes to
    its :next: step or else to the step that follows it."""
    edges = []
    for i, s in enumerate(proc.steps):
        kind = s.value("kind")
        if kind == "结束":
            continue
        if kind == "判断":
            edges += [(s.id, target, label) for label, target in branches(s.value("branches"))[0]]
            continue
        following = s.link_ids("next") or ([proc.steps[i + 1].id] if i + 1 < len(proc.steps) else [])
        edges += [(s.id, t, "") for t in following[:1]]
    return edges
