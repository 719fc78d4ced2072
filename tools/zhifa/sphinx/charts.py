"""Flowcharts on procedure pages: composed from each procedure's chart file and its steps once all
documents are read, rendered in one batch, then inlined as SVG (so node links work in the page).

In a clean build, or when the cache lacks drawings (a new machine, CI, a renderer upgrade), the same
composition runs first on the procedures' pages as written, before Sphinx reads them: the renderer draws
while Sphinx reads (on the other core) and has ended, its memory freed, long before Sphinx's own peak; once
all documents are read the charts are composed from sphinx-needs' objects and only what is still missing is
drawn (normally nothing: tests/test_chart_render.py holds the two compositions equal)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from zhifa.checks.procedures import chart_path_ok
from zhifa.flowchart import compose, render, source
from zhifa.model import myst, repo
from zhifa.sphinx import uses
from zhifa.sphinx.numbers import step_numbers
from zhifa.sphinx.state import env_state, role, run_state

logger = logging.getLogger(__name__)


def start_early(app) -> None:
    """builder-inited: in a clean build, or when the cache lacks drawings, compose the charts from the procedures'
    pages and chart files as ``build_all`` will (10,000 objects: 0.2 s) and hand those not cached to the renderer
    at once: it draws while Sphinx reads and has ended (its memory freed) long before Sphinx's own peak."""
    renderer = render.Renderer()
    run_state(app).renderer = renderer
    srcdir = Path(app.srcdir)
    charts = sum(1 for _ in (srcdir / "flowcharts").glob("*.mmd"))
    if not charts or (app.env.all_docs and render.cached_count() >= charts):
        return  # no charts, or an incremental build with a warm cache: not even the pages are read again
    try:
        renderer.begin(early_definitions(srcdir, run_state(app).model))
    except (render.RenderError, OSError, ValueError):
        pass  # said again, as a warning, when the charts are rendered


def finish(app, exception) -> None:
    """build-finished: wait for a renderer begun early whose drawings were never asked for (a failed build)."""
    renderer = run_state(app).renderer
    if renderer is not None:
        renderer.close()


def compose_all(srcdir: Path, procedures: list[tuple[str, str]], steps: dict, objects: dict) -> dict[str, str]:
    """{procedure ID: Mermaid text} from ``procedures`` [(ID, :flowchart: path)], ``steps`` (numbers.step_numbers)
    and ``objects`` {ID: (title, kind)}: the one composition both passes use."""
    definitions: dict[str, str] = {}
    for proc_id, rel in procedures:
        path = srcdir / rel
        if not chart_path_ok(srcdir, rel) or not path.is_file():
            continue  # the checker reports a missing file or a path leaving flowcharts/ with its line
        chart = source.parse(path.read_text(encoding="utf-8"))
        mine = sorted(
            (i for i, s in steps.items() if s["procedure"] == proc_id and i in objects),
            key=lambda i: steps[i]["step_no"],
        )
        definitions[proc_id] = compose.definition(
            chart,
            [
                {"id": i, "title": objects[i][0], "kind": objects[i][1] or "环节", "no": steps[i]["step_no"]}
                for i in mine
            ],
        )
    return definitions


def early_definitions(srcdir: Path, model) -> dict[str, str]:
    """The charts as ``build_all`` will compose them from the needs, read before Sphinx reads anything: only the
    pages that hold a procedure are parsed (steps are numbered on their procedure's page)."""
    procedure = model.role("procedure")
    mark = "{" + procedure + "}"
    prose = repo.prose_directives(model)
    docs: dict[str, dict] = {}
    objects: dict[str, tuple[str, str]] = {}
    procedures: list[tuple[str, str]] = []
    for path in repo.content_files(srcdir):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if mark not in text:
            continue
        rel = path.relative_to(srcdir).as_posix()
        listed = []
        for d in myst.read(rel, text, prose).directives:
            need_id = d.options.get("id", ("", 0))[0].strip()
            if d.name not in model.types or not need_id or need_id in objects:
                continue  # sphinx-needs registers no object without an ID and only the first of an ID
            listed.append((need_id, d.name))
            objects[need_id] = (d.argument, d.options.get("kind", ("", 0))[0].strip())
            flowchart = d.options.get("flowchart", ("", 0))[0].strip()
            if d.name == procedure and flowchart and "flowchart" in model.types[procedure].fields:
                procedures.append((need_id, flowchart))
        docs[rel.removesuffix(".md")] = {"objects": listed}
    return compose_all(srcdir, procedures, step_numbers(docs, model), objects)


def build_all(app, env) -> None:
    """env-updated: compose every procedure's chart from the needs and render those not cached yet (after a cold
    start, normally none: ``start_early`` drew them)."""
    needs = SphinxNeedsData(env).get_needs_mutable()
    procedure = role(env, "procedure")
    definitions = compose_all(
        Path(app.srcdir),
        [(n["id"], n["flowchart"]) for n in needs.values() if n["type"] == procedure and n.get("flowchart")],
        env_state(env).steps,
        {i: (n["title"], n.get("kind") or "") for i, n in needs.items()},
    )
    run_state(app).svgs = {}
    if not definitions:
        finish(app, None)
        return
    try:
        renderer = run_state(app).renderer or render.Renderer()
        # where each drawing is, not its text: read when its page is written (10,000 objects: 27 MB less held
        # through the writing, where the build's memory peaks)
        run_state(app).svgs = renderer.draw(definitions)
    except render.RenderError as exc:
        logger.warning(str(exc), type="zhifa", subtype="flowchart")


@uses.fact("chart")
def _chart(app, snap, need_id: str) -> str | None:
    """The drawing's cache entry (renderer version and chart text hash): it names the drawing's bytes."""
    path = run_state(app).svgs.get(need_id)
    return f"{path.parent.name}/{path.name}" if path else None


def chart_node(app, docname: str, need_id: str) -> nodes.Node | None:
    uses.used(app, docname, "chart", need_id)
    path = run_state(app).svgs.get(need_id)
    if path is None:
        return None
    box = nodes.container(classes=["zf-flowchart"])
    box += nodes.raw("", path.read_text(encoding="utf-8"), format="html")  # drawn by us from escaped labels
    return box
