"""The site's layer declaration, published as ``zhifa-layers.json`` beside needs.json and the bank (issue 27):
what ``zhifa federate`` reads to compare counties without building them.

It holds this layer's ID prefix, its base (name and release), its overrides (reason, base and local text), its
exclusions (reason, base text) and where each object comes from, as model/layers.py recorded them when merging;
plus which object type is the clause and which status means 现行 (the federation reads no metamodel). A repository
without layers publishes ``prefix`` and ``base`` as null: every clause is its own."""

from __future__ import annotations

import json
from pathlib import Path

from zhifa.model import layers
from zhifa.sphinx import layers as site_layers
from zhifa.sphinx.state import env_state

PUBLISHED = layers.ORIGINS_FILE  # the same name in the site as in the merged tree
FORMAT = 1


def declaration(app) -> dict:
    src = Path(app.srcdir)
    model = env_state(app.env).model
    out: dict = {
        "format": FORMAT,
        "project": app.config.project,
        "prefix": None,
        "base": None,
        "overrides": {},
        "excluded": {},
        "origins": {},
        "clause_type": model.role("article"),
        "current_status": model.status_label("current"),
    }
    record = site_layers.recorded(src)
    # the merged tree is <repository>/_build/merged: the declaration itself stays in the repository
    root = src.parents[1] if src.as_posix().endswith(layers.MERGED_DIR) else None
    if record is None or root is None or not layers.declared(root):
        return out
    decl = layers.read(root)
    where = decl.git if decl.git is not None else decl.path
    out["prefix"] = decl.prefix
    out["base"] = {"name": Path(str(where).rstrip("/")).name.removesuffix(".git"), "release": decl.release}
    out["origins"] = record["origins"]
    for d in record["deviations"]:
        shown = {"reason": d["reason"], "base_title": d["base_title"], "base_text": d["base_text"]}
        if d["kind"] == layers.OVERRIDDEN:
            out["overrides"][d["id"]] = {**shown, "title": d["local_title"], "text": d["local_text"]}
        else:
            out["excluded"][d["id"]] = shown
    return out


def publish(app, exception) -> None:
    """build-finished: write zhifa-layers.json into the site (rewritten only when it changed)."""
    if exception is not None or app.builder.format != "html":
        return
    text = json.dumps(declaration(app), ensure_ascii=False, indent=1, sort_keys=True)
    path = Path(app.outdir) / PUBLISHED
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
