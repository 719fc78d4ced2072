"""Nothing in use relies on a repealed clause: a step, procedure, template, case or page that still links to
or cites (``{clause}``) a repealed clause is reported where it does, with what to do. Dated objects (clauses in
force) are checked by links.in_force_relies_on_in_force; questions by quiz.questions_do_not_test_repealed_clauses."""

from __future__ import annotations

from zhifa.checks import Context, check
from zhifa.model import myst, outline, template_fields
from zhifa.model.problems import Problem


def _repealed(ctx: Context) -> dict[str, str]:
    """{repealed clause id: how to name it (its last number, 废止日期)}."""
    tree = outline.from_repository(ctx.repo, ctx.on)
    out = {}
    for o in ctx.repo.objects:
        if o.type == ctx.repo.model.role("article") and tree.state.get(o.id) == "repealed":
            was = tree.last_number(o.id)
            out[o.id] = (
                f"{o.id}（{'原' + was + '，' if was else ''}{o.title}，{o.value('repealed')} 废止"
                + (f"，修订依据：{o.value('amended_by')}" if o.value("amended_by") else "")
                + "）"
            )
    return out


HINT = {
    "case": "改为依据现行条款并相应修改案例分析；若案例讲的正是废止前的规定，请在案例中写明并删去对该条的引用",
    "template": "改为依据现行条款（修订依据中写明了取代它的规定），或删去这一依据",
}
DEFAULT_HINT = "改为依照现行条款（修订依据中写明了取代它的规定）；该内容也不再适用的，一并删去或废止"


@check
def nothing_in_use_relies_on_a_repealed_clause(ctx: Context):
    repealed = _repealed(ctx)
    if not repealed:
        return
    model = ctx.repo.model
    roles = {model.role(r): r for r in ("case", "template")}
    dated_lines: dict[str, list[tuple[int, int]]] = {}
    for o in ctx.repo.objects:
        t = model.types[o.type]
        if t.dated:  # clauses: links.in_force_relies_on_in_force
            dated_lines.setdefault(o.path, []).append((o.line, o.body_line + len(o.body)))
            continue
        hint = HINT.get(roles.get(o.type, ""), DEFAULT_HINT)
        for lname in t.links:
            for target in o.link_ids(lname):
                if target in repealed:
                    yield Problem(
                        o.path, o.line_of(lname), f"{t.title} {o.id} 仍依据已废止的条款 {repealed[target]}", hint
                    )
    for doc in ctx.repo.docs.values():  # a template field's basis (the {template-fields} block)
        for d in (d for d in doc.directives if d.name == "template-fields"):
            fields, _ = template_fields.parse_fields("\n".join(d.body), d.body_line)  # bad YAML: checks.templates
            for f in fields:
                for target in (b for b in f.basis if b in repealed):
                    yield Problem(
                        doc.path,
                        f.line,
                        f"文书模板 {d.argument} 的字段“{f.name}”仍以已废止的条款 {repealed[target]} 为依据",
                        HINT["template"],
                    )
    by_path = {o.path: o for o in ctx.repo.objects}
    for doc in ctx.repo.docs.values():
        if doc.path.startswith("guide/"):  # the guide shows examples of the syntax
            continue
        spans = dated_lines.get(doc.path, [])
        for role, target, line in myst.roles(doc.prose):
            if role != "clause" or target not in repealed or any(a <= line <= b for a, b in spans):
                continue
            owner = next(
                (
                    o
                    for o in ctx.repo.objects
                    if o.path == doc.path
                    and o.line <= line <= o.body_line + len(o.body)
                    and not model.types[o.type].dated
                ),
                None,
            )
            what = f"{model.types[owner.type].title} {owner.id} " if owner else "本页"
            hint = HINT.get(roles.get(owner.type, ""), DEFAULT_HINT) if owner else DEFAULT_HINT
            if owner is None and doc.path in by_path:
                hint = HINT.get(roles.get(by_path[doc.path].type, ""), DEFAULT_HINT)
            yield Problem(doc.path, line, f"{what}仍引用已废止的条款 {repealed[target]}", hint)
