"""The checker: small check functions, each yielding problems, registered by decorator.

``run`` imports every check module so a new module is picked up by adding it to CHECK_MODULES.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..problems import Problem
from ..repo import Repository

CHECK_MODULES = ("syntax", "fields", "links", "structure", "procedures", "docforms", "quiz", "registry")


@dataclass(frozen=True)
class Context:
    repo: Repository
    on: dt.date  # the build date statuses are computed against


CheckFn = Callable[[Context], Iterable[Problem]]
_CHECKS: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    _CHECKS.append(fn)
    return fn


def run(repo: Repository, on: dt.date) -> list[Problem]:
    for name in CHECK_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    ctx = Context(repo, on)
    found = set(repo.problems)
    for fn in _CHECKS:
        found.update(fn(ctx))
    return sorted(found)
