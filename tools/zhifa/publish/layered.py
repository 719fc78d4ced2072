"""What check and build read for a layered repository: its merged standard, with the 偏离清单 .docx beside the
page (written again only when the deviations changed, so an unchanged repository stays an unchanged build)."""

from __future__ import annotations

import json
from pathlib import Path

from zhifa.docx import deviations as deviations_docx
from zhifa.model import layers
from zhifa.model.problems import Problem


def source(root: Path) -> tuple[Path, dict[str, str], list[Problem]]:
    """The folder to read, where each of its files comes from (see model.layers.source) and the layer's own
    problems (overrides of base clauses since repealed or changed). Raises LayerError."""
    root = Path(root)
    if not layers.declared(root):
        return root, {}, []
    merged = layers.merge(root)
    target = merged.root / layers.DEVIATIONS_DOCX
    record = merged.root / layers.ORIGINS_FILE
    stamp = merged.root / layers.DEVIATIONS_STAMP
    if target.parent.is_dir() and (not target.is_file() or _read(stamp) != _read(record)):
        mine = [d for d in merged.deviations if d.layer == root.resolve().name]
        deviations_docx.write(target, _title(root), mine)
        stamp.write_bytes(record.read_bytes())
    return merged.root, merged.files, merged.problems


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _title(root: Path) -> str:
    """The project name in conf.py (the county's name, as zhifa init writes it)."""
    for line in (root / "conf.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("project = "):
            return line.split("=", 1)[1].strip().strip("'\"")
    return root.name
