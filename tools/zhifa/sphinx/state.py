"""The extension's build state, declared in two records instead of loose attributes:

- ``EnvState`` (``env.zhifa``) is pickled with Sphinx's environment, so an incremental build starts from it:
  the metamodel and the facts computed from every document read (per-document facts, numbers, chapters,
  step numbers, last numbers of repealed clauses, standards printed as .docx, history digests).
- ``RunState`` (``app.zhifa``) lasts one run: caches and what the incremental machinery carries between
  events (the previous and next saved state, documents read this run, what each page used (uses.py) and the
  digests of those facts, rendered charts, navigation, history, the bank and the terms computed once per run).
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
    uses: dict = field(default_factory=dict)  # page (or "@output") -> facts it used, recorded this run (uses.py)
    shared: dict = field(default_factory=dict)  # values computed once for many pages, with the facts they used
    snapshot: object = None  # incremental.Snapshot: the objects' digests once every document is read
    digests: dict = field(default_factory=dict)  # fact -> its digest in this build
    changed: set = field(default_factory=set)  # pages and outputs whose used facts changed since the last build
    svgs: dict = field(default_factory=dict)
    renderer: object = None  # flowchart.render.Renderer, started early when the chart cache is cold
    nav: object = None
    history: object = None
    needs_json: bool = False
    bank: dict = field(default_factory=dict)  # question ID -> its entry in the published bank
    questions: list | None = None  # the bank's question records in reading order
    questions_by_clause: dict | None = None  # clause ID -> positions in ``questions`` of those testing it
    bank_uses: dict = field(default_factory=dict)  # question ID -> the facts its bank entry was made from
    lawtexts: dict = field(default_factory=dict)  # imported official law texts, by law code
    words_ahead: object = None  # model.segment.Ahead: jieba loading beside an incremental build
    sw_job: tuple | None = None  # (worker key, pwa._Generation): Workbox generating the service worker early
    background: dict = field(default_factory=dict)  # name -> (forks.Background, then): background.py
    uris: dict = field(default_factory=dict)  # (page, page) -> relative URI (render.relative_uri)
    env_writer: int | None = None  # the child writing an incremental build's environment (upstream_costs.py)
    needs_docs: set | None = None  # pages sphinx-needs held data of when the reading began (upstream_costs.py)


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
