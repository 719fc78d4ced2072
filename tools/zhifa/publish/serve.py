"""The preview server on 127.0.0.1: the site's pages only, no folder listings, no hidden files (.buildinfo,
the site marker)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def list_directory(self, path):
        self.send_error(404, "No listing")
        return None

    def send_head(self):
        if any(part.startswith(".") for part in self.path.split("?", 1)[0].split("#", 1)[0].split("/")):
            self.send_error(404, "Not found")
            return None
        return super().send_head()


def run(out: Path, port: int) -> None:
    """Serve ``out`` until Ctrl+C (an address in use raises OSError, which the command line explains)."""
    handler = functools.partial(SiteHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"站点地址：http://127.0.0.1:{port}/  （按 Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
