"""Where the tool keeps what any build on this machine may reuse: the drawn flowcharts and jieba's dictionary as
a table. ``XDG_CACHE_HOME`` as the desktop conventions say; a new machine or CI starts with it empty."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "zhifa"
