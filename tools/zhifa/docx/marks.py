"""What a 征求意见稿 carries invisibly so that a reviewer's copy can be read back clause by clause: a bookmark
around each clause named after its permanent ID, and the standard, stage, date and text version as custom
document properties (文件 → 属性 → 自定义). Word and LibreOffice keep both when they save a .docx.

Word allows only letters, digits and "_" in a bookmark name, so CL-XXXXXX is carried as ZF_CL_XXXXXX (its
first paragraph; ZF_CL_XXXXXX_2 … the next ones).
"""

from __future__ import annotations

import re

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

PREFIX = "ZF_"
# Custom property names: standard docname, stage, numbering date, text version.
STANDARD, STAGE, DATE, VERSION = "ZhifaStandard", "ZhifaStage", "ZhifaDate", "ZhifaVersion"
UNIT_PROPERTIES = ("单位", "Unit", "ZhifaUnit")  # a unit may name itself in its copy's properties
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def bookmark_name(cid: str, paragraph: int = 1) -> str:
    """ZF_CL_XXXXXX for a clause's first paragraph, ZF_CL_XXXXXX_2, _3 … for the next ones."""
    name = PREFIX + cid.replace("-", "_")
    return name if paragraph == 1 else f"{name}_{paragraph}"


NAME = re.compile(rf"^{PREFIX}(?P<prefix>[A-Z]+)_(?P<rest>[0-9A-Z]+)(?:_\d+)?$")


def clause_id(name: str) -> str | None:
    """The clause ID a bookmark carries, or None for any other bookmark."""
    m = NAME.match(name)
    return f"{m['prefix']}-{m['rest']}" if m else None


def bookmark(paragraphs, cid: str, first_id: int) -> int:
    """Bookmark each of a clause's paragraphs (python-docx paragraphs) on its own: LibreOffice 7.4 writes a
    bookmark spanning several paragraphs back as two, one of them never closed. Returns the next free w:id."""
    for k, paragraph in enumerate(paragraphs, start=1):
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(first_id))
        start.set(qn("w:name"), bookmark_name(cid, k))
        ppr = paragraph._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(first_id))
        paragraph._p.append(end)
        first_id += 1
    return first_id


def set_properties(doc, values: dict[str, str]) -> None:
    """Custom document properties (python-docx has no API for them: the part is written here)."""
    root = etree.Element(f"{{{CUSTOM}}}Properties", nsmap={None: CUSTOM, "vt": VT})
    for pid, (name, value) in enumerate(values.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_properties(doc) -> dict[str, str]:
    """A document's custom properties as text (empty when it has none)."""
    package = doc.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            return {
                p.get("name", ""): "".join(p.itertext()).strip()
                for p in root.iter(f"{{{CUSTOM}}}property")
                if p.get("name")
            }
    return {}
