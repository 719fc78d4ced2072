"""The build runs the same checker as ``zhifa check``: one set of rules, and every problem
becomes a located warning (so ``-W`` fails the build exactly when the checker does)."""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from .. import checks, repo, status

logger = logging.getLogger(__name__)


def run_checker(app) -> None:
    root = app.srcdir
    repository = repo.load(root, app.env.zhifa_model)
    on = status.build_date(app.config.zhifa_build_date or None)
    for problem in checks.run(repository, on):
        text = problem.message + (f"。处理：{problem.hint}" if problem.hint else "")
        logger.warning(text, location=f"{root / problem.path}:{problem.line}",
                       type="zhifa", subtype="check")


def forbid_raw(app, doctree: nodes.document) -> None:
    """Defence in depth: content must never reach the page as markup, even if the checker missed it."""
    for node in [n for n in doctree.findall(nodes.raw) if "zf-generated" not in n["classes"]]:
        logger.warning("内容中的原始 HTML 已移除（内容一律按文字显示）", location=node,
                       type="zhifa", subtype="raw")
        node.parent.remove(node)
