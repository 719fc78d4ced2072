"""What each page used: the one way pages (and the published files) read objects they do not own, so an
incremental build knows which pages to write again (incremental.py keeps and compares the records).

A display reads objects through ``needs(app, docname)``, a read-only view of sphinx-needs' objects that
records what it hands out: looking an object up records its *name* (what mentioning or linking it shows:
ID, type, title, page, law and article, dates, computed status, number and step); reading any other field
records the whole *object* (every field, its text, backlinks, its question data); walking all objects
records *all* of them; ``of_type`` records which objects a type has, in order. Anything else a page shows
from outside its source is recorded with ``used(app, docname, kind, arg)``, naming a fact registered with
``@fact(kind)`` beside the display that shows it. A new display that reads through this module is tracked
without any change to the cache module.

Facts are computed from ``incremental.Snapshot``, taken once all documents are read: on the next build each
recorded fact is computed again and the pages whose facts changed are written again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sphinx_needs.data import SphinxNeedsData

from zhifa.sphinx.state import run_state

# Fields whose values follow from an object's name digest (raw values and the computed status, numbers and
# step, which sphinx-needs' copy receives in numbers.fill_need_fields).
NAME_FIELDS = (
    "id",
    "type",
    "title",
    "docname",
    "law",
    "article",
    "effective",
    "repealed",
    "draft",
    "status",
    "number",
    "chapter",
    "standard",
    "step_no",
    "procedure",
)
_NAMED = frozenset(NAME_FIELDS)
FACTS: dict[str, Callable] = {}  # kind -> fn(app, snapshot, arg): the value a page used, computed again later
OUTPUT = "@"  # the records of published files that are not pages (zhifa-bank.json, the .docx) start with it


def fact(kind: str):
    """Register how a kind of fact is computed (from ``incremental.Snapshot``), for ``used``."""

    def register(fn):
        FACTS[kind] = fn
        return fn

    return register


def _keys(app, docname: str) -> set:
    return run_state(app).uses.setdefault(docname, set())


def used(app, docname: str, kind: str, arg=None) -> None:
    """Record that ``docname`` shows the fact ``kind`` of ``arg`` (a registered fact)."""
    if kind not in FACTS:
        raise KeyError(f"unregistered fact {kind!r}")
    _keys(app, docname).add((kind, arg))


def record(app, docname: str, keys) -> None:
    """Record facts another computation used (e.g. a question of the bank shown on this page)."""
    _keys(app, docname).update(keys)


def begin(app, docname: str) -> None:
    """A page is rendered again: it starts a new record (every page shows the site's navigation)."""
    run_state(app).uses[docname] = {("nav", None)}


class Need:
    """One object, read-only; each field read is recorded as its name or the whole object."""

    __slots__ = ("_need", "_keys", "_id")

    def __init__(self, need, keys: set):
        self._need, self._keys, self._id = need, keys, need["id"]

    def _note(self, field) -> None:
        self._keys.add(("name" if field in _NAMED else "object", self._id))

    def __getitem__(self, field):
        self._note(field)
        return self._need[field]

    def get(self, field, default=None):
        self._note(field)
        return self._need.get(field, default)

    def __contains__(self, field) -> bool:
        self._note(field)
        return field in self._need

    def keys(self):
        self._keys.add(("object", self._id))
        return self._need.keys()

    def items(self):
        self._keys.add(("object", self._id))
        return self._need.items()

    def __iter__(self) -> Iterator:
        return iter(self.keys())


class Needs:
    """sphinx-needs' objects by ID (the resolved, read-only view), recording what is used into ``keys``."""

    def __init__(self, app, keys: set):
        self._needs = SphinxNeedsData(app.env).get_needs_view()
        self._keys = keys

    def get(self, need_id, default=None):
        self._keys.add(("name", need_id))
        need = self._needs.get(need_id)
        return default if need is None else Need(need, self._keys)

    def __getitem__(self, need_id) -> Need:
        self._keys.add(("name", need_id))
        return Need(self._needs[need_id], self._keys)

    def __contains__(self, need_id) -> bool:
        self._keys.add(("name", need_id))
        return need_id in self._needs

    def of_type(self, type_name: str) -> list[Need]:
        """Every object of a type, in the order of a clean build (which objects there are is recorded)."""
        self._keys.add(("type", type_name))
        return [Need(n, self._keys) for n in self._needs.values() if n["type"] == type_name]

    def values(self) -> list[Need]:
        self._keys.add(("all", None))
        return [Need(n, self._keys) for n in self._needs.values()]

    def items(self) -> list[tuple[str, Need]]:
        return [(n._id, n) for n in self.values()]

    def __iter__(self) -> Iterator[str]:
        return iter([n._id for n in self.values()])

    def __len__(self) -> int:
        self._keys.add(("all", None))
        return len(self._needs)


def needs(app, docname: str) -> Needs:
    """The objects as page (or output) ``docname`` reads them."""
    return Needs(app, _keys(app, docname))


def recorder(app) -> tuple[Needs, set]:
    """The objects read by a computation shared between pages, and the set its uses go to (for ``record``)."""
    keys: set = set()
    return Needs(app, keys), keys


def shared(app, docname: str, name: str, compute: Callable[[Needs], object]):
    """A value computed once per build from the objects and shown on many pages: each page that asks for it
    is recorded as using everything the computation used."""
    cache = run_state(app).shared
    if name not in cache:
        view, keys = recorder(app)
        cache[name] = (compute(view), keys)
    value, keys = cache[name]
    record(app, docname, keys)
    return value


def _sphinx_needs_displays():
    from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO

    return tuple({*NODE_TYPES, *NODE_TYPES_PRIO})


def start_page(app, doctree, docname: str) -> None:
    """doctree-resolved (first): a new record for the page. sphinx-needs' own displays (needtable, needflow,
    need roles ...) read its objects directly: a page with one uses every object."""
    begin(app, docname)
    kinds = _sphinx_needs_displays()
    if any(True for _ in doctree.findall(lambda n: isinstance(n, kinds))):
        _keys(app, docname).add(("all", None))


def register(app) -> None:
    app.connect("doctree-resolved", start_page, priority=1)
