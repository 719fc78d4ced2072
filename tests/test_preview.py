"""Live preview: `zhifa serve` rebuilds on save, the open page reloads with the new text, a broken edit shows
its problem on the page, and the built site itself never carries the preview script. The preview is built by a
warm worker into a folder of its own: the published site is never touched, and a forked rebuild publishes what a
fresh build does."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

from conftest import BUILD_DATE, guarded, make_repo, zhifa
from zhifa.publish import live

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
    assert not out.exists()  # the preview has a folder of its own: --out, the published site, is not written
    preview = live.preview_dir(repo, out)
    assert (preview / PAGE).is_file()
    for html in preview.rglob("*.html"):  # the built files never carry the preview script: the server adds it
        assert "_zhifa/live" not in html.read_text(encoding="utf-8"), html


def _files(folder: Path, hidden: bool = True) -> dict[str, bytes]:
    found = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    return {k: p.read_bytes() for k, p in found.items() if hidden or not any(s.startswith(".") for s in k.split("/"))}


def _same_docx(a: bytes, b: bytes) -> bool:
    """The same parts (a .docx zip records the time it was written)."""
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    return sorted(za.namelist()) == sorted(zb.namelist()) and all(za.read(n) == zb.read(n) for n in za.namelist())


def test_a_warm_preview_rebuild_equals_a_fresh_build_and_leaves_the_published_site_alone(tmp_path):
    """The warm worker's forked rebuilds publish what a fresh ``zhifa build`` of the same sources does (every
    page byte for byte), minus the service worker; the published site of the same --out is never touched."""
    repo = make_repo(tmp_path / "repo")
    out = tmp_path / "html"
    built = zhifa("--root", str(repo), "build", "--out", str(out))
    assert built.returncode == 0, built.stdout + built.stderr
    published = {name: (out / name).stat().st_mtime_ns for name in _files(out)}
    published_bytes = _files(out)
    assert "sw.js" in published  # the published site has its service worker

    preview = live.Live(repo, out, BUILD_DATE)
    try:
        assert preview.first() == []
        clause = repo / "standards" / "demo" / "general.md"
        clause.write_text(clause.read_text(encoding="utf-8").replace("制定本规范。", "制定本规范（已修订）。"), "utf-8")
        preview.rebuild()
        assert preview.problems == []
        assert preview.worker.forked == 2 and preview.worker.proc.poll() is None  # both forked from the warm worker
    finally:
        preview.close()
    assert preview.worker.proc.poll() is not None  # closing the preview ends the worker

    assert "制定本规范（已修订）" in (preview.site / PAGE).read_text(encoding="utf-8")
    assert not (preview.site / "sw.js").exists()  # no service worker in the preview
    assert not preview.site.is_relative_to(out) and not out.is_relative_to(preview.site)
    assert {name: (out / name).stat().st_mtime_ns for name in _files(out)} == published
    assert _files(out) == published_bytes

    fresh = tmp_path / "fresh"
    built = zhifa("--root", str(repo), "build", "--clean", "--out", str(fresh))
    assert built.returncode == 0, built.stdout + built.stderr
    mine, theirs = _files(preview.site, hidden=False), _files(fresh, hidden=False)  # not the build's own records
    assert set(theirs) - set(mine) == {"sw.js"} and set(mine) - set(theirs) == set()
    differ = [
        name
        for name in mine
        if mine[name] != theirs[name] and not (name.endswith(".docx") and _same_docx(mine[name], theirs[name]))
    ]
    assert differ == []


def test_a_status_request_waits_for_news_and_is_answered_as_soon_as_the_build_state_changes(tmp_path):
    """The page asks with the serial it last saw: the answer comes when the state changes, not on a poll."""
    state = live.Live(tmp_path, tmp_path / "html", BUILD_DATE)
    seen = json.loads(state.status())["serial"]
    answers = []
    asking = threading.Thread(target=lambda: answers.append(json.loads(state.status(seen))))
    asking.start()
    asking.join(0.5)
    assert asking.is_alive() and answers == []  # nothing changed: the request is held open
    state._update(building=True)
    asking.join(10)
    assert answers and answers[0]["building"] is True and answers[0]["serial"] != seen
    assert json.loads(state.status(seen + 100))["serial"] == seen + 1  # a serial the page never saw: answered at once
    state.close()
