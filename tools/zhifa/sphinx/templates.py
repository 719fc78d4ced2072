"""{template-fields} and {template-text}: a document template's declared fields (as a table whose
basis cells link to the clauses and articles) and its text, shown on the page and written as .docx."""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData

from zhifa import forks
from zhifa.model import template_fields
from zhifa.sphinx import background, incremental, uses
from zhifa.sphinx.collector import facts
from zhifa.sphinx.nodes import download_link, form_text, object_ref
from zhifa.sphinx.render import display
from zhifa.sphinx.state import env_state

logger = logging.getLogger(__name__)
DOCX_DIR = "docx"


def docx_uri(docname: str, template_id: str) -> str:
    return posixpath.relpath(f"{DOCX_DIR}/{template_id}.docx", posixpath.dirname(docname) or ".")


class TemplateFieldsDirective(SphinxDirective):
    has_content = True
    required_arguments = 1

    def run(self):
        fields, _ = template_fields.parse_fields("\n".join(self.content), self.content_offset + 1)
        table = nodes.table(classes=["zf-table", "zf-form-fields"])
        group = nodes.tgroup(cols=4)
        table += group
        group += [nodes.colspec(colwidth=w) for w in (3, 1, 3, 4)]
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", nodes.paragraph("", t)) for t in ("字段", "必填", "格式", "依据")))
        group += head
        body = nodes.tbody()
        for f in fields:
            basis = nodes.paragraph()
            for k, b in enumerate(f.basis):
                if k:
                    basis += nodes.Text("、")
                basis += object_ref(b, b, target=b, role="need")
            body += nodes.row(
                "",
                nodes.entry("", nodes.paragraph("", f.name)),
                nodes.entry("", nodes.paragraph("", "是" if f.required else "否")),
                nodes.entry("", nodes.paragraph("", f.format)),
                nodes.entry("", basis),
            )
        group += body
        container = nodes.container(
            classes=["zf-form"],
            form_fields=self.arguments[0],
            fields=[{"name": f.name, "required": f.required, "format": f.format, "basis": f.basis} for f in fields],
        )
        container += nodes.rubric("", "文书字段")
        container += table
        return [container]


class TemplateTextDirective(SphinxDirective):
    has_content = True
    required_arguments = 1

    def run(self):
        lines = list(self.content)
        node = form_text(template=self.arguments[0], lines=lines, classes=["zf-form-text"])
        node += nodes.rubric("", "文书样式")
        paper = nodes.container(classes=["zf-paper"])
        for line in lines:
            para = nodes.paragraph(classes=["zf-paper-line"])
            pos = 0
            for m in template_fields.PLACEHOLDER.finditer(line):
                para += nodes.Text(line[pos : m.start()])
                para += nodes.inline("", m.group(0), classes=["zf-ph"])
                pos = m.end()
            para += nodes.Text(line[pos:])
            paper += para
        node += paper
        uri = docx_uri(self.env.docname, self.arguments[0])
        link = nodes.paragraph(classes=["zf-download"])
        link += download_link("", "下载 Word 文书（.docx）", refuri=uri, need_id=self.arguments[0], classes=["zf-docx"])
        node += link
        return [node]


def write_all(app, builder) -> None:
    """write-started (after sphinx-needs finished the objects): one .docx per template, into <site>/docx/,
    written by a helper process while the pages are (``background``); only when what they are made of
    changed or one is gone."""
    if app.builder.format != "html" or not incremental.output_stale(app, "docx", DOCX_DIR):
        return
    record = uses.OUTPUT + "docx"  # what the .docx are made from (incremental.output_stale)
    needs = uses.needs(app, record)
    uses.used(app, record, "forms")
    numbers = env_state(app.env).numbers
    jobs = []
    for doc, info in facts(app.env).items():
        for tid, form in info.get("forms", {}).items():
            need = needs.get(tid)
            if need is None or "lines" not in form:
                continue
            fields = [
                {**f, "basis": "、".join(display(needs[b], numbers) for b in f["basis"] if b in needs)}
                for f in form.get("fields", [])
            ]
            jobs.append(
                forks.Call(
                    "zhifa.docx.template:write",
                    app.outdir / DOCX_DIR / f"{tid}.docx",
                    issuer=app.config.zhifa_issuer,
                    title=need["title"],
                    doc_no=need.get("doc_no") or "",
                    lines=form["lines"],
                    fields=fields,
                )
            )
    background.start(app, "docx", jobs)  # python-docx takes tens of milliseconds per file


@uses.fact("forms")
def _forms(app, snap, _) -> list:
    return [(doc, info["forms"]) for doc, info in snap.docs.items() if info.get("forms")]


def note_downloads(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: a download is saved under its template's title (read when the page is written)."""
    needs = uses.needs(app, docname)
    for node in doctree.findall(download_link):
        needs.get(node["need_id"], {}).get("title")


UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def download_name(title: str, suffix: str = ".docx") -> str:
    """立案审批表.docx: the name a downloaded file is saved under (the URL keeps the permanent ID)."""
    return (UNSAFE.sub("_", title).strip(" .") or "文书") + suffix


def visit_download(self, node: download_link) -> None:
    need = SphinxNeedsData(self.builder.env).get_needs_view().get(node["need_id"])
    attrs = {"href": node["refuri"]}
    if need is not None:
        attrs["download"] = download_name(need["title"])
    self.body.append(self.starttag(node, "a", "", CLASS="reference external", **attrs))


def depart_download(self, node: download_link) -> None:
    self.body.append("</a>")


def _plain(self, node) -> None:  # other builders: the link text alone
    pass


def register(app) -> None:
    app.add_node(download_link, html=(visit_download, depart_download), text=(_plain, _plain), latex=(_plain, _plain))
    app.add_node(
        form_text,
        html=(
            lambda self, node: self.body.append(self.starttag(node, "div", "")),
            lambda self, node: self.body.append("</div>\n"),
        ),
    )
    app.add_directive("template-fields", TemplateFieldsDirective)
    app.connect("doctree-resolved", note_downloads)
    app.connect("write-started", write_all, priority=900)  # after sphinx-needs' post-processing (500)
    app.add_directive("template-text", TemplateTextDirective)
    app.add_config_value("zhifa_issuer", "××县××局", "html", types=[str])
