"""OpenDocument text and presentations (.odt, .odp) through odfpy.

A block is a `text:p` or `text:h` (body, tables, frames, slide notes, and the headers and footers of
master pages); its runs are the text nodes inside it, whose formatting comes from the `text:span`
and `text:a` around them, so spans and links keep their style and target. Nested paragraphs (a text
box inside a paragraph) are blocks of their own. For Arabic output every paragraph style (and the
default one) gets `style:writing-mode="rl-tb"`; the language goes to the default text properties
and to `dc:language` in the metadata. Macros (Basic/, Scripts/) are refused (see `safety`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from models.documents.base import Block, Document, DocumentLimits
from models.documents.safety import check_zip
from models.errors import CorruptDocumentError, EncryptedDocumentError

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_PARAGRAPHS = ("p", "h")
# Inline content whose text is not prose to translate.
_OPAQUE = ("note-citation", "page-number", "page-count", "date", "time", "sequence", "bookmark-ref")


def _is(node: Any, ns: str, names: tuple[str, ...]) -> bool:
    qname = getattr(node, "qname", None)
    return qname is not None and qname[0] == ns and qname[1] in names


class OdfDocument(Document):
    def __init__(self, document: Any, kind: str) -> None:
        super().__init__()
        self.format = self.output_format = kind
        self.doc = document
        self._nodes: list[list[Any]] = []
        for root, where in ((document.body, "paragraph"), (document.masterstyles, "header")):
            self._walk(root, where)

    def _walk(self, node: Any, where: str) -> None:
        for child in node.childNodes:
            if _is(child, _TEXT, _PARAGRAPHS):
                self._paragraph(child, where)
            elif getattr(child, "nodeType", 0) == child.ELEMENT_NODE:
                local = child.qname[1]
                inner = "note" if local == "notes" else "footer" if local == "footer" else where
                self._walk(child, "header" if local == "header" else inner)

    def _paragraph(self, paragraph: Any, where: str) -> None:
        nodes: list[Any] = []
        nested: list[Any] = []

        def collect(node: Any) -> None:
            for child in node.childNodes:
                if child.nodeType == child.TEXT_NODE:
                    nodes.append(child)
                elif _is(child, _TEXT, _PARAGRAPHS):
                    nested.append(child)
                elif _is(child, _TEXT, ("note",)):
                    self._walk(child, "note")
                elif _is(child, _TEXT, _OPAQUE):
                    continue
                elif child.nodeType == child.ELEMENT_NODE:
                    if child.qname[0] == _TEXT:
                        collect(child)
                    else:
                        self._walk(child, where)  # frames, text boxes: paragraphs of their own

        collect(paragraph)
        texts = [node.data for node in nodes]
        if "".join(texts).strip():
            self._nodes.append(nodes)
            kind = "heading" if paragraph.qname[1] == "h" else where
            self.blocks.append(Block(texts, kind))
        for child in nested:
            self._paragraph(child, where)

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        for nodes, texts in zip(self._nodes, translated, strict=True):
            for node, text in zip(nodes, texts, strict=True):
                node.data = text
        self._direction(target)
        out = io.BytesIO()
        self.doc.write(out)
        return out.getvalue()

    def _direction(self, target: str) -> None:
        from odf import dc, style

        mode = "rl-tb" if target == "ar" else "lr-tb"
        roots = (self.doc.styles, self.doc.automaticstyles)
        for root in roots:
            for element in root.getElementsByType(style.Style) + root.getElementsByType(style.DefaultStyle):
                if element.getAttrNS(_STYLE, "family") != "paragraph":
                    continue
                found = element.getElementsByType(style.ParagraphProperties)
                if not found:
                    element.addElement(style.ParagraphProperties())
                    found = element.getElementsByType(style.ParagraphProperties)
                found[0].setAttrNS(_STYLE, "writing-mode", mode)
        defaults = list(self.doc.styles.getElementsByType(style.DefaultStyle))
        if not any(d.getAttrNS(_STYLE, "family") == "paragraph" for d in defaults):
            default = style.DefaultStyle(family="paragraph")
            default.addElement(style.ParagraphProperties(writingmode=mode))
            self.doc.styles.addElement(default)
        for default in self.doc.styles.getElementsByType(style.DefaultStyle):
            if default.getAttrNS(_STYLE, "family") != "paragraph":
                continue
            found = default.getElementsByType(style.TextProperties)
            if not found:
                default.addElement(style.TextProperties())
                found = default.getElementsByType(style.TextProperties)
            if target == "ar":
                found[0].setAttrNS(_STYLE, "language-complex", "ar")
                found[0].setAttrNS(_STYLE, "country-complex", "SA")
            else:
                found[0].setAttrNS(_FO, "language", "en")
                found[0].setAttrNS(_FO, "country", "US")
        for old in self.doc.meta.getElementsByType(dc.Language):
            old.parentNode.removeChild(old)
        self.doc.meta.addElement(dc.Language(text=target))


def read_odf(data: bytes, name: str, limits: DocumentLimits, kind: str) -> OdfDocument:
    from odf.opendocument import load

    check_zip(data, name, limits, kind)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            manifest = archive.read("META-INF/manifest.xml")
        except KeyError:
            manifest = b""
    if b"encryption-data" in manifest:
        raise EncryptedDocumentError(f"{name}: the document is password-protected; remove the password")
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy surfaces zipfile, xml.sax and KeyError failures unwrapped
        raise CorruptDocumentError(f"{name}: not a readable .{kind} file (damaged or truncated?)") from exc
    expected = "presentation" if kind == "odp" else "text"
    if expected not in (document.mimetype or ""):
        raise CorruptDocumentError(
            f"{name}: this is not an OpenDocument {expected} file ({document.mimetype})"
        )
    return OdfDocument(document, kind)
