"""Flowcharts rendered in one browser session: the same bytes as Mermaid CLI's own per-chart rendering,
reproducible, cached under the renderer's version, drawn from the charts composed before Sphinx reads (the
same texts the build composes afterwards), and a failing browser reported once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import BUILD_DATE, ROOT, make_repo
from zhifa.flowchart import compose, render, source

# Mermaid CLI's node API, one fresh page per chart (what `mmdc` does), with our options
REFERENCE = """
import fs from "node:fs";
import puppeteer from "puppeteer";
import { renderMermaid } from "@mermaid-js/mermaid-cli";
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const config = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu"] });
const out = {};
for (const [key, definition] of Object.entries(input)) {
  const { data } = await renderMermaid(browser, definition, "svg",
    { svgId: "zf-chart-" + key, backgroundColor: "transparent", mermaidConfig: config });
  out[key] = Buffer.from(data).toString("utf8");
}
await browser.close();
process.stdout.write(JSON.stringify(out));
"""


def _definitions() -> dict[str, str]:
    """Three charts of the real repository, with every shape and a label full of markup."""
    out = {}
    for path in sorted((ROOT / "flowcharts").glob("*.mmd"))[:3]:
        chart = source.parse(path.read_text(encoding="utf-8"))
        kinds = ["开始", "判断", "环节", "结束"]
        steps = [
            {"id": n, "title": f'{n} 第{i}步 <b>&"x"#1;', "kind": kinds[i % 4], "no": i}
            for i, n in enumerate(chart.nodes, 1)
        ]
        out[path.stem] = compose.definition(chart, steps)
    return out


def test_one_session_draws_the_same_bytes_as_mermaid_cli_per_chart(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "CACHE_ROOT", tmp_path / "cache")
    definitions = _definitions()
    batch = render.render_all(definitions)
    keys = {name: render._key(d) for name, d in definitions.items()}
    done = subprocess.run(
        ["node", "--input-type=module", "-e", REFERENCE, str(render.CONFIG)],
        input=json.dumps({keys[n]: d for n, d in definitions.items()}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    reference = json.loads(done.stdout)
    for name, svg in batch.items():
        assert svg == reference[keys[name]], name
        assert svg.startswith("<svg") and "第1步" in svg


def test_the_drawing_is_reproducible_whatever_the_batch(tmp_path, monkeypatch):
    """Rough.js (stadium shapes) draws at random unless seeded: the same chart, alone or among others,
    in a fresh cache, gives the same bytes."""
    definitions = _definitions()
    monkeypatch.setattr(render, "CACHE_ROOT", tmp_path / "one")
    together = render.render_all(definitions)
    monkeypatch.setattr(render, "CACHE_ROOT", tmp_path / "two")
    name = next(iter(definitions))
    alone = render.render_all({name: definitions[name]})
    assert alone[name] == together[name]


def test_the_cache_is_keyed_by_the_renderer_version(tmp_path, monkeypatch):
    modules = tmp_path / "node_modules"
    for name, version in (("@mermaid-js/mermaid-cli", "1.0.0"), ("mermaid", "2.0.0")):
        (modules / name).mkdir(parents=True)
        (modules / name / "package.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    monkeypatch.setattr(render, "_node_modules", lambda: modules)
    render.renderer_version.cache_clear()
    try:
        first, folder = render.renderer_version(), render.cache_dir()
        assert "@mermaid-js/mermaid-cli@1.0.0" in first and "mermaid@2.0.0" in first
        (modules / "mermaid" / "package.json").write_text(json.dumps({"version": "2.0.1"}), encoding="utf-8")
        render.renderer_version.cache_clear()
        assert render.cache_dir() != folder  # a Mermaid upgrade never serves an old drawing

        # the browser lays out the text: its version is part of the key, asked once per installed browser
        monkeypatch.setattr(render, "CACHE_ROOT", tmp_path / "cache")
        browser = tmp_path / "chromium"
        browser.write_text("#!/bin/sh\necho Chromium 150.0.1 built on Debian\necho asked >> \"$0.log\"\n")
        browser.chmod(0o755)
        monkeypatch.setattr(render, "CHROMIUM", str(browser))
        render.renderer_version.cache_clear()
        before = render.cache_dir()
        assert "Chromium 150.0.1" in render.renderer_version()
        render.renderer_version.cache_clear()
        assert render.cache_dir() == before
        assert (tmp_path / "chromium.log").read_text().count("asked") == 1  # remembered, not asked each build
        browser.unlink()  # an upgrade installs a new file
        browser.write_text("#!/bin/sh\necho Chromium 151.0.2 built on Debian\n")
        browser.chmod(0o755)
        render.renderer_version.cache_clear()
        assert "Chromium 151.0.2" in render.renderer_version() and render.cache_dir() != before
    finally:
        render.renderer_version.cache_clear()


def test_a_warm_cache_starts_no_browser(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "CACHE_ROOT", tmp_path / "cache")
    definitions = _definitions()
    first = render.render_all(definitions)
    monkeypatch.setattr(render, "CHROMIUM", str(tmp_path / "no-browser"))  # a start would fail
    assert render.render_all(definitions) == first


def test_a_cold_build_starts_the_browser_while_sphinx_reads(tmp_path):
    """With the chart's drawing not in the cache (which holds as many drawings of other charts) the renderer
    is started at builder-inited, before the sources are read, and only then; the page then holds the chart
    and the cache its drawing."""
    repo = make_repo(tmp_path / "repo")
    cache = tmp_path / "xdg"
    stale = cache / "zhifa" / "flowcharts" / render.cache_dir().relative_to(render.CACHE_ROOT) / f"{'0' * 24}.svg"
    stale.parent.mkdir(parents=True)
    stale.write_text("<svg>another chart</svg>", encoding="utf-8")
    log = tmp_path / "events.txt"
    # record the order of events from inside Sphinx: a tiny extension added on the command line
    (tmp_path / "spy.py").write_text(
        "from zhifa.flowchart import render\n"
        "def setup(app):\n"
        f"    log = open({str(log)!r}, 'a')\n"
        "    begin = render.Renderer.begin\n"
        "    def spy(self, definitions):\n"
        "        idle = self.job is None\n"
        "        begin(self, definitions)\n"
        "        if idle and self.job is not None:\n"
        "            log.write('start\\n'); log.flush()\n"
        "    render.Renderer.begin = spy\n"
        "    app.connect('source-read', lambda app, doc, src: (log.write('read\\n'), log.flush()))\n"
        "    return {'parallel_read_safe': True}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(cache),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
    }
    out = tmp_path / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        + ["-D", "extensions=myst_parser,sphinx_needs,zhifa.sphinx,spy", str(repo), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    events = log.read_text().split()
    assert events[0] == "start" and events.count("start") == 1 and "read" in events
    page = (out / "procedures" / "filing.html").read_text(encoding="utf-8")
    assert '<div class="zf-flowchart' in page and "<svg" in page
    assert len(list(stale.parent.glob("*.svg"))) == 2
    log.unlink()
    again = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        + ["-D", "extensions=myst_parser,sphinx_needs,zhifa.sphinx,spy", str(repo), str(tmp_path / "html2")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert again.returncode == 0, again.stderr
    assert "start" not in log.read_text().split()  # warm: no browser at all
    assert (tmp_path / "html2" / "procedures" / "filing.html").read_text(encoding="utf-8") == page


# a page with two procedures (numbering restarts at the second), a step before either (no procedure: no number),
# a step without a kind and titles with markup and extra spaces
TWO_PROCEDURES = """# 两个流程

