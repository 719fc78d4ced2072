"""Nothing published is lost: every ID in the release registry still exists, with the same type and in the
same standard; the registry and the released files are as the last release tag left them. In a layered
repository the checker reads the merged standard, but the registry, the tags and the history are the layer's own
(``release.home``)."""

from __future__ import annotations

import json
import subprocess

from zhifa.amend import release
from zhifa.checks import Context, advisory, cause, check, vanished
from zhifa.model import policy
from zhifa.model.problems import Problem


@cause  # a lost released object is the cause of the dangling links to it: listed first
def released_ids_are_kept(ctx: Context):
    malformed: list[Problem] = []
    root = release.home(ctx.repo.root)
    registry = release.read_registry(root, malformed)
    yield from malformed
    if not registry:
        return
    now = release.current_ids(ctx.repo)
    standards = release.current_standards(ctx.repo)
    moves = release.declared_moves(ctx.repo)
    lines = release.registry_lines(root)
    titles = {name: t.title for name, t in ctx.repo.model.types.items()}
    question = ctx.repo.model.role("question")
    titles[question] = titles.get(question, "试题")
    by_id = ctx.repo.by_id()
    tag = release.latest_tag(root)
    gone = [i for i in registry if i not in now]
    rev = tag or "HEAD"  # where each lost ID was: in the last release (else the last commit, else the registry)
    was = vanished.where_in(root, rev, gone)
    for object_id, info in registry.items():
        line = lines.get(object_id, 1)
        kind = titles.get(info["type"], info["type"])
        if object_id not in now:
            path, at = was.get(object_id, (release.REGISTRY_FILE, line))
            yield Problem(
                path,
                at,
                f"已发布的 ID 永久保留：{info['first']} 发布的{kind} {object_id} 不见了"
                + (f"（{f'发布 {tag} ' if tag else '上次提交'}时在本文件第 {at} 行）" if object_id in was else ""),
                "恢复该试题；不再使用的试题把 review 改为“停用”（条款废止后可用 zhifa retire 条款ID），ID 保留"
                if info["type"] == question
                else "恢复该对象；不再适用的条款请填写 :repealed: 废止日期和 :amended_by: 修订依据",
            )
        elif now[object_id] != info["type"]:
            obj = by_id.get(object_id)  # named where the ID is reused (a question: at the registry's line)
            yield Problem(
                obj.path if obj else release.REGISTRY_FILE,
                obj.line if obj else line,
                f"ID {object_id} 已作为{kind}发布，现在被用作{titles.get(now[object_id], now[object_id])}：ID 不得复用",
                "给新对象另生成一个 ID（zhifa new），原对象保留原 ID",
            )
        elif isinstance(info.get("standard"), str) and standards.get(object_id, info["standard"]) != info["standard"]:
            yield from _moved(by_id[object_id], info, kind, standards[object_id], moves.get(object_id))
    for object_id, (named, at) in moves.items():
        obj = by_id[object_id]
        if named == standards.get(object_id):
            yield Problem(
                obj.path, at, f":moved_from: 写的 {named} 就是本条所在的规范", "填写条款移出的那部规范，或删除这一行"
            )


def _moved(obj, info: dict, kind: str, here: str, declared: tuple[str, int] | None):
    """A released object found in another standard: allowed only when it declares the move (:moved_from: naming
    the standard the registry has it in); ``zhifa release`` then records the new standard."""
    if declared is not None and declared[0] == info["standard"]:
        return
    if declared is not None:
        yield Problem(
            obj.path,
            declared[1],
            f":moved_from: 写的是 {declared[0]}，但{kind} {obj.id} 登记在 {info['standard']}",
            f"改为 :moved_from: {info['standard']}",
        )
        return
    yield Problem(
        obj.path,
        obj.line,
        f"已在 {info['first']} 发布于 {info['standard']} 的{kind} {obj.id} 现在出现在 {here}："
        "已发布的 ID 保留原规范，移到另一部规范要声明",
        f"确是移动同一条款：在条款中写 :moved_from: {info['standard']}（发布时登记表改记新规范）；"
        "否则把原条款留在原规范（不再适用的填写 :repealed:），新条款用 zhifa new clause 另生成 ID",
    )


@check
def released_files_match_the_tag(ctx: Context):
    """Hand edits to released files: every file the last release tag holds under releases/ is unchanged,
    except that the registry may only gain IDs."""
    root = release.home(ctx.repo.root)
    tag = release.latest_tag(root)
    if tag is None:
        return
    try:
        names = release.git(root, "ls-tree", "-r", "--name-only", tag, f"{release.RELEASES_DIR}/").split("\n")
    except (release.ReleaseError, OSError):
        return
    for name in (n for n in names if n):
        try:
            tagged = subprocess.run(["git", "show", f"{tag}:{name}"], cwd=root, capture_output=True).stdout
        except OSError:
            return
        path = root / name
        current = path.read_bytes() if path.is_file() else None
        if name == release.REGISTRY_FILE:
            yield from _registry_edits(root, tag, tagged)
        elif current != tagged:
            yield Problem(
                name,
                1,
                f"已发布的文件 {name} 与发布标签 {tag} 中的不一致（被删除或手工改动）",
                f"用 git show {tag}:{name} 恢复该文件；发布文件只由 zhifa release 写出",
            )


def _registry_edits(root, tag: str, tagged: bytes):
    try:
        released = json.loads(tagged.decode("utf-8")).get("ids", {})
    except (ValueError, AttributeError):
        return
    now = release.read_registry(root)
    lines = release.registry_lines(root)
    for object_id, info in released.items() if isinstance(released, dict) else ():
        if now.get(object_id) != info:
            yield Problem(
                release.REGISTRY_FILE,
                lines.get(object_id, 1),
                f"ID 登记表中 {policy.shown(object_id)} 的记录与发布标签 {tag} 中的不一致（被删除或手工改动）",
                f"用 git show {tag}:{release.REGISTRY_FILE} 恢复该记录；已发布的 ID 永久保留",
            )


@advisory
def released_clauses_keep_their_subject(ctx: Context):
    """A released clause whose heading and text both changed since the last release looks like its ID was
    given to another clause (the review lock alone would be silenced by one pin)."""
    from zhifa.model import fingerprint

    root = release.home(ctx.repo.root)
    tag = release.latest_tag(root)
    path = root / release.RELEASES_DIR / f"{tag}.json"
    if tag is None or not path.is_file():
        return
    try:
        released = release.read_manifest(path)["clauses"]
    except release.ReleaseError:
        return  # released_files_match_the_tag names the damaged file
    for o in ctx.repo.objects:
        was = released.get(o.id)
        if not was or o.type != ctx.repo.model.role("article"):
            continue
        body = fingerprint.sha256(fingerprint.normalise("", o.body)[1:])
        if was.get("title") not in (None, o.title) and was.get("body_sha256") not in (None, body):
            yield Problem(
                o.path,
                o.line,
                f"已在 {tag} 发布的条款 {o.id} 的条旨（原为“{policy.shown(str(was['title']))}”）和正文都变了："
                "像是把这个 ID 用在了另一条条款上",
                "若是另一条条款，请恢复原条款并用 zhifa new clause 为新条款生成 ID；若确是同一条款的修订，可忽略本提示",
            )
