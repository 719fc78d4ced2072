"""A small table the search page uses to jump straight to an article by its number or ID
(第十二条, 第12条, 行政处罚法第五十四条, CL-7QK2M9): full-text ranking alone buries exact numbers."""

from __future__ import annotations

import json

from sphinx_needs.data import SphinxNeedsData

from .render import display, short_law

LOOKUP_FILE = "zhifa-lookup.json"


def write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    numbers = getattr(env, "zhifa_numbers", {})
    entries = []
    for need in SphinxNeedsData(env).get_needs_view().values():
        if need["type"] not in ("clause", "law") or not need["docname"]:
            continue
        if need["type"] == "law":
            number, source = display(need, numbers).split("》")[1], short_law(need["law"] or "")
        else:
            info = numbers.get(need["id"], {})
            number, source = info.get("number", ""), info.get("standard", "").strip("《》")
        entries.append({"id": need["id"], "number": number, "source": source, "title": need["title"],
                        "status": need.get("status") or "",
                        "url": app.builder.get_target_uri(need["docname"]) + "#" + need["id"]})
    entries.sort(key=lambda e: (e["source"], e["id"]))
    (app.outdir / LOOKUP_FILE).write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
