"""Live preview: `zhifa serve` rebuilds on save, the open page reloads with the new text, a broken edit shows
its problem on the page, and the built site itself never carries the preview script."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from conftest import BUILD_DATE, guarded, make_repo

PAGE = "standards/demo/general.html"


def test_a_saved_edit_reloads_the_open_page_and_a_broken_one_shows_its_problem(tmp_path, browser):
    repo = make_repo(tmp_path / "repo")
    out = tmp_path / "html"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhifa.cli", "--root", str(repo), "serve", "--out", str(out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "ZHIFA_BUILD_DATE": BUILD_DATE},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        said = []
        for line in proc.stdout:
            said.append(line)
            if "正在监视源文件" in line:
                break
        assert proc.poll() is None, "".join(said)
        clause = repo / "standards" / "demo" / "general.md"
        text = clause.read_text(encoding="utf-8")
        with guarded(browser) as context:
            page = context.new_page()
            page.goto(f"{base}/{PAGE}")
            assert "为规范执法，制定本规范。" in page.inner_text("body")
            page.evaluate("window.zfNotReloaded = true")

            clause.write_text(text.replace("制定本规范。", "制定本规范（已修订）。"), encoding="utf-8")
            page.wait_for_function("document.body.innerText.includes('制定本规范（已修订）')", timeout=120_000)
            assert page.evaluate("window.zfNotReloaded") is None  # the page was loaded again, not patched
            assert page.locator("#zf-live").count() == 0

            broken = text.replace(":source: 示范\n\n为规范执法", ":source: 示范\n:cites: CL-ZZZZZ9\n\n为规范执法", 1)
            assert broken != text
            clause.write_text(broken, encoding="utf-8")
            page.wait_for_selector("#zf-live li", timeout=120_000)
            shown = page.inner_text("#zf-live")
            assert "standards/demo/general.md:7" in shown and "CL-ZZZZZ9" in shown
            assert "制定本规范（已修订）" in page.inner_text("body")  # the last good page stays
            page.screenshot(path=str(tmp_path / "problem.png"))

            clause.write_text(text, encoding="utf-8")  # fixed: the problem goes, the page reloads
            page.wait_for_function("!document.body.innerText.includes('已修订')", timeout=120_000)
            assert page.locator("#zf-live").count() == 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    for html in out.rglob("*.html"):  # the published files never carry the preview script
        assert "_zhifa/live" not in html.read_text(encoding="utf-8"), html
