"""Shared fixtures: small fixture repositories, the real site built once per session,
a static server on 127.0.0.1 and a Chromium page that fails on any request to another host."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUILD_DATE = "2026-06-01"
CHROMIUM = "/usr/bin/chromium"


def make_repo(dest: Path, fixture: str = "mini") -> Path:
    """A fixture repository: its content plus the project's own metamodel and conf.py."""
    shutil.copytree(FIXTURES / fixture, dest, dirs_exist_ok=True)
    for name in ("metamodel.yaml", "conf.py"):
        shutil.copy(ROOT / name, dest / name)
    return dest


def copy_real_repo(dest: Path) -> Path:
    from zhifa.model.repo import CONTENT_DIRS, ROOT_DOC

    dest.mkdir(parents=True, exist_ok=True)
    for name in (f"{ROOT_DOC}.md", "metamodel.yaml", "conf.py"):
        shutil.copy(ROOT / name, dest / name)
    for d in CONTENT_DIRS:
        if (ROOT / d).is_dir():
            shutil.copytree(ROOT / d, dest / d)
    return dest


def published_needs(site: Path) -> dict:
    """The objects of a built site, as its needs.json publishes them."""
    import json

    data = json.loads((site / "needs.json").read_text(encoding="utf-8"))
    return data["versions"][data["current_version"]]["needs"]


def zhifa(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZHIFA_BUILD_DATE": BUILD_DATE}
    return subprocess.run(
        [sys.executable, "-m", "zhifa", *args], cwd=cwd or ROOT, capture_output=True, text=True, env=env
    )


def sphinx_build(src: Path, out: Path, *settings: str) -> subprocess.CompletedProcess:
    """Sphinx alone on ``src``; ``settings`` are extra "name=value" configuration overrides."""
    overrides = [arg for s in (f"zhifa_build_date={BUILD_DATE}", *settings) for arg in ("-D", s)]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-E",
            "-W",
            "--keep-going",
            "-q",
            "--no-color",  # Sphinx colours its messages when CI=true; tests read them as plain text
            "-b",
            "html",
            *overrides,
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real repository, published once per test session with the real command."""
    out = tmp_path_factory.mktemp("site") / "html"
    result = zhifa("build", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """A static server for ``directory`` on 127.0.0.1; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def zhifa_serve(site: Path):
    """`zhifa serve --no-build` on a free port of 127.0.0.1; yields its base URL once it says it is up."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhifa.cli", "serve", "--no-build", "--out", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert f"{base}/" in proc.stdout.readline()
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def site_url(site) -> str:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@contextlib.contextmanager
def guarded(browser, scheme: str = "light", **options):
    """A browser context whose every page fails the test on a request to another host or a JavaScript error."""
    context = browser.new_context(locale="zh-CN", color_scheme=scheme, **options)
    foreign: list[str] = []
    errors: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    context.on("page", lambda pg: pg.on("pageerror", lambda exc: errors.append(str(exc))))
    try:
        yield context
    finally:
        context.close()
    assert not foreign, f"requests to other hosts were attempted: {foreign}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if any request to a host other than 127.0.0.1 was attempted
    or if the page threw a JavaScript error."""
    with guarded(browser) as context:
        yield context.new_page()
