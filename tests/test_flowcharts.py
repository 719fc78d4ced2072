"""Flowcharts: rendered at build time by the real Mermaid CLI, inlined, clickable, escaped."""

from __future__ import annotations

from conftest import serve
from zhifa.flowchart import compose, render, source


def test_markup_in_a_step_title_is_shown_as_text_and_never_runs(page, tmp_path):
    """Defence in depth: even if a title with markup got past `check`, the chart shows it as text."""
    evil = '<img src=x onerror="window.pwned=1">'
    chart = source.parse("flowchart TD\n  ST-AAAAA1 --> ST-AAAAA2\n")
    definition = compose.definition(
        chart,
        [
            {"id": "ST-AAAAA1", "title": evil, "kind": "开始", "no": 1},
            {"id": "ST-AAAAA2", "title": "<script>window.pwned=2</script>“引号”#1;", "kind": "结束", "no": 2},
        ],
    )
    svg = render.render_all({"escape-test": definition})["escape-test"]
    (tmp_path / "index.html").write_text(f'<!doctype html><meta charset="utf-8"><body>{svg}</body>', encoding="utf-8")
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(tmp_path) as url:
        page.goto(f"{url}/index.html")
        page.wait_for_timeout(300)
        text = page.locator("svg").text_content()
    assert page.evaluate("window.pwned") is None and not dialogs
    assert not any(u.endswith("/x") for u in requested)
    assert evil in text and "<script>window.pwned=2</script>" in text
    assert page.locator("svg img, svg script").count() == 0


def test_composed_chart_takes_labels_and_shapes_from_the_steps():
    chart = source.parse("flowchart LR\n  ST-A --> ST-B\n  ST-B -->|是| ST-C\n")
    text = compose.definition(
        chart,
        [
            {"id": "ST-A", "title": "受理", "kind": "开始", "no": 1},
            {"id": "ST-B", "title": "是否立案", "kind": "判断", "no": 2},
            {"id": "ST-C", "title": "立案", "kind": "环节", "no": 3},
        ],
    )
    assert text.startswith("flowchart LR\n")
    assert 'ST-B{"2. 是否立案"}' in text and 'ST-A(["1. 受理"])' in text and 'ST-C["3. 立案"]' in text
    assert 'ST-B -->|"是"| ST-C' in text and 'click ST-C href "#ST-C"' in text
