"""Which module reads which file: formats by extension, and the one entry point `read_document`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from models.documents.base import Document, DocumentLimits
from models.errors import UnsupportedFormatError


@dataclass(frozen=True)
class Format:
    """name: the format; output: what a translation of it is written as; media_type: of the output."""

    name: str
    output: str
    media_type: str


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS: dict[str, Format] = {
    ".docx": Format("docx", "docx", _DOCX),
    ".pptx": Format(
        "pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    ".odt": Format("odt", "odt", "application/vnd.oasis.opendocument.text"),
    ".odp": Format("odp", "odp", "application/vnd.oasis.opendocument.presentation"),
    ".epub": Format("epub", "epub", "application/epub+zip"),
    ".srt": Format("srt", "srt", "application/x-subrip"),
    ".vtt": Format("vtt", "vtt", "text/vtt; charset=utf-8"),
    ".html": Format("html", "html", "text/html; charset=utf-8"),
    ".htm": Format("html", "html", "text/html; charset=utf-8"),
    ".xhtml": Format("html", "html", "text/html; charset=utf-8"),
    ".md": Format("md", "md", "text/markdown; charset=utf-8"),
    ".markdown": Format("md", "md", "text/markdown; charset=utf-8"),
    ".txt": Format("txt", "txt", "text/plain; charset=utf-8"),
    ".pdf": Format("pdf", "docx", _DOCX),
}
# Refused by name: the macro-enabled and legacy binary siblings of the formats above.
REFUSED = {
    ".docm": "macro-enabled Word files are not accepted; save it as .docx without macros",
    ".pptm": "macro-enabled PowerPoint files are not accepted; save it as .pptx without macros",
    ".doc": "legacy .doc files are not read; save it as .docx",
    ".ppt": "legacy .ppt files are not read; save it as .pptx",
}
# Document formats whose text batch and brief take as an article (their own readers handle the rest).
ARTICLE_SUFFIXES = (".docx", ".pptx", ".odt", ".odp", ".epub", ".pdf", ".srt", ".vtt")


def format_for(name: str) -> Format:
    """The format of a file, from its extension. Raises UnsupportedFormatError with the list we read."""
    suffix = PurePath(name).suffix.lower()
    if suffix in REFUSED:
        raise UnsupportedFormatError(f"{PurePath(name).name}: {REFUSED[suffix]}")
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise UnsupportedFormatError(
            f"{PurePath(name).name}: {suffix or 'no extension'} is not a format tarjama reads ({known})"
        )
    return FORMATS[suffix]


def _reader(fmt: str) -> Callable[[bytes, str, DocumentLimits], Document]:
    # Imported on use: each format's library loads only when a file of that format arrives.
    if fmt == "docx":
        from models.documents.docx import read_docx

        return read_docx
    if fmt == "pptx":
        from models.documents.pptx import read_pptx

        return read_pptx
    if fmt in ("odt", "odp"):
        from models.documents.odf import read_odf

        return lambda data, name, limits: read_odf(data, name, limits, fmt)
    if fmt == "epub":
        from models.documents.epub import read_epub

        return read_epub
    if fmt == "srt":
        from models.documents.subtitles import read_srt

        return read_srt
    if fmt == "vtt":
        from models.documents.subtitles import read_vtt

        return read_vtt
    if fmt == "html":
        from models.documents.html import read_html

        return read_html
    if fmt == "md":
        from models.documents.markdown import read_markdown

        return read_markdown
    if fmt == "pdf":
        from models.documents.pdf import read_pdf

        return read_pdf
    from models.documents.plaintext import read_text

    return read_text


def read_document(data: bytes, name: str, limits: DocumentLimits | None = None) -> Document:
    """Parse `data` as the format its file `name` says (by extension), after the safety checks.

    Raises UnsupportedFormatError, CorruptDocumentError, EncryptedDocumentError, UnsafeDocumentError,
    DocumentTooLargeError, NoMainTextError (a PDF without text), all from `models.errors`.
    """
    from models.errors import DocumentTooLargeError

    limits = limits or DocumentLimits()
    fmt = format_for(name)
    document = _reader(fmt.name)(data, PurePath(name).name, limits)
    if len(document.blocks) > limits.max_blocks:
        raise DocumentTooLargeError(
            f"{PurePath(name).name}: {len(document.blocks)} paragraphs, over the limit of {limits.max_blocks}"
        )
    return document
