"""Benchmark (not a test) for issue 21: the site search at 1,000 and 10,000 objects. Prints, per size, the
bytes the search page loads before its first result (zhifa-search.json raw and gzip, plus MiniSearch and our
script) and the questions' index fetched only on request, the time to build the index in the browser's
engine (node), the query time over the officers' queries of tests/search_queries.yaml (median, 95th
percentile, slowest; node), and the time from opening search.html?q=… to the first result in Chromium
(median of runs), then the targets at 10,000 objects (query < 50 ms; index < 1 MB gzip).

    python benchmarks/search_bench.py [--sizes 1000,10000] [--runs 3] [--site BUILT_SITE]

The objects are the real repository's published entries, repeated with their sentences rotated and mixed
so that the text and the vocabulary grow like a real corpus (about 40 % questions, published apart as in
the real build); the vocabulary is computed by the build's own code (zhifa.model.segment, jieba). The page
and scripts come from a site of the real repository (--site, default _build/html, built when missing).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from zhifa.model import segment  # noqa: E402

QUERIES = ROOT / "tests" / "search_queries.yaml"
QUESTION_SHARE = 0.4
SENTENCE = re.compile(r"(?<=[。；])")
NODE_TIMER = r"""
const fs = require("fs"), path = require("path"), site = process.argv[process.argv.length - 1];
const m = {exports: {}};
new Function("module", "exports", fs.readFileSync(path.join(site, "_static/minisearch.js"), "utf8"))(m, m.exports);
const { Engine } = require(path.join(site, "_static/zhifa-search.js"));
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
const t0 = process.hrtime.bigint();
const data = JSON.parse(fs.readFileSync(path.join(site, "zhifa-search.json"), "utf8"));
const engine = new Engine(data, m.exports);
const names = Number(process.hrtime.bigint() - t0) / 1e6;
const texts = JSON.parse(fs.readFileSync(path.join(site, "zhifa-search-text.json"), "utf8"));
engine.docs.forEach((d) => { d.text = texts[d.n]; });
engine.addTexts(engine.docs);
engine.full = true;
const load = Number(process.hrtime.bigint() - t0) / 1e6;
const times = [];
for (let round = 0; round < 3; round++) {
  for (const q of queries) {
    const s = process.hrtime.bigint();
    engine.search(q, null);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
}
console.log(JSON.stringify({ names, load, times, docs: engine.docs.length }));
"""


def _real_site(site: Path | None) -> Path:
    """A site of the real repository built with the search of issue 21 (``zhifa build`` when missing or older)."""
    site = site or ROOT / "_build" / "html"
    if not (site / "zhifa-search-text.json").is_file():
        subprocess.run([sys.executable, "-m", "zhifa.cli", "build", "--out", str(site)], cwd=ROOT, check=True)
    return site


def _entries(site: Path) -> tuple[list[dict], list[dict]]:
    try:
        core = json.loads((site / "zhifa-search.json").read_text(encoding="utf-8"))["docs"]
        texts = json.loads((site / "zhifa-search-text.json").read_text(encoding="utf-8"))
        bank = json.loads((site / "zhifa-search-bank.json").read_text(encoding="utf-8"))
        return [{**d, "text": t} for d, t in zip(core, texts, strict=True)], bank["docs"]
    except (OSError, ValueError, KeyError, TypeError) as err:  # a site of other code or another repository
        raise SystemExit(
            f"{site}: 不是本仓库用当前代码构建的完整站点（{type(err).__name__}: {err}）。"
            f"请先运行 zhifa build --clean --out {site}，或用 --site 指定这样构建的站点。"
        ) from None


def _grow(entries: list[dict], n: int) -> list[dict]:
    """n entries: the real ones, then copies whose sentences are rotated and mixed with another entry's."""
    out = []
    for i in range(n):
        base = entries[i % len(entries)]
        copy = i // len(entries)
        if copy == 0:
            out.append(dict(base))
            continue
        other = entries[(i * 7 + copy) % len(entries)]
        mine = [s for s in SENTENCE.split(base["text"]) if s]
        theirs = [s for s in SENTENCE.split(other["text"]) if s]
        k = copy % max(len(mine), 1)
        text = "".join(mine[k:] + mine[:k] + theirs[: len(theirs) // 2])
        suffix = f"-{copy}"
        out.append(
            {
                **base,
                "id": base["id"] + suffix if base["id"] else "",
                "name": base["name"] + f"（{copy}）",
                "head": base["head"] + f"（{copy}）",
                "text": text,
                "url": base["url"].replace(".html", f"{suffix}.html", 1),
            }
        )
    return out


def write_index(site: Path, total: int, core: list[dict], bank: list[dict]) -> dict:
    """zhifa-search.json and zhifa-search-bank.json for ``total`` objects, as the build writes them."""
    n_bank = int(total * QUESTION_SHARE)
    docs, questions = _grow(core, total - n_bank), _grow(bank, n_bank)
    every = docs + questions
    user = segment.user_words([e["name"] for e in every] + [w for e in every for w in e["where"]])
    t0 = time.perf_counter()
    words = segment.words([t for e in every for t in (e["name"], e["text"])], user)
    vocab_s = time.perf_counter() - t0
    standards = list(dict.fromkeys(e["std"] for e in docs if e["role"] == "standard" and e["std"]))
    names = [{k: v for k, v in e.items() if k != "text"} for e in docs]
    index = {"dict": user, "words": sorted(words - set(user)), "standards": standards, "docs": names}
    texts = [e["text"] for e in docs]
    files = {"zhifa-search.json": index, "zhifa-search-text.json": texts, "zhifa-search-bank.json": {"docs": questions}}
    for name, data in files.items():
        (site / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"core_docs": len(docs), "bank_docs": len(questions), "vocab_s": vocab_s, "words": len(index["words"])}


def _bytes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, 6))


def node_times(site: Path, queries: list[str]) -> dict:
    result = subprocess.run(
        ["node", "-e", NODE_TIMER, str(site)], input=json.dumps(queries), capture_output=True, text=True, check=True
    )
    data = json.loads(result.stdout)
    times = sorted(data["times"])
    return {
        "names_ms": data["names"],
        "load_ms": data["load"],
        "query_median_ms": statistics.median(times),
        "query_p95_ms": times[int(0.95 * (len(times) - 1))],
        "query_max_ms": times[-1],
    }


def first_result(site: Path, runs: int) -> tuple[float, float]:
    """Seconds from navigating to search.html?q=听证 until the first result is on screen, and until the
    full-text results replace them (medians)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    times, full = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for _ in range(runs):
                context = browser.new_context()
                context.route(
                    "**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort()
                )  # nothing from another host
                page = context.new_page()
                page.goto(f"{origin}/search.html?q=%E5%90%AC%E8%AF%81")  # 听证
                page.wait_for_selector(".zf-result", timeout=120000)
                times.append(page.evaluate("performance.now()") / 1000)
                page.wait_for_selector("#zf-results[data-state=full]", timeout=300000)
                full.append(page.evaluate("performance.now()") / 1000)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return statistics.median(times), statistics.median(full)


def run(sizes: list[int], runs: int = 3, site: Path | None = None) -> list[dict]:
    import yaml

    queries = [q["q"] for q in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))]
    source = _real_site(site)
    core, bank = _entries(source)
    rows = []
    with tempfile.TemporaryDirectory(prefix="zhifa-search-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            target = work / f"n{n}"
            shutil.copytree(source, target)
            row = {"objects": n, **write_index(target, n, core, bank)}
            row["index_raw"], row["index_gzip"] = _bytes(target / "zhifa-search.json")
            row["text_raw"], row["text_gzip"] = _bytes(target / "zhifa-search-text.json")
            row["bank_raw"], row["bank_gzip"] = _bytes(target / "zhifa-search-bank.json")
            scripts = [_bytes(target / "_static" / f) for f in ("minisearch.js", "zhifa-search.js")]
            row["scripts_gzip"] = sum(g for _, g in scripts)
            row.update(node_times(target, queries))
            row["first_result_s"], row["full_result_s"] = first_result(target, runs)
            rows.append(row)
            print(f"  {n} objects measured", file=sys.stderr)
    return rows


def report(rows: list[dict]) -> None:
    def kb(n: float) -> str:
        return f"{n / 1024:,.0f} KB"

    print("\n## Search (issue 21)\n")
    print(f"Load average during the run: {os.getloadavg()[0]:.1f} (times grow with it on a shared machine)\n")
    print(
        "| objects | names index raw / gzip (before the first result) | scripts gzip | texts raw / gzip (after) "
        "| questions gzip (on request) | words | names indexed | all indexed | query median | p95 | slowest "
        "| first result | full-text results |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['objects']:,} ({r['core_docs']:,} + {r['bank_docs']:,} questions) | "
            f"{kb(r['index_raw'])} / {kb(r['index_gzip'])} | {kb(r['scripts_gzip'])} | "
            f"{kb(r['text_raw'])} / {kb(r['text_gzip'])} | {kb(r['bank_gzip'])} | {r['words']:,} | "
            f"{r['names_ms']:.0f} ms | {r['load_ms']:.0f} ms | {r['query_median_ms']:.1f} ms | "
            f"{r['query_p95_ms']:.1f} ms | {r['query_max_ms']:.1f} ms | {r['first_result_s']:.2f} s | "
            f"{r['full_result_s']:.2f} s |"
        )
    big = max(rows, key=lambda r: r["objects"])
    loaded = big["index_gzip"] + big["scripts_gzip"]
    print(f"\nTargets at {big['objects']:,} objects (engine times in node; first result in Chromium):\n")
    print("| target | measured | result |\n|---|---|---|")
    print(
        f"| query under 50 ms (95th percentile of the officers' queries; slowest {big['query_max_ms']:.1f} ms) | "
        f"{big['query_p95_ms']:.1f} ms | {'达标' if big['query_p95_ms'] < 50 else '未达标'} |"
    )
    print(
        f"| loaded before the first result under 1 MB gzip (names index + scripts) | {kb(loaded)} | "
        f"{'达标' if loaded < 1024 * 1024 else '未达标'} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--site", type=Path, help="a built site of the real repository (default _build/html)")
    args = ap.parse_args()
    report(run([int(n) for n in args.sizes.split(",")], args.runs, args.site))


if __name__ == "__main__":
    main()
