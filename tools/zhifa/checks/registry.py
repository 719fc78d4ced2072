"""Nothing published is lost: every ID in the release registry still exists, with the same type."""

from __future__ import annotations

from zhifa.amend import release
from zhifa.checks import Context, check
from zhifa.model.problems import Problem


@check
def released_ids_are_kept(ctx: Context):
    registry = release.read_registry(ctx.repo.root)
    if not registry:
        return
    now = release.current_ids(ctx.repo)
    lines = release.registry_lines(ctx.repo.root)
    titles = {name: t.title for name, t in ctx.repo.model.types.items()}
    titles["question"] = titles.get("question", "试题")
    for object_id, info in registry.items():
        line = lines.get(object_id, 1)
        kind = titles.get(info["type"], info["type"])
        if object_id not in now:
            yield Problem(
                release.REGISTRY_FILE,
                line,
                f"已在 {info['first']} 发布的{kind} {object_id} 不见了：已发布的对象不能删除",
                "恢复该对象；不再适用的条款请填写 :repealed: 废止日期和 :amended_by: 修订依据",
            )
        elif now[object_id] != info["type"]:
            yield Problem(
                release.REGISTRY_FILE,
                line,
                f"ID {object_id} 已作为{kind}发布，现在被用作{titles.get(now[object_id], now[object_id])}：ID 不得复用",
                "给新对象另生成一个 ID（zhifa new），原对象保留原 ID",
            )
