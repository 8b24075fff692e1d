"""A document's text as an article, for briefings (`tarjama brief`, `tarjama batch`)."""

from __future__ import annotations

from pathlib import PurePath

from models.documents.formats import ARTICLE_SUFFIXES, read_document
from models.text.decode import decode_with_fallback


def is_document(name: str) -> bool:
    """True for the binary and subtitle formats whose text must be read out before cleaning."""
    return PurePath(name).suffix.lower() in ARTICLE_SUFFIXES


def article_text(data: bytes, name: str) -> tuple[str, str | None]:
    """The text of FILE `name` and a warning: a document's paragraphs (docx, pptx, odt, odp, epub,
    pdf, srt, vtt) one per line, or the bytes decoded (legacy Arabic encodings with a warning).

    Raises the document errors of `read_document` and InputDecodeError.
    """
    if is_document(name):
        return read_document(data, name).text, None
    return decode_with_fallback(data, name)
