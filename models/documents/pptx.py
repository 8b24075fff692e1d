"""PowerPoint (.pptx): a block per paragraph of every slide (text boxes, groups, tables) and its notes.

A run is an `a:r`; its `a:rPr` (bold, italic, hyperlink, font) is kept and its `a:t` text replaced.
For Arabic output paragraphs get `rtl="1"` on `a:pPr`, runs `lang="ar-SA"`; the core properties'
language is set. Slide layouts and masters (template placeholder text) are not translated.
`.pptm` (macros) is not accepted and a VBA project inside a .pptx is refused.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from models.documents.base import LANG_TAGS, Block, Document, DocumentLimits
from models.documents.safety import check_zip
from models.errors import CorruptDocumentError, EncryptedDocumentError

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class PptxDocument(Document):
    format = "pptx"
    output_format = "pptx"

    def __init__(self, presentation: Any) -> None:
        super().__init__()
        self.presentation = presentation
        self._paragraphs: list[Any] = []
        self._runs: list[list[Any]] = []
        for slide in presentation.slides:
            self._collect(slide.element, "paragraph")
            frame = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
            if frame is not None:
                self._collect(frame._txBody, "note")

    def _collect(self, element: Any, kind: str) -> None:
        for paragraph in element.iter(f"{_A}p"):
            runs = [r for r in paragraph if r.tag == f"{_A}r" and r.find(f"{_A}t") is not None]
            texts = [r.find(f"{_A}t").text or "" for r in runs]
            if not "".join(texts).strip():
                continue
            in_cell = next(paragraph.iterancestors(f"{_A}tc"), None) is not None
            self._paragraphs.append(paragraph)
            self._runs.append(runs)
            self.blocks.append(Block(texts, "cell" if in_cell else kind))

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        from lxml import etree

        tag = LANG_TAGS.get(target, target)
        for paragraph, runs, texts in zip(self._paragraphs, self._runs, translated, strict=True):
            for run, text in zip(runs, texts, strict=True):
                run.find(f"{_A}t").text = text
                properties = run.find(f"{_A}rPr")
                if properties is None:
                    properties = etree.Element(f"{_A}rPr")
                    run.insert(0, properties)
                properties.set("lang", tag)
            properties = paragraph.find(f"{_A}pPr")
            if properties is None:
                properties = etree.Element(f"{_A}pPr")
                paragraph.insert(0, properties)
            properties.set("rtl", "1" if target == "ar" else "0")
            if target == "ar" and properties.get("algn") in (None, "l"):
                properties.set("algn", "r")
        self.presentation.core_properties.language = tag
        out = io.BytesIO()
        self.presentation.save(out)
        return out.getvalue()


def read_pptx(data: bytes, name: str, limits: DocumentLimits) -> PptxDocument:
    import pptx

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise EncryptedDocumentError(f"{name}: the presentation is password-protected; remove the password")
    check_zip(data, name, limits, "pptx")
    try:
        presentation = pptx.Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises zipfile, lxml and KeyError failures as they come
        raise CorruptDocumentError(f"{name}: not a readable .pptx file (damaged or truncated?)") from exc
    return PptxDocument(presentation)
