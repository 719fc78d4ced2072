"""上级规范 / 本地调整 / 本地新增 on each clause of a layered repository's merged standard (issue 26).

The merge (model/layers.py) records where each object comes from in the merged tree's zhifa-layers.json; a
本地调整 shows its reason and its difference from the base text, marked as the 对照表 marks it."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from docutils import nodes

from zhifa.amend import compare
from zhifa.model import layers


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def recorded(srcdir) -> dict | None:
    """The merged tree's record of origins and deviations, or None for a repository without layers."""
    path = Path(srcdir) / layers.ORIGINS_FILE
    try:
        return _read(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None


def section(app, need) -> nodes.Element | None:
    data = recorded(app.srcdir)
    if data is None or need["id"] not in data["origins"]:
        return None
    origin = data["origins"][need["id"]]
    kinds = [layers.ADOPTED, layers.OVERRIDDEN, layers.ADDED, layers.EXCLUDED]
    box = nodes.container(classes=["zf-layer", f"zf-layer-{kinds.index(origin)}"])
    para = nodes.paragraph("", "", nodes.inline("", "层级：", classes=["zf-link-label"]))
    para += nodes.strong("", origin)
    box += para
    # the last layer's word on the clause (the record lists the layers from the bottom up)
    deviation = next((d for d in reversed(data["deviations"]) if d["id"] == need["id"]), None)
    if origin == layers.EXCLUDED and deviation:
        box += nodes.paragraph("", f"不适用的理由：{deviation['reason']}")
    if origin == layers.OVERRIDDEN and deviation:
        box += nodes.paragraph("", f"调整理由：{deviation['reason']}")
        old = f"{deviation['base_title']}｜{deviation['base_text']}"
        new = f"{deviation['local_title']}｜{deviation['local_text']}"
        for label, runs, mark in zip(("上级规范原文：", "本地条文："), compare.pieces(old, new), ("zf-del", "zf-ins")):
            row = nodes.paragraph("", "", nodes.inline("", label, classes=["zf-link-label"]))
            for piece, changed in runs:
                row += nodes.inline("", piece, classes=[mark]) if changed else nodes.Text(piece)
            box += row
    return box


def outdated(app, env, added, changed, removed) -> set[str]:
    """env-get-outdated: a changed record (a reason, an origin) is shown on pages whose source did not change:
    read every page again, as when the metamodel changes (rare: only an edit of layers.yaml does it)."""
    path = Path(app.srcdir) / layers.ORIGINS_FILE
    key = path.read_bytes() if path.is_file() else b""
    if getattr(env, "zhifa_layers_record", b"") == key:
        return set()
    env.zhifa_layers_record = key
    return set(env.found_docs)
