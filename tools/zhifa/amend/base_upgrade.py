"""`zhifa layers upgrade 发布标签`: move a layer's base pin to a new base release.

Prints the three-way 对照表: what changed in the base between the pinned and the new release (修改/新增/废止/删除),
and for each such clause what this layer does with it; those it overrides or excludes are flagged for review.
The pin moves in layers.yaml, and every override without ``checked`` gets the old release there, so `zhifa check`
keeps reporting an override whose base clause changed until it has been reviewed (checked: 新发布)."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from zhifa.amend.compare import pieces
from zhifa.model import layers


class UpgradeError(Exception):
    pass


def _marked(runs, tag: str) -> str:
    text = "".join(
        (f"<ins><b>{html.escape(t)}</b></ins>" if tag == "ins" else f"<del>{html.escape(t)}</del>")
        if m
        else html.escape(t)
        for t, m in runs
    ).replace("|", "\\|")
    # one table row: the 款 of a clause are separated by line breaks, as in the 对照表
    return re.sub(r"\n+", "<br>", text)


def rows(root: Path, release: str) -> tuple[layers.Declaration, list[tuple[str, str, str, str, str, bool]]]:
    """(ID, change, old base text, new base text, what this layer does, needs review) for each changed clause."""
    decl = layers.read(root)
    if decl.git is None:
        raise UpgradeError(f"{layers.LAYERS_FILE}：上级规范是本机文件夹（path），没有发布；改用 git: 和 release:")
    if release == decl.release:
        raise UpgradeError(f"上级规范已经固定在 {release}")
    old = layers.base_clauses(root, decl, decl.release)
    new = layers.base_clauses(root, decl, release)
    out = []
    for cid in sorted(set(old) | set(new)):
        a, b = old.get(cid), new.get(cid)
        if a is None:
            change = "新增"
        elif b is None:
            change = "删除"
        elif b[2] and not a[2]:
            change = "废止"
        elif a[:2] != b[:2]:
            change = "修改"
        else:
            continue
        left = f"{a[0]}｜{a[1]}" if a else ""
        right = f"{b[0]}｜{b[1]}" if b else ""
        runs = pieces(left, right) if a and b else ([(left, change != "新增")], [(right, bool(right))])
        if cid in decl.overrides:
            o = decl.overrides[cid]
            mine, review = f"本地调整（{o.reason}）：{o.title or (b or a)[0]}｜{' '.join(o.text.split())}", True
        elif cid in decl.excluded:
            mine, review = f"不适用（{decl.excluded[cid][0]}）", True
        else:
            mine, review = "采用上级规范", False
        out.append((cid, change, _marked(runs[0], "del"), _marked(runs[1], "ins"), html.escape(mine), review))
    return decl, out


def table(decl: layers.Declaration, release: str, found) -> str:
    flagged = sum(1 for r in found if r[5])
    lines = [
        f"# 上级规范升级对照表：{decl.release} → {release}",
        "",
        f"上级规范有 {len(found)} 条变化，其中 {flagged} 条本层有本地调整或标为不适用，需要复核（标“⚠ 需复核”）。",
        "",
        f"| 条款 | 变化 | 上级规范 {decl.release} | 上级规范 {release} | 本层 |",
        "|---|---|---|---|---|",
    ]
    for cid, change, old, new, mine, review in found:
        lines.append(f"| {cid} | {change}{' ⚠ 需复核' if review else ''} | {old} | {new} | {mine} |")
    return "\n".join(lines) + "\n"


def move_pin(root: Path, decl: layers.Declaration, release: str) -> None:
    """layers.yaml with the new release, and ``checked: 旧发布`` on each override that has none."""
    path = Path(root) / layers.LAYERS_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    at = decl.line("base.release") - 1
    key, _, _ = lines[at].partition(":")
    lines[at] = f"{key}: {release}"
    for o in sorted((o for o in decl.overrides.values() if not o.checked), key=lambda o: -o.line):
        indent = len(lines[o.line - 1]) - len(lines[o.line - 1].lstrip()) + 2
        lines.insert(o.line, " " * indent + f"checked: {decl.release}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def cmd_upgrade(args) -> int:
    root = Path(args.root).resolve()
    try:
        decl, found = rows(root, args.release)
    except (UpgradeError, layers.LayerError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(table(decl, args.release, found))
    move_pin(root, decl, args.release)
    flagged = sum(1 for r in found if r[5])
    print(
        f"已把上级规范从 {decl.release} 改为 {args.release}（{layers.LAYERS_FILE}）。"
        + (f"{flagged} 条本地调整或不适用需要复核，zhifa check 会逐条列出。" if flagged else ""),
        file=sys.stderr,
    )
    return 0


def register(subparsers):
    group = subparsers.add_parser("layers", help="上级规范（层）：升级所固定的发布")
    sub = group.add_subparsers(dest="layers_command", metavar="子命令")
    sub.required = True
    up = sub.add_parser("upgrade", help="把上级规范升级到新的发布，输出三方对照表（上级的变化和本层需复核的条款）")
    up.add_argument("release", help="上级规范的新发布标签，如 v2026.2")
    up.set_defaults(func=cmd_upgrade)
    return group
