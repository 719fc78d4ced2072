"""What every Word file of the project shares: the fonts of official documents, runs and paragraphs in them,
and the two page set-ups (A4 portrait with official-document margins; A4 landscape for wide tables)."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT = ("仿宋", "FangSong")  # (East Asian, Latin)
TITLE_FONT = ("方正小标宋简体", "SimSun")
HEI_FONT = ("黑体", "SimHei")
KAI_FONT = ("楷体", "KaiTi")


def font(run, faces: tuple[str, str], size: float, bold: bool = False) -> None:
    """Give a run its East Asian and Latin faces (Word needs both set), size and weight."""
    run.font.name = faces[1]
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), faces[0])


def para(doc, text: str, faces=BODY_FONT, size=16, align=None, bold=False, indent=True, line=28):
    """A paragraph of one run; body paragraphs get the two-character first-line indent of official texts."""
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    if line:
        fmt.line_spacing = Pt(line)
    fmt.space_after = Pt(0)
    if indent and align is None:
        fmt.first_line_indent = Pt(size * 2)
    font(p.add_run(text), faces, size, bold)
    return p


def portrait(section, margins: str = "official") -> None:
    """A4 portrait: official-document margins (GB/T 9704: 37/35/28/26 mm) or narrow ones for papers."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    if margins == "official":
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    else:
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin = section.right_margin = Mm(18)


def landscape(section) -> None:
    """A4 landscape with 20 mm margins, for the three columns of a 修订对照表."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(20)


def page_number(section) -> None:
    """Footer "— 页码 —" centred, as a PAGE field so the word processor fills it in."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(p.add_run("— "), BODY_FONT, 14)
    run = p.add_run()
    font(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    font(p.add_run(" —"), BODY_FONT, 14)
