"""Object-level checks: IDs, duplicates, and fields against the metamodel."""

from __future__ import annotations

import difflib
from collections import defaultdict

from zhifa.checks import Context, check
from zhifa.model.problems import Problem
from zhifa.model.status import parse_date


@check
def ids(ctx: Context):
    seen: dict[str, list] = defaultdict(list)
    for o in ctx.repo.objects:
        t = ctx.repo.model.types[o.type]
        if not o.id:
            yield Problem(
                o.path,
                o.line,
                f"{t.title}“{o.title}”缺少 :id:",
                f"运行 zhifa new {o.type} 生成一个永久 ID（格式 {t.prefix}XXXXXX）",
            )
            continue
        if not t.id_pattern.match(o.id):
            wrong = ctx.repo.model.type_for_id(o.id)
            why = f"这是{wrong.title}的前缀" if wrong and wrong is not t else f"应符合 {t.id_pattern.pattern}"
            yield Problem(
                o.path,
                o.line_of("id"),
                f"{t.title} ID“{o.id}”格式不对：{why}",
                f"使用 {t.prefix} 加 6 位大写字母或数字（不含 I、L、O、U）",
            )
        seen[o.id].append(o)
    for oid, objs in seen.items():
        for o in objs if len(objs) > 1 else ():
            others = "、".join(f"{x.path}:{x.line_of('id')}" for x in objs if x is not o)
            yield Problem(
                o.path,
                o.line_of("id"),
                f"ID {oid} 重复：另见 {others}（sphinx-needs 会静默丢弃其中一个）",
                "ID 永久且唯一；保留原对象的 ID，新对象请运行 zhifa new 生成新 ID",
            )


@check
def fields(ctx: Context):
    model = ctx.repo.model
    for o in ctx.repo.objects:
        t = model.types[o.type]
        known = set(t.fields) | set(t.links) | {"id"}
        if not o.title:
            yield Problem(o.path, o.line, f"{t.title} {o.id or ''}缺少标题", f"在 {{{o.type}}} 后写上标题")
        for key, (value, line) in o.options.items():
            if key in model.computed:
                yield Problem(o.path, line, f"不要手写 :{key}:，{model.computed[key].label}", f"删除 :{key}: 这一行")
            elif key not in known:
                near = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"是否想写 :{near[0]}:？" if near else f"{t.title}可用字段：{'、'.join(sorted(known))}"
                yield Problem(o.path, line, f"{t.title}没有字段 :{key}:", hint)
        for name in t.required:
            if o.value(name) is None:
                spec = model.fields[name]
                yield Problem(
                    o.path,
                    o.line,
                    f"{t.title} {o.id} 缺少必填字段 :{name}:（{spec.label}）",
                    f"补上“:{name}: …”" + (f"，可选值：{'、'.join(spec.values)}" if spec.values else ""),
                )
        for name in t.fields:
            value = o.value(name)
            if value is not None:
                msg = _invalid(model.fields[name], value)
                if msg:
                    yield Problem(
                        o.path,
                        o.line_of(name),
                        f":{name}:（{model.fields[name].label}）{msg}",
                        _hint(model.fields[name]),
                    )
        eff, rep = parse_date(o.value("effective")), parse_date(o.value("repealed"))
        if eff and rep and rep < eff:
            yield Problem(o.path, o.line_of("repealed"), f"废止日期 {rep} 早于施行日期 {eff}", "改正其中一个日期")
        if o.type == model.role("article") and not any(line.strip() for line in o.body):
            yield Problem(o.path, o.line, f"条款 {o.id} 没有正文", "在选项下空一行写条文内容")


def _invalid(spec, value: str) -> str | None:
    if spec.type == "date":
        return None if parse_date(value) else f"“{value}”不是有效日期"
    if spec.type == "boolean":
        return None if value.lower() in ("true", "false") else f"“{value}”不是 true/false"
    if spec.type == "enum":
        return None if value in spec.values else f"“{value}”不是允许的取值"
    if spec.type == "integer":
        return None if value.isascii() and value.isdigit() else f"“{value}”不是整数"
    if spec.type == "url":
        return None if value.startswith(("https://", "http://")) else f"“{value}”不是网址"
    return None


def _hint(spec) -> str:
    return {
        "date": "按 YYYY-MM-DD 填写，如 2024-01-01",
        "boolean": "填写 true 或 false",
        "enum": f"可选值：{'、'.join(spec.values)}",
        "integer": "填写阿拉伯数字",
        "url": "填写以 https:// 开头的完整网址",
    }.get(spec.type, "")
