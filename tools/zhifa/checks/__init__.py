"""The checker: small check functions, each yielding problems, registered by decorator.

``run`` imports every check module so a new module is picked up by adding it to CHECK_MODULES.
``@cause`` marks a check whose errors are root causes (an object lost from its file): they are listed first,
before the errors they bring about elsewhere (links to the lost object); the files' own syntax errors before both.
``warnings`` runs the advisory checks (``@advisory``): things legal staff should fill in that never fail
``check`` or the build, reported as ``Problem(kind="warning")``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from zhifa.model.problems import Problem
from zhifa.model.repo import Repository

CHECK_MODULES = (
    "syntax",
    "policy",
    "fields",
    "links",
    "structure",
    "procedures",
    "templates",
    "quiz",
    "registry",
    "vanished",
    "laws",
    "reasons",
    "repeal",
)


@dataclass(frozen=True)
class Context:
    repo: Repository
    on: dt.date  # the build date statuses are computed against


CheckFn = Callable[[Context], Iterable[Problem]]
_CHECKS: list[CheckFn] = []
_ADVISORY: list[CheckFn] = []
_CAUSES: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    _CHECKS.append(fn)
    return fn


def cause(fn: CheckFn) -> CheckFn:
    """A check whose errors are listed before all others (see the module's docstring)."""
    _CHECKS.append(fn)
    _CAUSES.append(fn)
    return fn


def advisory(fn: CheckFn) -> CheckFn:
    """A check whose findings are warnings: reported, never an error."""
    _ADVISORY.append(fn)
    return fn


def _load() -> None:
    for name in CHECK_MODULES:
        importlib.import_module(f"{__name__}.{name}")


def run(repo: Repository, on: dt.date) -> list[Problem]:
    """The errors: anything here fails `check` and the build."""
    _load()
    ctx = Context(repo, on)
    found, syntax, first = set(repo.problems), set(repo.problems), set()
    for fn in _CHECKS:
        got = set(fn(ctx))
        found |= got
        if fn in _CAUSES:
            first |= got
    return sorted(found, key=lambda p: (p not in syntax, p not in first, p))  # the files' own syntax first


def warnings(repo: Repository, on: dt.date) -> list[Problem]:
    """The warnings of the advisory checks, sorted; they never make `check` or the build fail."""
    _load()
    ctx = Context(repo, on)
    found = {replace(p, kind="warning") for fn in _ADVISORY for p in fn(ctx)}
    return sorted(found)
