"""Word (.docx): a block per paragraph of the body, tables (nested too), headers, footers and notes.

A run is a `w:r` holding text (`w:t`), including runs inside hyperlinks, fields and tracked
insertions; its formatting (`w:rPr`: bold, italic, fonts) is left as it is and only its text changes.
Runs that hold drawings or text boxes keep them: only their `w:t` text is replaced. For Arabic
output each translated paragraph gets `w:bidi` and its runs `w:rtl`, tables `w:bidiVisual`; for
English those are removed. Run language (`w:lang`) and the core properties' language are set.
`.docm` (macros) is not accepted; a .docx carrying a VBA project is refused (see `safety`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from models.documents.base import LANG_TAGS, Block, Document, DocumentLimits
from models.documents.safety import check_zip
from models.errors import CorruptDocumentError, EncryptedDocumentError

_PARTS = ("/word/document.xml", "/word/header", "/word/footer", "/word/footnotes", "/word/endnotes")
_KIND = {"header": "header", "footer": "footer", "footnotes": "note", "endnotes": "note"}


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


class DocxDocument(Document):
    format = "docx"
    output_format = "docx"

    def __init__(self, document: Any) -> None:
        super().__init__()
        self.doc = document
        self._paragraphs: list[Any] = []
        self._runs: list[list[Any]] = []
        self._tables: list[Any] = []
        self._blobs: list[tuple[Any, Any]] = []  # parts python-docx keeps as bytes (footnotes, endnotes)
        for element, kind in self._parts():
            self._tables += list(element.iter(_qn("w:tbl")))
            for paragraph in element.iter(_qn("w:p")):
                runs = [r for r in paragraph.iter(_qn("w:r")) if self._owned(r, paragraph) and self._texts(r)]
                texts = ["".join(t.text or "" for t in self._texts(r)) for r in runs]
                if not "".join(texts).strip():
                    continue
                in_cell = next(paragraph.iterancestors(_qn("w:tc")), None) is not None
                self._paragraphs.append(paragraph)
                self._runs.append(runs)
                self.blocks.append(Block(texts, "cell" if in_cell and kind == "paragraph" else kind))

    def _parts(self) -> list[tuple[Any, str]]:
        """The XML of the body first, then headers, footers, footnotes and endnotes."""
        found = []
        for part in self.doc.part.package.iter_parts():
            partname = str(part.partname)
            if not partname.startswith(_PARTS):
                continue
            if hasattr(part, "element"):
                element = part.element
            else:  # no part class in python-docx: parsed here, written back in `write`
                from docx.oxml.parser import parse_xml

                element = parse_xml(part.blob)
                self._blobs.append((part, element))
            stem = partname.rsplit("/", 1)[-1].removesuffix(".xml").rstrip("0123456789")
            found.append((partname != "/word/document.xml", partname, element, _KIND.get(stem, "paragraph")))
        return [(element, kind) for _, _, element, kind in sorted(found, key=lambda f: (f[0], f[1]))]

    @staticmethod
    def _owned(run: Any, paragraph: Any) -> bool:
        return next(run.iterancestors(_qn("w:p")), None) is paragraph

    @staticmethod
    def _texts(run: Any) -> list[Any]:
        return [child for child in run if child.tag == _qn("w:t")]

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        rtl = target == "ar"
        for paragraph, runs, texts in zip(self._paragraphs, self._runs, translated, strict=True):
            for run, text in zip(runs, texts, strict=True):
                nodes = self._texts(run)
                nodes[0].text = text
                nodes[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                for extra in nodes[1:]:
                    run.remove(extra)
                mark_run(run, target)
            set_flag(paragraph.get_or_add_pPr(), "w:bidi", rtl)
        for table in self._tables:
            properties = table.find(_qn("w:tblPr"))
            if properties is not None:
                set_flag(properties, "w:bidiVisual", rtl)
        self.doc.core_properties.language = LANG_TAGS.get(target, target)
        from lxml import etree

        for part, element in self._blobs:
            part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


# Elements that must follow each flag we set (WordprocessingML fixes the order inside pPr/rPr/tblPr).
_AFTER = {
    "w:bidi": (
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:rtl": ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange"),
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange"),
    "w:bidiVisual": (
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
}


def _add(parent: Any, tag: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    parent.insert_element_before(element, *_AFTER[tag])
    return element


def set_flag(parent: Any, tag: str, on: bool) -> None:
    """Add or remove an on/off property element (`w:bidi`, `w:rtl`, `w:bidiVisual`) in schema order."""
    existing = parent.find(_qn(tag))
    if existing is not None:
        parent.remove(existing)
    if on:
        _add(parent, tag)


def mark_run(run: Any, target: str) -> None:
    """Mark a `w:r` as written in `target`: `w:rtl` for Arabic (removed otherwise) and its `w:lang`."""
    properties = run.get_or_add_rPr()
    set_flag(properties, "w:rtl", target == "ar")
    lang = properties.find(_qn("w:lang"))
    if lang is None:
        lang = _add(properties, "w:lang")
    lang.set(_qn("w:bidi" if target == "ar" else "w:val"), LANG_TAGS.get(target, target))


def read_docx(data: bytes, name: str, limits: DocumentLimits) -> DocxDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE container: a protected Office file
        raise EncryptedDocumentError(
            f"{name}: the document is password-protected; remove the password and retry"
        )
    check_zip(data, name, limits, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise CorruptDocumentError(f"{name}: not a readable .docx file (damaged or truncated?)") from exc
    except Exception as exc:  # lxml and zipfile errors deep inside python-docx
        raise CorruptDocumentError(f"{name}: not a readable .docx file (damaged or truncated?)") from exc
    return DocxDocument(document)
