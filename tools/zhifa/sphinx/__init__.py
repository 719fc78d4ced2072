"""Sphinx extension: configures sphinx-needs from the metamodel, renders our objects,
computes numbers and statuses, and runs the checker as part of the build."""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ConfigError

from zhifa.model import metamodel
from zhifa.model.repo import CONTENT_DIRS, ROOT_DOC
from zhifa.sphinx import (
    background,
    charts,
    collector,
    coverage,
    directives,
    drill,
    federation,
    footprint,
    incremental,
    layers,
    navigation,
    nodes,
    numbers,
    practice,
    progress,
    pwa,
    questions,
    render,
    revisions,
    roles,
    search_index,
    tables,
    templates,
    terms,
    ui_text,
    upstream_costs,
    validate,
)
from zhifa.sphinx.needs_config import needs_settings
from zhifa.sphinx.state import env_state, run_state

PACKAGE = Path(__file__).resolve().parent.parent


def _configure(app, config) -> None:
    try:
        model = metamodel.load(Path(app.srcdir))
    except metamodel.MetamodelError as exc:
        raise ConfigError(str(exc)) from exc
    run_state(app).model = model
    for key, value in needs_settings(model).items():
        setattr(config, key, value)
    config.include_patterns = [f"{ROOT_DOC}.md", *(f"{d}/**" for d in CONTENT_DIRS)]
    config.templates_path = [*config.templates_path, str(PACKAGE / "templates")]
    config.html_static_path = [*config.html_static_path, str(PACKAGE / "static")]


def _register_directives(app, config) -> None:
    # after sphinx-needs registered its own directive per type (config-inited, priority 500)
    directives.register(app, run_state(app).model)


def _env_model(app) -> None:
    env_state(app.env).model = run_state(app).model


def setup(app):
    app.add_config_value("zhifa_build_date", "", "env", types=[str])
    app.connect("config-inited", _configure, priority=5)
    app.connect("config-inited", search_index.configure)
    app.connect("config-inited", _register_directives, priority=900)
    app.connect("builder-inited", _env_model)
    app.connect("builder-inited", ui_text.install)
    app.connect("builder-inited", validate.run_checker)
    app.connect("builder-inited", charts.start_early)
    app.connect("build-finished", charts.finish)
    # the checker runs beside the build: it is waited for once the build's own outputs are written
    app.connect("build-finished", validate.report, priority=850)
    app.connect("build-finished", validate.mark_reusable, priority=10_000)
    app.connect("doctree-read", validate.forbid_raw, priority=100)  # before the collectors (ToC, images) see it
    app.connect("env-updated", numbers.compute)
    app.connect("env-updated", charts.build_all, priority=600)
    app.connect("needs-before-post-processing", numbers.fill_need_fields)
    app.connect("doctree-resolved", render.resolve)
    app.connect("doctree-resolved", tables.resolve)
    app.connect("doctree-resolved", coverage.resolve)
    app.connect("doctree-resolved", terms.link, priority=550)
    app.connect("doctree-resolved", practice.append, priority=560)
    app.connect("doctree-resolved", search_index.collect, priority=600)
    app.connect("build-finished", search_index.write)
    app.connect("builder-inited", search_index.without_sphinx_index)
    app.connect("builder-inited", search_index.load_words_ahead, priority=150)  # after incremental.load_state
    app.connect("build-finished", search_index.close_words_ahead, priority=1000)
    app.connect("build-finished", federation.publish)  # zhifa-layers.json for zhifa federate
    app.connect("build-finished", incremental.skip_unchanged("bank", drill.BANK_FILE, drill.write))
    incremental.register(app)
    app.connect("env-get-outdated", layers.outdated)  # a layered repository's record (issue 26)
    progress.register(app)
    footprint.register(app)
    upstream_costs.register(app)
    background.register(app)
    app.add_env_collector(collector.ObjectOrderCollector)
    nodes.register(app)
    roles.register(app)
    tables.register(app)
    templates.register(app)
    questions.register(app)
    coverage.register(app)
    drill.register(app)
    pwa.register(app)
    revisions.register(app)
    navigation.register(app)
    app.add_css_file("zhifa.css")
    app.add_css_file("zhifa-search.css")
    app.add_js_file("zhifa-filter.js", loading_method="defer")
    for script in (
        "zhifa-store.js",
        "zhifa-quiz.js",
        "zhifa-practice.js",
        "zhifa-drill.js",
        "zhifa-exam.js",
        "zhifa-classroom.js",
    ):
        app.add_js_file(script, loading_method="defer")  # deferred scripts run in this order
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
