"""The extension's build state, declared in two records instead of loose attributes:

- ``EnvState`` (``env.zhifa``) is pickled with Sphinx's environment, so an incremental build starts from it:
  the metamodel and the facts computed from every document read (per-document facts, numbers, chapters,
  step numbers, last numbers of repealed clauses, standards printed as .docx, history digests).
- ``RunState`` (``app.zhifa``) lasts one run: caches and what the incremental machinery carries between
  events (the previous and next saved state, documents read this run, rendered charts, navigation, history,
  keys of objects, the bank and the terms computed once per run).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhifa.model import status


@dataclass
class EnvState:
    model: object = None
    docs: dict = field(default_factory=dict)
    numbers: dict = field(default_factory=dict)
    chapters: dict = field(default_factory=dict)
    steps: dict = field(default_factory=dict)
    last_numbers: dict = field(default_factory=dict)
    printed: dict = field(default_factory=dict)
    history_digest: dict = field(default_factory=dict)


@dataclass
class RunState:
    model: object = None
    check: dict | None = None  # the checker running beside Sphinx: its key, problems, child process
    key: str | None = None
    state: dict | None = None  # what the previous build saved (None: nothing to reuse)
    next: dict = field(default_factory=dict)  # what this build saves for the next
    read: set = field(default_factory=set)  # documents Sphinx reads this run
    sigs: object = None
    svgs: dict = field(default_factory=dict)
    renderer: object = None  # flowchart.render.Renderer, started early when the chart cache is cold
    nav: object = None
    history: object = None
    need_keys: dict = field(default_factory=dict)
    needs_json: bool = False
    terms: object = None
    bank: list | None = None
    lawtexts: dict = field(default_factory=dict)  # imported official law texts, by law code


def env_state(env) -> EnvState:
    if not isinstance(getattr(env, "zhifa", None), EnvState):
        env.zhifa = EnvState()
    return env.zhifa


def run_state(app) -> RunState:
    if not isinstance(getattr(app, "zhifa", None), RunState):
        app.zhifa = RunState()
    return app.zhifa


def build_date(app) -> dt.date:
    """The date this build computes every status against (conf or -D zhifa_build_date, else the default)."""
    return status.build_date(app.config.zhifa_build_date or None)


def role(env, name: str) -> str:
    """The type the metamodel gives a part (article, law_article, procedure, step, glossary, question)."""
    return env_state(env).model.role(name)
