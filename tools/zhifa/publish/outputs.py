"""Where commands may write: outputs never touch sources, and nothing is deleted that the tool did not make.

Every output path a command is given passes through here before anything is written:

- never the repository root, a folder above it, a source folder (content, code, releases, .git) or anything
  inside one, a file git tracks, or a folder holding a ``.git``;
- an existing file is replaced only when this tool wrote it and nobody changed it since (its SHA-256 is in the
  ledger ``_build/zhifa-outputs.json``), or when the user says ``--force``;
- a site is built only into a new or empty folder or one this tool built (its marker ``.zhifa-site.json``
  lists every file the tool wrote there); ``--clean`` removes exactly those files and refuses while the folder
  holds anything else.

A refusal is a ``Refused`` whose text says what was refused and what to do; the command prints it and exits 1.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.model.repo import CONTENT_DIRS, ROOT_DOC

BUILD_DIR = "_build"  # git-ignored: every default output lives here
LEDGER = f"{BUILD_DIR}/zhifa-outputs.json"
STATE_DIR = f"{BUILD_DIR}/state"  # Sphinx environment and build caches, never inside a published site
SITE_MARKER = ".zhifa-site.json"
# Sources besides the content folders: what a legal office or the project maintains by hand.
SOURCE_DIRS = (*CONTENT_DIRS, "tools", "tests", "releases", "benchmarks", ".ci", ".git", ".github")
SOURCE_FILES = (
    f"{ROOT_DOC}.md",
    "conf.py",
    "metamodel.yaml",
    "pyproject.toml",
    "package.json",
    "package-lock.json",
    "Makefile",
    "README.md",
    "CONTRIBUTING.md",
    ".gitignore",
)
FORCE_HINT = "确认要覆盖时加 --force"


class Refused(Exception):
    """An output the command will not write; the message says why and what to do instead."""


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _git_tracked(root: Path, path: Path) -> bool:
    """Whether git tracks ``path`` or anything under it (False outside a git work tree)."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", str(path)], capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def guard_location(root: Path, path: Path, what: str) -> None:
    """Refuse a path that is, contains or lies inside the repository's sources."""
    root, path = root.resolve(), path.resolve()
    shown = _display(path)
    if path == root:
        raise Refused(f"拒绝把{what}写到仓库根目录 {shown}：这里是规范的源文件。处理：换一个新的路径，如 _build/ 下")
    if path in root.parents:
        raise Refused(f"拒绝把{what}写到 {shown}：它包含整个仓库 {root}。处理：换一个新的路径，如 _build/ 下")
    if path.is_relative_to(root):
        top = path.relative_to(root).parts[0]
        if top in SOURCE_DIRS or (len(path.relative_to(root).parts) == 1 and top in SOURCE_FILES):
            raise Refused(f"拒绝把{what}写到 {shown}：{top} 是仓库的源文件或源文件夹。处理：换一个路径，如 _build/ 下")
        if top != BUILD_DIR and path.exists() and _git_tracked(root, path):
            raise Refused(
                f"拒绝把{what}写到 {shown}：git 跟踪着这里的文件（源文件）。处理：换一个新的路径，如 _build/ 下"
            )
    if path.is_dir() and (path / ".git").exists():
        raise Refused(f"拒绝把{what}写到 {shown}：这是一个 git 仓库。处理：换一个新的空文件夹")


@dataclass
class Ledger:
    """The files this tool wrote outside a site, by absolute path, with the SHA-256 of what it wrote."""

    root: Path
    force: bool = False
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, force: bool = False) -> Ledger:
        ledger = cls(root.resolve(), force)
        try:
            data = json.loads((ledger.root / LEDGER).read_text(encoding="utf-8"))
            ledger.files = {k: v for k, v in data.get("files", {}).items() if isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            pass
        return ledger

    def claim(self, path: Path, what: str = "输出文件") -> Path:
        """The resolved path, once it is safe to write there; Refused otherwise."""
        path = Path(path).resolve()
        guard_location(self.root, path, what)
        if path.is_dir():
            raise Refused(
                f"拒绝把{what}写到 {_display(path)}：它是一个文件夹，这里需要一个文件。"
                f"处理：写出文件名，如 {_display(path / '输出文件')}"
            )
        if path.exists() and not self.force and self.files.get(str(path)) != _sha256(path):
            raise Refused(
                f"拒绝覆盖已有文件 {_display(path)}：它不是本工具生成的（或生成后被改动过）。"
                f"处理：换一个新的文件名，或{FORCE_HINT}"
            )
        return path

    def claim_folder(self, folder: Path, names: list[str], what: str = "输出") -> list[Path]:
        """The files ``names`` inside ``folder``, each claimed; the folder itself must be a safe place."""
        folder = Path(folder).resolve()
        guard_location(self.root, folder, what)
        if folder.exists() and not folder.is_dir():
            raise Refused(
                f"拒绝把{what}写到 {_display(folder)}：它是一个已有文件，-o 应指定一个文件夹。"
                "处理：换一个文件夹路径，如 _build/ 下"
            )
        return [self.claim(folder / name, what) for name in names]

    def record(self, *paths: Path) -> None:
        for path in paths:
            self.files[str(Path(path).resolve())] = _sha256(Path(path))
        target = self.root / LEDGER
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({"files": dict(sorted(self.files.items()))}, ensure_ascii=False, indent=0), encoding="utf-8"
        )


