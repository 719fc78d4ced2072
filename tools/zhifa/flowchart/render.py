"""Mermaid text to SVG with the Mermaid CLI (npm, pinned in package-lock.json) driving the system
Chromium, all charts of a build in one browser session; results cached by content hash."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("render.mjs")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "zhifa" / "flowcharts"


class RenderError(Exception):
    pass


def _key(definition: str) -> str:
    return hashlib.sha256(("mermaid-cli-11.12.0\n" + definition).encode("utf-8")).hexdigest()[:24]


def render_all(definitions: dict[str, str]) -> dict[str, str]:
    """{name: definition} -> {name: svg}; raises RenderError with what to install when it cannot."""
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = {name: _key(d) for name, d in definitions.items()}
    missing = {keys[n]: d for n, d in definitions.items() if not (CACHE / f"{keys[n]}.svg").exists()}
    if missing:
        node = shutil.which("node")
        if node is None:
            raise RenderError("需要 Node.js 才能生成流程图（apt-get install nodejs），然后运行 npm ci")
        try:
            done = subprocess.run(
                [node, str(SCRIPT)],
                input=json.dumps(missing),
                capture_output=True,
                text=True,
                timeout=600,
                env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
            )
        except subprocess.TimeoutExpired as exc:
            raise RenderError("生成流程图超时") from exc
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise RenderError(
                "生成流程图失败（需要 npm ci 安装的 Mermaid CLI 和 /usr/bin/chromium）：" + " / ".join(tail)
            )
        for key, svg in json.loads(done.stdout).items():
            (CACHE / f"{key}.svg").write_text(svg, encoding="utf-8")
    return {name: (CACHE / f"{keys[name]}.svg").read_text(encoding="utf-8") for name in definitions}
