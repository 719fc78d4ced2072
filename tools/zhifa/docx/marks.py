"""What a 征求意见稿 carries invisibly so that a reviewer's copy can be read back clause by clause: a bookmark
around each clause named after its permanent ID, and the standard, stage, date and text version as custom
document properties (文件 → 属性 → 自定义). Word and LibreOffice keep both when they save a .docx.

Word allows only letters, digits and "_" in a bookmark name, so CL-XXXXXX is carried as ZF_CL_XXXXXX.
"""

from __future__ import annotations

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


def bookmark_name(cid: str) -> str:
    return PREFIX + cid.replace("-", "_")


def clause_id(name: str) -> str | None:
    """The clause ID a bookmark carries, or None for any other bookmark."""
    if not name.startswith(PREFIX) or "_" not in name[len(PREFIX) :]:
        return None
    return name[len(PREFIX) :].replace("_", "-", 1)


def bookmark(first, last, cid: str, number: int) -> None:
    """Bookmark the paragraphs first..last (python-docx paragraphs) as clause ``cid``."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), bookmark_name(cid))
    ppr = first._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        first._p.insert(0, start)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    last._p.append(end)


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