def state_dir(root: Path, out: Path) -> Path:
    """Where the build of ``out`` keeps its doctrees and caches: never inside the site. A site in the repository
    keeps it under _build/state/; a site elsewhere beside itself (.<name>.zhifa-state), so it goes when the
    site's folder goes and builds into temporary folders leave nothing behind in the repository."""
    root, out = root.resolve(), out.resolve()
    if not out.is_relative_to(root):
        return out.parent / f".{out.name or 'site'}.zhifa-state"
    tag = hashlib.sha1(str(out).encode()).hexdigest()[:10]
    return root / STATE_DIR / f"{out.name or 'site'}-{tag}"


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (relative POSIX path → size and mtime)."""
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            p = Path(dirpath, name)
            st = p.lstat()
            out[p.relative_to(folder).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


@dataclass
class Site:
    """A site folder the build may write into; ``finish`` records what the tool wrote there."""

    out: Path
    foreign: dict[str, tuple[int, int]]  # files the tool did not write, as they were before the build

    def finish(self) -> list[str]:
        """Write the marker; return the foreign files the build left untouched (they are never ours)."""
        now = _files(self.out)
        kept = sorted(rel for rel, seen in self.foreign.items() if now.get(rel) == seen)
        ours = sorted(rel for rel in now if rel not in kept and rel != SITE_MARKER)
        (self.out / SITE_MARKER).write_text(
            json.dumps({"files": ours, "foreign": kept}, ensure_ascii=False, indent=0), encoding="utf-8"
        )
        return kept


def _marker(out: Path) -> dict | None:
    try:
        data = json.loads((out / SITE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


# what earlier versions of the tool published and it no longer makes: removed from a site whose marker lists them
RETIRED = ("searchindex.js",)  # Sphinx's own search index, which no page read (sphinx.search_index)
LEGACY_STAMP = ".doctrees/zhifa-build.json"  # builds before the marker kept their state inside the site


def claim_site(root: Path, out: Path, *, clean: bool, force: bool) -> Site:
    """Check that a site may be built into ``out`` (and, with ``clean``, emptied); empty it if asked."""
    out = out.resolve()
    guard_location(root, out, "站点")
    state = root.resolve() / STATE_DIR
    if state.is_relative_to(out):
        raise Refused(
            f"拒绝把站点写到 {_display(out)}：构建状态保存在其中的 {_display(state)}，不能发布。"
            "处理：使用默认的 _build/html 或另一个新文件夹"
        )
    if out.exists() and not out.is_dir():
        raise Refused(
            f"拒绝把站点写到 {_display(out)}：它是一个已有文件，--out 应指定一个文件夹。处理：换一个文件夹路径"
        )
    marker = _marker(out)
    if marker is None and (out / LEGACY_STAMP).is_file():
        _remove(out, [f".doctrees/{rel}" for rel in _files(out / ".doctrees")])  # built by an earlier zhifa
        marker = {"files": list(_files(out))}
    if marker is None:  # not ours: look, but never walk someone else's tree (it may be a home folder)
        entries = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
        if entries and clean:
            raise Refused(
                f"拒绝清空 {_display(out)}：它不是本工具构建的站点（没有 {SITE_MARKER}）。"
                "处理：换一个新的文件夹，或自行检查后手动清理"
            )
        if entries and not force:
            raise Refused(
                f"拒绝构建到 {_display(out)}：这个文件夹不是空的，也不是本工具构建的站点，构建会覆盖其中的文件"
                f"（{'、'.join(entries[:5])}{' 等' if len(entries) > 5 else ''}）。"
                f"处理：换一个新的或空的文件夹，或{FORCE_HINT}"
            )
        return Site(out, _files(out) if entries else {})
    present = _files(out)
    ours = set(marker["files"])
    retired = sorted(rel for rel in RETIRED if rel in ours and rel in present)
    if retired:  # an incremental build publishes the files a clean one does
        _remove(out, retired)
        present = {rel: seen for rel, seen in present.items() if rel not in retired}
    foreign = {rel: seen for rel, seen in present.items() if rel not in ours and rel != SITE_MARKER}
    if clean:
        if foreign:
            raise Refused(
                f"拒绝清空 {_display(out)}：其中有 {len(foreign)} 个文件不是本工具生成的"
                f"（{'、'.join(sorted(foreign)[:5])}{' 等' if len(foreign) > 5 else ''}）。"
                "处理：先移走这些文件再 --clean"
            )
        _remove(out, sorted(ours & set(present)) + [SITE_MARKER])
        return Site(out, {})
    return Site(out, foreign)


def _remove(out: Path, rels: list[str]) -> None:
    """Delete exactly the listed files, then the folders they leave empty (never the files of anyone else)."""
    folders = set()
    for rel in rels:
        p = Path(os.path.normpath(out / rel))
        if p.parent.resolve().is_relative_to(out.resolve()) and (p.is_file() or p.is_symlink()):
            p.unlink()
            folders.update(q for q in p.parents if q.is_relative_to(out) and q != out)
    for folder in sorted(folders, key=lambda q: len(q.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:  # not empty: it holds something that is not ours
            pass
