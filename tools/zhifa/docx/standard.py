"""A whole standard as one .docx in official-document layout: title, stage line (征求意见稿), the
示范文本 note, chapters and articles with computed numbers, optionally the 修订对照表 appended.

印发 prints the clauses in force on the given date, numbered as the site numbers them. 征求意见稿 prints
every clause not repealed (drafts and clauses not yet in force included, each with its 条旨 so reviewers
can comment clause by clause), numbered as they would be once adopted. Each clause is bookmarked with its
permanent ID and the file names its standard and text version in its properties (docx/marks.py), so reviewers'
copies can be read back (`zhifa feedback import`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhifa import cachefile
from zhifa.amend.feedback import version
from zhifa.docx import layout, marks, revision_table
from zhifa.docx.layout import BODY_FONT, HEI_FONT, KAI_FONT, TITLE_FONT, font, para
from zhifa.model import layers, numbering
from zhifa.model import outline as core_outline
from zhifa.model.clausetext import paragraphs as _paragraphs
from zhifa.model.outline import clause_labels
from zhifa.model.repo import Repository, load

STAGES = ("印发", "征求意见稿")
LAYER_NOTE = "本规范在上级规范基础上制定：未加注的条款采用上级规范；加注的条款为本地调整、本地新增或不适用。"
NOTE = (
    "示范文本：本规范由本项目依据有关法律撰写，供培训使用，不是任何机关正式印发的文件；"
    "采用时，请由法制机构逐条审核并替换为本单位正式文本。条号、章号按顺序自动计算。"
)


@dataclass
class Article:
    label: str  # 第X条
    title: str  # 条旨
    paragraphs: list[str]
    id: str = ""
    layer: str = ""  # a layered repository: 本地调整（理由）, 本地新增, 不适用（理由）; empty when adopted as it is


@dataclass
class Chapter:
    label: str  # 第X章 标题
    articles: list[Article] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    stage: str
    on: dt.date
    chapters: list[Chapter]
    standard: str = ""  # docname of its index page
    version: str = ""  # amend.feedback.version of the standard's text
    layered: bool = False  # a layered repository's merged standard: each article says whose it is


# What each stage prints, and numbers: 印发 the clauses in force; a 征求意见稿 every clause not repealed,
# numbered as it would be once adopted.
PRINTED = {"印发": ("current",), "征求意见稿": ("current", "pending", "draft")}


def outline(repo: Repository, standard: str, stage: str, on: dt.date) -> Outline:
    """``standard``: the docname of the standard's index page (standards/xxx/index)."""
    labels, _ = clause_labels(repo, on)
    tree = core_outline.from_repository(repo, on, numbered=PRINTED[stage])
    objects = {o.id: o for o in repo.objects if o.type == repo.model.role("article")}
    here = repo.docs[standard].title or ""
    std = next(s for s in tree.standards if s.doc == standard)
    record = layers.record(repo.root)
    chapters = []
    for chapter in std.chapters:
        out = Chapter(f"{numbering.chapter(chapter.number)}　{chapter.title}")
        out.articles = [
            Article(
                tree.number(cid),
                objects[cid].title,
                _paragraphs(objects[cid].body, labels, here),
                cid,
                _layer(record, cid),
            )
            for cid in chapter.clauses
            if tree.number(cid)
        ]
        chapters.append(out)
    outline_ = Outline(here or standard, stage, on, chapters, standard, version(repo, standard))
    outline_.layered = record is not None
    return outline_


def _layer(record: dict | None, cid: str) -> str:
    """How the merged standard's record marks a clause (as the site does), with the deviation's reason."""
    origin = (record or {}).get("origins", {}).get(cid, layers.ADOPTED)
    if origin == layers.ADOPTED:
        return ""
    why = next((d["reason"] for d in reversed(record["deviations"]) if d["id"] == cid), "")
    return origin + (f"：{why}" if why and origin != layers.ADDED else "")


def write(path: Path, doc_outline: Outline, appendix=None) -> None:
    """``appendix``: the 对照表 (amend.compare.Report) to append on landscape pages."""
    doc = Document()
    section = doc.sections[0]
    layout.portrait(section)
    layout.page_number(section)
    o = doc_outline
    doc.core_properties.title = o.title
    doc.core_properties.subject = f"{o.stage}（{o.on.isoformat()}）"
    marks.set_properties(
        doc, {marks.STANDARD: o.standard, marks.STAGE: o.stage, marks.DATE: o.on.isoformat(), marks.VERSION: o.version}
    )
    mark = 1  # w:id of the next bookmark
    para(doc, o.title.strip("《》"), TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    if o.stage == "征求意见稿":
        para(doc, "（征求意见稿）", KAI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
    else:
        para(doc, f"（{o.on.year}年{o.on.month}月{o.on.day}日施行文本）", KAI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    para(doc, NOTE, KAI_FONT, 14)
    if o.layered:
        para(doc, LAYER_NOTE, KAI_FONT, 14)
    for chapter in o.chapters:
        doc.add_paragraph()
        para(doc, chapter.label, HEI_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
        doc.add_paragraph()
        for article in chapter.articles:
            shown = []
            for k, text in enumerate(article.paragraphs or [""]):
                p = para(doc, "", BODY_FONT, 16)
                if k == 0:
                    font(p.add_run(article.label + "　"), HEI_FONT, 16)
                    if o.stage == "征求意见稿":
                        font(p.add_run(f"【{article.title}】"), BODY_FONT, 16, bold=True)
                font(p.add_run(text), BODY_FONT, 16)
                shown.append(p)
            if article.id:
                mark = marks.bookmark(shown, article.id, mark)
            if article.layer:  # outside the article's bookmark: a commented copy reads back only the text
                para(doc, f"（{article.layer}）", KAI_FONT, 14)
    if appendix:
        layout.landscape(doc.add_section(WD_SECTION.NEW_PAGE))
        para(doc, "附件", HEI_FONT, 16, indent=False)
        revision_table.add(doc, appendix)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def write_printed(root: Path, model, cache: Path, key: str, targets: dict[str, Path], on: dt.date) -> None:
    """Each standard of ``targets`` (docname -> .docx path) printed as 印发 from the repository's sources: the
    build's helper process does this beside the pages. ``cache`` keeps ``repo.load``'s parse of the sources (under
    the code key ``key``) for the next build's helper and checker."""
    parsed = cachefile.load(cache, key, {})
    repository = load(root, model, parsed=parsed)
    for std, target in targets.items():
        write(target, outline(repository, std, "印发", on))
    cachefile.keep(cache, key, parsed)


def find_standard(repo: Repository, name: str) -> str | None:
    """A standard by folder name (chufa), docname (standards/chufa/index) or title (with or without 《》)."""
    for std in repo.standards():
        title = (repo.docs[std].title or "").strip("《》")
        if name in (std, std.split("/")[1], title, f"《{title}》"):
            return std
    return None