```{step} 无主环节
:id: ST-BBBBB0
:kind: 环节
:role: 承办人员
:implements: CL-AAAAA3

**做什么**：不属于任何流程。
```

```{procedure} 第一个流程
:id: PR-BBBBB1
:flowchart: flowcharts/first.mmd
:implements: CL-AAAAA3

第一个。
```

```{step} 受理 <b>&"申请"#1;
:id: ST-BBBBB1
:kind: 开始
:role: 承办人员
:implements: CL-AAAAA3

**做什么**：受理。
```

```{step}   审查   材料
:id: ST-BBBBB2
:role: 承办人员
:implements: CL-AAAAA3

**做什么**：审查。
```

```{procedure} 第二个流程
:id: PR-BBBBB2
:flowchart:  flowcharts/second.mmd
:implements: CL-AAAAA3

第二个。
```

```{step} 决定
:id: ST-BBBBB3
:kind: 开始
:role: 承办人员
:implements: CL-AAAAA3

**做什么**：决定。
```

```{step} 送达
:id: ST-BBBBB4
:kind: 结束
:role: 承办人员
:implements: CL-AAAAA3

**做什么**：送达。
```
"""


def test_the_early_pass_composes_exactly_the_charts_the_build_composes(tmp_path):
    """A cold build draws the charts composed from the pages as written before Sphinx reads them; the charts the
    build then composes from sphinx-needs' objects must be the same texts, or it would draw every chart twice."""
    from zhifa.model import metamodel
    from zhifa.sphinx import charts

    repo = make_repo(tmp_path / "repo")
    (repo / "procedures" / "two.md").write_text(TWO_PROCEDURES, encoding="utf-8")
    index = repo / "procedures" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("filing\n", "filing\ntwo\n"), encoding="utf-8")
    (repo / "flowcharts" / "first.mmd").write_text("flowchart LR\n  ST-BBBBB1 -->|是| ST-BBBBB2\n", encoding="utf-8")
    (repo / "flowcharts" / "second.mmd").write_text("flowchart TD\n  ST-BBBBB3 --> ST-BBBBB4\n", encoding="utf-8")
    record = tmp_path / "composed.json"
    # what the build composes once all documents are read, recorded instead of drawn
    (tmp_path / "record.py").write_text(
        "import json\n"
        "from zhifa.flowchart import render\n"
        "def setup(app):\n"
        "    def record(self, definitions):\n"
        f"        open({str(record)!r}, 'w', encoding='utf-8').write(json.dumps(definitions))\n"
        "        return {}\n"
        "    render.Renderer.draw = record\n"
        "    render.Renderer.begin = lambda self, definitions: None\n"
        "    return {'parallel_read_safe': True}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        + ["-D", "extensions=myst_parser,sphinx_needs,zhifa.sphinx,record", str(repo), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    composed = json.loads(record.read_text(encoding="utf-8"))
    assert sorted(composed) == ["PR-AAAAA1", "PR-BBBBB1", "PR-BBBBB2"]
    assert '  ST-BBBBB3(["1. 决定"])' in composed["PR-BBBBB2"]  # numbered after its own procedure
    assert charts.early_definitions(repo, metamodel.load(repo)) == composed


def test_a_browser_that_fails_is_a_warning_and_is_started_once(tmp_path):
    """A cold build whose browser cannot draw: the early session fails, the build says so once as a warning
    (no traceback), goes on without the chart and does not start the failing browser a second time."""
    repo = make_repo(tmp_path / "repo")
    starts = tmp_path / "starts.txt"
    broken = tmp_path / "chromium"
    version = 'if [ "$1" = --version ]; then echo Chromium 1.0; exit 0; fi\n'  # asked for the chart cache key
    broken.write_text(f"#!/bin/sh\n{version}echo started >> {starts}\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "ZHIFA_CHROMIUM": str(broken)}
    out = tmp_path / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-q", "--no-color", "-b", "html", "-D", f"zhifa_build_date={BUILD_DATE}"]
        + [str(repo), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("生成流程图失败") == 1 and "cannot open display" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert starts.read_text().split() == ["started"]
    assert '<div class="zf-flowchart' not in (out / "procedures" / "filing.html").read_text(encoding="utf-8")
