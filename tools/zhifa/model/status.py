"""In-force status, computed from an object's dates against one build date (never stored)."""

from __future__ import annotations

import datetime as dt
import os

BUILD_DATE_ENV = "ZHIFA_BUILD_DATE"


def build_date(explicit: str | dt.date | None = None) -> dt.date:
    """The date every status in one build is computed against: given, else $ZHIFA_BUILD_DATE, else today."""
    if isinstance(explicit, dt.date):
        return explicit
    value = explicit or os.environ.get(BUILD_DATE_ENV)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def compute(effective: str | None, repealed: str | None, draft: str | bool | None, on: dt.date) -> str:
    """Status key (draft / pending / current / repealed); labels live in the metamodel."""
    if str(draft).strip().lower() in ("true", "yes", "1", "是"):
        return "draft"
    rep = parse_date(repealed)
    if rep is not None and rep <= on:
        return "repealed"
    eff = parse_date(effective)
    if eff is None or eff > on:
        return "pending"
    return "current"


def of(obj, on: dt.date) -> str:
    """Status key of an object: a repository object (``.value``) or a need / mapping (``.get``)."""
    get = obj.value if hasattr(obj, "value") else obj.get
    return compute(get("effective"), get("repealed"), get("draft"), on)
