"""Procedures, steps and their flowcharts agree: steps belong to a procedure, decisions have
branches, deadlines are complete, and each chart names exactly the steps and edges of its procedure."""

from __future__ import annotations

from pathlib import Path

from zhifa.checks import Context, check
from zhifa.flowchart import source
from zhifa.model import policy
from zhifa.model import procedures as pm
from zhifa.model.problems import Problem

TIME_FIELDS = ("time_limit", "time_unit", "time_from")


@check
def steps_belong_to_a_procedure(ctx: Context):
    procs, orphans = pm.collect(ctx.repo)
    for s in orphans:
        yield Problem(s.path, s.line, f"流程环节 {s.id} 前面没有流程对象", "先写 {procedure}，再依次写它的环节")
    seen: dict[str, object] = {}
    for p in procs:
        if p.obj.docname in seen:
            yield Problem(p.obj.path, p.obj.line, "一个页面只能写一个流程", "把这个流程移到单独的文件中")
        seen[p.obj.docname] = p


@check
def steps_are_well_formed(ctx: Context):
    for proc in pm.collect(ctx.repo)[0]:
        ids = proc.step_ids()
        for s in proc.steps:
            given = [f for f in TIME_FIELDS if s.value(f) is not None]
            if given and len(given) < len(TIME_FIELDS):
                missing = [f":{f}:" for f in TIME_FIELDS if f not in given]
                yield Problem(
                    s.path,
                    s.line,
                    f"环节 {s.id} 的时限不完整，缺少 {'、'.join(missing)}",
                    "时限须同时写明 :time_limit:（数量）、:time_unit:（单位）和 :time_from:（起算事件）",
                )
            kind, line = s.value("kind"), s.line_of("branches")
            found, bad = pm.branches(s.value("branches"))
            if kind == "判断" and len(found) < 2:
                yield Problem(
                    s.path,
                    s.line,
                    f"判断环节 {s.id} 至少需要两个分支（:branches:）",
                    "写成 :branches: 符合→ST-XXXXXX；不符合→ST-YYYYYY",
                )
            if kind != "判断" and s.value("branches"):
                yield Problem(
                    s.path,
                    line,
                    f"只有判断环节可以有分支，{s.id} 的类型是“{kind}”",
                    "把 :kind: 改为 判断，或删除 :branches:",
                )
            for part in bad:
                yield Problem(s.path, line, f"无法识别的分支“{part}”", "每个分支写成 标签→环节ID，用“；”分隔")
            for label, target in found:
                if target not in ids:
                    yield Problem(
                        s.path, line, f"分支“{label}”指向的 {target} 不是本流程的环节", "分支只能指向同一流程中的环节"
                    )
            for target in s.link_ids("next"):
                if target not in ids:
                    yield Problem(
                        s.path,
                        s.line_of("next"),
                        f":next: 指向的 {target} 不是本流程的环节",
                        "下一环节只能是同一流程中的环节",
                    )


def chart_path_ok(root: Path, rel: str) -> bool:
    """A :flowchart: path names a .mmd file in flowcharts/ (never outside the repository, never via a symlink)."""
    charts = Path(root) / "flowcharts"
    path = Path(root) / rel
    return rel.endswith(".mmd") and policy.inside(charts, path) and policy.symlink_in(Path(root), path) is None


@check
def flowcharts_match_their_procedures(ctx: Context):
    root = ctx.repo.root
    used: set[str] = set()
    for proc in pm.collect(ctx.repo)[0]:
        rel = proc.obj.value("flowchart")
        if not rel:
            continue
        used.add(rel)
        path = root / rel
        if not chart_path_ok(root, rel):
            yield Problem(
                proc.obj.path,
                proc.obj.line_of("flowchart"),
                f"流程图路径“{policy.shown(rel)}”不在 flowcharts/ 文件夹中（或经过符号链接，或不是 .mmd 文件）",
                "写成 flowcharts/流程名.mmd，不要用 ../ 或绝对路径",
            )
            continue
        if not path.is_file():
            yield Problem(
                proc.obj.path,
                proc.obj.line_of("flowchart"),
                f"流程图文件 {rel} 不存在",
                "在 flowcharts/ 下创建该 .mmd 文件，或改正路径",
            )
            continue
        try:
            chart = source.parse(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            yield Problem(rel, 1, "流程图文件不是 UTF-8 编码", "用 UTF-8 重新保存")
            continue
        for line, message in chart.errors:
            yield Problem(rel, line, message, "流程图只用 flowchart 方向行、节点行和每行一条连线")
        steps = {s.id: s for s in proc.steps}
        for node, line in chart.nodes.items():
            if node not in steps:
                yield Problem(
                    rel, line, f"节点 {node} 不是流程 {proc.obj.id} 的环节", "节点 ID 必须是本流程某个环节的 ID"
                )
        for sid, s in steps.items():
            if sid not in chart.nodes:
                yield Problem(s.path, s.line, f"环节 {sid} 没有出现在流程图 {rel} 中", "在流程图中加入该节点和连线")
        expected = {(a, b): label for a, b, label in pm.expected_edges(proc)}
        drawn = {(e.src, e.dst): e for e in chart.edges}
        for (a, b), e in drawn.items():
            if a in steps and b in steps and (a, b) not in expected:
                yield Problem(
                    rel,
                    e.line,
                    f"连线 {a} --> {b} 与环节顺序和分支不一致",
                    "按环节顺序连线；判断环节只连向 :branches: 中的环节；其他跳转用 :next:",
                )
            elif (a, b) in expected and e.label != expected[(a, b)]:
                yield Problem(
                    rel,
                    e.line,
                    f"连线 {a} --> {b} 的标签应为“{expected[(a, b)]}”，流程图中是“{e.label}”",
                    "连线标签与分支标签保持一致",
                )
        for (a, b), label in expected.items():
            if (a, b) not in drawn and a in chart.nodes:
                s = steps[a]
                yield Problem(
                    s.path,
                    s.line,
                    f"流程图 {rel} 缺少连线 {a} --> {b}" + (f"（{label}）" if label else ""),
                    "在流程图中补上这条连线",
                )
    charts = root / "flowcharts"
    for path in sorted(charts.glob("*.mmd")) if charts.is_dir() else ():
        rel = path.relative_to(root).as_posix()
        if rel not in used:
            yield Problem(rel, 1, "没有流程引用这个流程图", "在对应流程的 :flowchart: 中写上该路径，或删除此文件")
