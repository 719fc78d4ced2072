"""The site's own JavaScript needs nothing newer than ES2020 (intranet browsers on Chromium 86-era kernels):
every file parses with acorn (npm, pinned) at ecmaVersion 2020, and a newer construct is rejected."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import ROOT

STATIC = ROOT / "tools/zhifa/static"
PARSE = """
const acorn = require(process.argv[1] + "/node_modules/acorn");
const files = JSON.parse(require("fs").readFileSync(0, "utf8"));  // stdin: the files outgrow one argument
const bad = [];
for (const [name, src] of Object.entries(files)) {
  try { acorn.parse(src, {ecmaVersion: 2020, sourceType: "script"}); }
  catch (e) { bad.push(name + ": " + e.message); }
}
console.log(JSON.stringify(bad));
"""


def _parse(files: dict[str, str]) -> list[str]:
    node = shutil.which("node")
    out = subprocess.run(
        [node, "-e", PARSE, str(ROOT)], input=json.dumps(files), capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_site_javascript_is_es2020():
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(STATIC.glob("*.js"))}
    assert len(files) >= 6
    assert _parse(files) == []


def test_a_newer_construct_is_rejected():
    assert _parse({"new.js": "const a = {}; const b = a.x ??= 1;"})  # logical assignment is ES2021
