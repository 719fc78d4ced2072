"""changes/reasons.yaml (修改理由) is well formed and names clauses that exist."""

from __future__ import annotations

from zhifa.amend import reasons
from zhifa.checks import Context, check
from zhifa.model import policy
from zhifa.model.problems import Problem


@check
def reasons_name_existing_clauses(ctx: Context):
    found: list[Problem] = []
    entries = reasons.pending(ctx.repo.root, found)
    yield from found
    article = ctx.repo.model.role("article")
    index = ctx.repo.by_id()
    for r in entries:
        o = index.get(r.id)
        if o is None or o.type != article:
            yield Problem(
                r.path,
                r.line,
                f"修改理由中的 {policy.shown(r.id)} 不是本仓库的条款 ID",
                "改为被修改条款的 ID（条款 :id: 一行的值）",
            )
