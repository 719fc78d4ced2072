"""{questions} file.yaml: publishes a question-bank file. Every question becomes a 试题 object linked
to the clauses it tests; the page shows stem, options, answer and 解析 (references resolved)."""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import add_need
from sphinx_needs.exceptions import InvalidNeedException

from zhifa.bank import quiz, rules
from zhifa.sphinx.nodes import object_block, object_heading
from zhifa.sphinx.state import env_state, role

logger = logging.getLogger(__name__)


def title_of(q: quiz.Item) -> str:
    text = " ".join(str(q.get("material" if q.qtype == "案例分析" else "stem") or "").split())
    return text if len(text) <= 40 else text[:39] + "…"


class QuestionsDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        path = (self.env.srcdir / self.env.docname).parent / self.arguments[0]
        self.env.note_dependency(str(path))
        rel = path.relative_to(self.env.srcdir).as_posix()
        items, _ = quiz.load_file(path, rel)  # problems are reported by the checker, with lines
        out: list[nodes.Node] = []
        for q in quiz.flatten(items):
            out += self._question(q)
        return out

    def _question(self, q: quiz.Item) -> list[nodes.Node]:
        review, reviewer, reviewed = q.review()
        values = {"qtype": q.qtype, "review": str(review or "")}
        d = str(q.get("difficulty") or "")
        if d.isascii() and d.isdigit():
            values["difficulty"] = int(d)
        if reviewer:
            values["reviewer"] = str(reviewer)
        if reviewed:
            values["reviewed"] = str(reviewed)
        for key, link in env_state(self.env).model.question_links.items():  # the bank file's keys, declared
            if q.list_of(key):
                values[link] = q.list_of(key)
        if q.parent is not None:
            values["part_of"] = [q.parent.id]
        try:
            hidden = add_need(
                self.env.app,
                self.state,
                self.env.docname,
                q.line,
                need_type=role(self.env, "question"),
                title=title_of(q),
                id=q.id or None,
                content=str(q.get("material") or q.get("stem") or ""),
                hide=True,
                **values,
            )
        except InvalidNeedException as exc:
            logger.warning(
                f"试题 {q.id} 未能登记：{exc.message}",
                location=(self.env.docname, q.line),
                type="zhifa",
                subtype="object",
            )
            return []
        rec = rules.record(q)
        block = object_block(need_id=q.id, object_type=role(self.env, "question"), classes=["zf-question"], quiz=rec)
        block += object_heading("", "", ids=[q.id])
        body = nodes.container(classes=["zf-body"])
        text = str(q.get("material") or q.get("stem") or "")
        body += nodes.paragraph("", ("【案例材料】" if q.qtype == "案例分析" else f"【{q.qtype}】") + text)
        options = q.get("options")
        if isinstance(options, dict):
            items = nodes.bullet_list(classes=["zf-options"])
            for letter, option in options.items():
                items += nodes.list_item("", nodes.paragraph("", f"{letter}. {option}"))
            body += items
        if q.qtype != "案例分析":
            body += nodes.paragraph("", f"答案：{''.join(rec['answer'])}", classes=["zf-answer"])
            explanation = nodes.container(classes=["zf-explanation"])
            lines = StringList([f"解析：{q.get('explanation') or ''}"], source=q.path)
            self.state.nested_parse(lines, self.content_offset, explanation)
            body += explanation
        block += body
        return [*hidden, block]


def register(app) -> None:
    app.add_directive("questions", QuestionsDirective)
