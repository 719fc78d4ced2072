"""The preview server on 127.0.0.1: the site's pages only, no folder listings, no hidden files (.buildinfo,
the site marker); a path that cannot name a file of the site (NUL or other control characters, a parent
folder, a backslash, undecodable bytes) is answered 400; the listen queue holds many concurrent requests."""

from __future__ import annotations

import functools
import http.server
import urllib.parse
from pathlib import Path

QUEUE = 256  # the standard library's 5 drops connections when a page loads many files at once


class SiteHandler(http.server.SimpleHTTPRequestHandler):
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
        try:
            return super().send_head()
        except (ValueError, OSError):
            self.send_error(400, "Bad path")
            return None


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


def make_server(out: Path, port: int) -> SiteServer:
    handler = functools.partial(SiteHandler, directory=str(out))
    return SiteServer(("127.0.0.1", port), handler)


def run(out: Path, port: int) -> None:
    """Serve ``out`` until Ctrl+C (an address in use raises OSError, which the command line explains)."""
    server = make_server(out, port)
    print(f"站点地址：http://127.0.0.1:{port}/  （按 Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
