"""`render(briefing, fmt)`: one entry point for the text formats; `render_file` adds the .docx file."""

from __future__ import annotations

from models.briefing.render_html import render_html
from models.briefing.render_json import render_json
from models.briefing.render_markdown import render_markdown
from models.briefing.types import Briefing
from models.errors import InvalidInputError

RENDER_FORMATS = ("json", "markdown", "html")
"""Text formats `render` writes ("md" is accepted for "markdown")."""

FILE_FORMATS = (*RENDER_FORMATS, "docx")
"""Formats `render_file` writes: the text formats and Word's .docx (python-docx, `documents` extra)."""

FILE_SUFFIXES = {"json": ".json", "markdown": ".md", "html": ".html", "docx": ".docx"}


def canonical_format(fmt: str, formats: tuple[str, ...] = RENDER_FORMATS) -> str:
    """ "json", "markdown", "html" (or another of `formats`) for `fmt` (case-insensitive, "md" for Markdown).

    Raises:
        InvalidInputError: an unknown format.
    """
    name = fmt.strip().lower() if isinstance(fmt, str) else ""
    name = "markdown" if name == "md" else name
    if name not in formats:
        known = ", ".join("markdown (md)" if f == "markdown" else f for f in formats)
        raise InvalidInputError(f"unknown briefing format {fmt!r}; use {known}")
    return name


def render(briefing: Briefing, fmt: str) -> str:
    """The briefing as JSON, Markdown or a self-contained HTML page; text ends with a newline.

    Every renderer makes hostile content inert: markup is escaped, links are written only for
    http(s) URLs, and bidi override characters are removed (HTML, Markdown) or escaped (JSON).
    """
    name = canonical_format(fmt)
    if name == "json":
        return render_json(briefing)
    if name == "markdown":
        return render_markdown(briefing)
    return render_html(briefing)


def render_file(briefing: Briefing, fmt: str) -> bytes:
    """The briefing as the bytes of a file: a text format in UTF-8, or a Word document for "docx"."""
    name = canonical_format(fmt, FILE_FORMATS)
    if name == "docx":
        from models.briefing.render_docx import render_docx

        return render_docx(briefing)
    return render(briefing, name).encode("utf-8")
