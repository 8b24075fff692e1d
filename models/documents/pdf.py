"""PDF in, Word out: a PDF's text is read with pypdf and written as a .docx, page by page.

A PDF has no paragraphs or runs to write back into (text is placed glyph by glyph), so the output
is a new .docx holding the translated text with a note at the top saying so; layout, images and
fonts are not kept. Lines are joined into paragraphs at blank lines and at line ends that close a
sentence. Encrypted PDFs are refused; a PDF with no text layer (a scan) is an error, not an empty file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from models.documents.base import Block, Document, DocumentLimits
from models.documents.safety import check_size
from models.errors import CorruptDocumentError, EncryptedDocumentError, NoMainTextError

NOTE = (
    "Translated from a PDF by tarjama. A PDF keeps no editable paragraphs, so this Word file holds the "
    "translated text page by page; the PDF's layout, images and fonts are not kept."
)
_SENTENCE_END = re.compile(r"[.!?؟。:]\s*$")


def _paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.replace("\r", "\n").split("\n"):
        line = " ".join(line.split())
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if _SENTENCE_END.search(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


class PdfDocument(Document):
    format = "pdf"
    output_format = "docx"

    def __init__(self, pages: list[list[str]]) -> None:
        super().__init__()
        self.notes.append(NOTE)
        self._pages = pages
        for page in pages:
            self.blocks += [Block([paragraph]) for paragraph in page]

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        import docx
        from docx.enum.text import WD_BREAK

        from models.documents.docx import DocxDocument

        out = docx.Document()
        note = out.add_paragraph()
        note.add_run(NOTE).italic = True
        texts = iter(translated)
        for number, page in enumerate(self._pages):
            if number:
                out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            for _ in page:
                out.add_paragraph("".join(next(texts)))
        # Mark direction and language the same way as a translated .docx (every paragraph is ours).
        marked = DocxDocument(out)
        return marked.write([block.runs for block in marked.blocks], target)


def read_pdf(data: bytes, name: str, limits: DocumentLimits) -> PdfDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    check_size(data, name, limits)
    if not data.lstrip()[:5] == b"%PDF-":
        raise CorruptDocumentError(f"{name}: not a PDF file (it does not start with %PDF-)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise EncryptedDocumentError(f"{name}: the PDF is encrypted; remove its password and retry")
        pages = [_paragraphs(page.extract_text() or "") for page in reader.pages]
    except EncryptedDocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise CorruptDocumentError(f"{name}: not a readable PDF (damaged or truncated?)") from exc
    if not any(pages):
        raise NoMainTextError(
            f"{name}: the PDF has no text layer (a scan?); run OCR on it first, then translate the text"
        )
    return PdfDocument(pages)
