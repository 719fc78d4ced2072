"""Link checks: targets exist and have an allowed type, minimum counts, reference roles,
and no object in force relying on a repealed one."""

from __future__ import annotations

import difflib

from zhifa.checks import Context, check
from zhifa.model import myst
from zhifa.model.problems import Problem
from zhifa.model.repo import Obj
from zhifa.model.status import of as status_of_object

# Reference roles content may use, and the part (metamodel role) of the object each resolves to (None: any).
ROLES = {"clause": "article", "law": "law_article", "need": None}
OTHER_ROLES = {"ref", "doc"}


def status_of(o: Obj, ctx: Context) -> str | None:
    if not ctx.repo.model.types[o.type].dated:
        return None
    return status_of_object(o, ctx.on)


def _missing(target: str, index: dict[str, Obj]) -> str:
    near = difflib.get_close_matches(target, list(index), n=1, cutoff=0.7)
    return f"是否想写 {near[0]}？" if near else "检查 ID 拼写，或先创建该对象"


@check
def link_targets(ctx: Context):
    model, index = ctx.repo.model, ctx.repo.by_id()
    for o in ctx.repo.objects:
        t = model.types[o.type]
        for lname, tlink in t.links.items():
            targets, line = o.link_ids(lname), o.line_of(lname)
            label = tlink.spec.outgoing
            if len(targets) < tlink.min:
                yield Problem(
                    o.path,
                    o.line,
                    f"{t.title} {o.id} 至少需要 {tlink.min} 个“{label}”链接（:{lname}:）",
                    f"补上 :{lname}: 并填写{'或'.join(model.types[x].title for x in tlink.spec.targets)}的 ID",
                )
            for target in targets:
                dest = index.get(target)
                if dest is None:
                    yield Problem(
                        o.path, line, f":{lname}:（{label}）指向不存在的对象 {target}", _missing(target, index)
                    )
                elif dest.type not in tlink.spec.targets:
                    allowed = "或".join(model.types[x].title for x in tlink.spec.targets)
                    yield Problem(
                        o.path,
                        line,
                        f":{lname}:（{label}）只能指向{allowed}，{target} 是{model.types[dest.type].title}",
                        "改为正确类型对象的 ID",
                    )


@check
def reference_roles(ctx: Context):
    index = ctx.repo.by_id()
    types = ctx.repo.model.types
    for doc in ctx.repo.docs.values():
        for role, target, line in myst.roles(doc.prose):
            if role in OTHER_ROLES:
                continue
            if role not in ROLES:
                yield Problem(
                    doc.path, line, f"未知的引用写法 {{{role}}}", "引用条款用 {clause}`ID`，引用法律条文用 {law}`ID`"
                )
                continue
            dest = index.get(target)
            if dest is None:
                yield Problem(doc.path, line, f"{{{role}}} 引用了不存在的对象 {target}", _missing(target, index))
            elif ROLES[role] and dest.type != ctx.repo.model.role(ROLES[role]):
                wanted = ctx.repo.model.role(ROLES[role])
                fits = next((r for r, part in ROLES.items() if part and ctx.repo.model.role(part) == dest.type), "need")
                yield Problem(
                    doc.path,
                    line,
                    f"{{{role}}} 只能引用{types[wanted].title}，{target} 是{types[dest.type].title}",
                    f"改用 {{{fits}}}",
                )


@check
def in_force_relies_on_in_force(ctx: Context):
    index = ctx.repo.by_id()
    for o in ctx.repo.objects:
        if status_of(o, ctx) != "current":
            continue
        refs = [(t, o.line_of(link)) for link in ctx.repo.model.types[o.type].links for t in o.link_ids(link)]
        body = [myst.ProseLine(o.body_line + i, s) for i, s in enumerate(o.body)]
        refs += [(target, line) for _, target, line in myst.roles(body)]
        for target, line in refs:
            dest = index.get(target)
            if dest is not None and status_of(dest, ctx) == "repealed":
                yield Problem(
                    o.path,
                    line,
                    f"现行的 {o.id} 依赖已废止的 {target}（废止日期 {dest.value('repealed')}）",
                    "改为引用现行条款，或同时废止本对象",
                )


@check
def statutory_clauses_cite_law(ctx: Context):
    for o in ctx.repo.objects:
        if o.type == ctx.repo.model.role("article") and o.value("source") == "法定" and not o.link_ids("basis"):
            yield Problem(
                o.path,
                o.line,
                f"来源为“法定”的条款 {o.id} 没有法律依据（:basis:）",
                "补上所复述的法律条文 ID，或将来源改为“示范”",
            )
