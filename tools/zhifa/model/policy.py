"""What content may contain: the one content policy, read by ``zhifa check`` (on the parsed Markdown) and by
the build (again, on the doctree). Content arrives through pull requests, so it is untrusted input: nothing in it
may run script, send the reader elsewhere, fetch from another host or read a file outside the repository.

- Links: relative, or http(s)/mailto. Images: only files inside the repository.
- Directives: the allow-list in ``model.repo`` plus the object types; never raw, include, meta or eval-rst.
- No ``myst:`` (or ``html_*``) front-matter key: it would change how the parser treats the page.
- No path leaving the repository, symlinks included.
- IDs and titles: no invisible or control characters (bidi overrides, zero-width spaces, NUL, noncharacters).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

LINK_SCHEMES = ("http", "https", "mailto")
# Directives that read files, emit markup or change the page's head: each named in its own message.
FORBIDDEN_DIRECTIVES = {
    "raw": "内容一律按文字显示",
    "eval-rst": "reStructuredText 可以绕过全部检查",
    "include": "内容不得读取其他文件",
    "literalinclude": "内容不得读取其他文件",
    "meta": "内容不得改动网页头部（可把页面跳转到其他网站）",
    "image": "图片请用 Markdown 写法 ![说明](图片文件)",
    "figure": "图片请用 Markdown 写法 ![说明](图片文件)",
    "csv-table": "内容不得读取其他文件",
}
FORBIDDEN_FRONT_MATTER = ("myst", "html_meta", "html_theme")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# what browsers drop from a URL before reading its scheme
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def scheme(uri: str) -> str | None:
    m = SCHEME.match(_URL_NOISE.sub("", uri))
    return m.group(1).lower() if m else None


def link_problem(uri: str) -> str | None:
    """Why a link target is not allowed, or None."""
    s = scheme(uri)
    if s is not None and s not in LINK_SCHEMES:
        return f"链接目标“{shown(uri)}”使用了 {s}: 协议，只允许站内相对链接和 http(s)、mailto 链接"
    return None


def image_problem(uri: str) -> str | None:
    """Why an image source is not allowed (only local files: the site works offline), or None."""
    clean = _URL_NOISE.sub("", uri)
    if scheme(uri) is not None or clean.startswith("//") or clean.startswith("\\\\"):
        return f"图片“{shown(uri)}”不是仓库中的文件（站点离线使用，不得从其他网站加载）"
    return None


def inside(root: Path, path: Path) -> bool:
    """``path`` (resolved, symlinks followed) lies inside ``root``."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def symlink_in(root: Path, path: Path) -> Path | None:
    """The first symlink on the way from ``root`` to ``path`` (``path`` included), or None."""
    root = Path(root)
    try:
        rel = Path(path).relative_to(root)
    except ValueError:
        return None
    here = root
    for part in rel.parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def bad_char(text: str, allow: str = "") -> str | None:
    """The first invisible or control character in ``text`` as "U+XXXX（名称）", or None."""
    if text.isprintable():  # no "Other" or "Separator" character but the ASCII space: nothing to report
        return None
    for ch in text:
        if ch in allow:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (cat == "Zs" and ch not in " \u3000"):
            name = unicodedata.name(ch, "")
            return f"U+{ord(ch):04X}" + (f"（{name}）" if name else "")
    return None


def escaped(text: str) -> str:
    """``text`` with control and invisible characters written as \\uXXXX (newlines and tabs kept): safe to print."""
    return "".join(
        f"\\u{ord(c):04x}"
        if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        else c
        for c in text
    )


def shown(text: str, limit: int = 60) -> str:
    """``text`` safe to print in a message: control and invisible characters as \\uXXXX, cut to ``limit``."""
    out = escaped(text).replace("\n", "\\n").replace("\t", "\\t")
    return out if len(out) <= limit else out[: limit - 1] + "…"
