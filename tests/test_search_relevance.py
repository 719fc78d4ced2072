"""Relevance of the site search (issue 21): the committed queries (tests/search_queries.yaml, written the way
officers ask, expected objects chosen from the content) run through the real client code (the built
_static/zhifa-search.js with the bundled MiniSearch, in node) over the real index of the real site. Every
expected object must be in the first three results; the test prints the hit rate and fails under 95 %."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "search_queries.yaml"
RUNNER = HERE / "search" / "run_queries.js"
TARGET = 0.95


def run_queries(site: Path, queries: list[str]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the relevance test runs the site's search code in node")
    result = subprocess.run(
        [node, str(RUNNER), str(site)], input=json.dumps(queries), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def key(hit: dict) -> str:
    """A hit as the query file names it: its ID, or page:<document> for a page (a chapter)."""
    return hit["id"] or "page:" + hit["url"].split("#", 1)[0].removesuffix(".html")


def test_the_query_file_is_as_the_issue_asks():
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    typed = [q["q"] for q in queries]
    assert len(typed) >= 60 and len(set(typed)) == len(typed)
    for quoted in ("听证会", "听证期限", "听正", "五日", "查封扣押", "查封、扣押", "立案", "第十二条", "第12条", "5日"):
        assert quoted in typed, quoted
    assert "听证要提前几天通知" in typed
    assert all(q["expect"] and len(q["expect"]) <= 3 for q in queries)


def test_officers_queries_find_the_right_objects_in_the_first_three(site):
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    published = json.loads((site / "zhifa-search.json").read_text(encoding="utf-8"))["docs"]
    known = {d["id"] for d in published if d["id"]} | {key(d) for d in published if not d["id"]}
    missing = sorted({e for q in queries for e in q["expect"]} - known)
    assert not missing, f"the query file names objects the site does not publish: {missing}"
    results = run_queries(site, [q["q"] for q in queries])
    misses = []
    for q, r in zip(queries, results, strict=True):
        top = [key(h) for h in r["hits"][:3]]
        if not all(e in top for e in q["expect"]):
            misses.append(f"  {q['q']}: expected {q['expect']}, first three {top}")
    rate = 1 - len(misses) / len(queries)
    print(f"\nsearch relevance: {len(queries) - len(misses)}/{len(queries)} queries = {rate:.1%} (target {TARGET:.0%})")
    print("\n".join(misses))
    assert rate >= TARGET, "\n".join(misses)
