"""The preview server on 127.0.0.1: the site's pages only, no folder listings, no hidden files (.buildinfo,
the site marker); a path that cannot name a file of the site (NUL or other control characters, a parent
folder, a backslash, undecodable bytes) is answered 400; the listen queue holds many concurrent requests.
With live preview (publish.live) it also answers the pages' questions for news (held open until the build
state changes) and adds the live script to the pages it serves; the files of the site stay as built."""

from __future__ import annotations

import functools
import http.server
import io
import os
import urllib.parse
from pathlib import Path

QUEUE = 256  # the standard library's 5 drops connections when a page loads many files at once


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    live = None  # publish.live.Live while previewing live

    def list_directory(self, path):
        self.send_error(404, "No listing")
        return None

    def send_head(self):
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        try:
            path = urllib.parse.unquote(raw, errors="strict")
        except UnicodeDecodeError:
            path = None
        if path is None or bad_path(path):
            self.send_error(400, "Bad path")
            return None
        if any(part.startswith(".") for part in path.split("/")):
            self.send_error(404, "Not found")
            return None
        if self.live is not None:
            answer = self.live_head(path, self.path)
            if answer is not None:
                return answer
        try:
            return super().send_head()
        except (ValueError, OSError):
            self.send_error(400, "Bad path")
            return None

    def live_head(self, path: str, address: str):
        """The live status, the live script, or a page with the script added; None for any other file."""
        live = self.live
        if path == live.STATUS_PATH:
            after = urllib.parse.parse_qs(urllib.parse.urlsplit(address).query).get("after", [""])[0]
            waited = int(after) if after.isdigit() else None  # the serial the page last saw: wait for news
            return self._send(live.status(waited), "application/json; charset=utf-8")
        if path == live.SCRIPT_PATH:
            return self._send(live.script(), "text/javascript; charset=utf-8")
        local = self.translate_path(path)
        if os.path.isdir(local):
            if not path.endswith("/"):
                return None  # the standard redirect to the folder's address comes first
            local = os.path.join(local, "index.html")
        if not local.endswith(".html") or not os.path.isfile(local):
            return None
        with open(local, "rb") as f:
            return self._send(live.inject(f.read()), "text/html; charset=utf-8")

    def _send(self, body: bytes, ctype: str):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


def bad_path(path: str) -> bool:
    return (
        not path.startswith("/")
        or "\\" in path
        or any(ord(c) < 32 or ord(c) == 127 for c in path)
        or ".." in path.split("/")
    )


class SiteServer(http.server.ThreadingHTTPServer):
    request_queue_size = QUEUE
    daemon_threads = True


def make_server(out: Path, port: int, live=None) -> SiteServer:
    handler = type("Handler", (SiteHandler,), {"live": live}) if live is not None else SiteHandler
    return SiteServer(("127.0.0.1", port), functools.partial(handler, directory=str(out)))


def run(out: Path, port: int, live=None) -> None:
    """Serve ``out`` until Ctrl+C (an address in use raises OSError, which the command line explains);
    with ``live`` (publish.live.Live), rebuild on save and reload the open pages."""
    server = make_server(out, port, live)
    print(f"站点地址：http://127.0.0.1:{port}/  （按 Ctrl+C 停止）", flush=True)
    if live is not None:
        live.start()
        print("正在监视源文件：保存后自动重新构建并刷新浏览器中打开的页面。", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.close()
