"""`render(briefing, fmt)`: one entry point for the three briefing formats."""

from __future__ import annotations

from models.briefing.render_html import render_html
from models.briefing.render_json import render_json
from models.briefing.render_markdown import render_markdown
from models.briefing.types import Briefing
from models.errors import InvalidInputError

RENDER_FORMATS = ("json", "markdown", "html")
"""Formats `render` writes ("md" is accepted for "markdown")."""

FILE_SUFFIXES = {"json": ".json", "markdown": ".md", "html": ".html"}


def canonical_format(fmt: str) -> str:
    """ "json", "markdown" or "html" for `fmt` (case-insensitive, "md" for Markdown).

    Raises:
        InvalidInputError: an unknown format.
    """
    name = fmt.strip().lower() if isinstance(fmt, str) else ""
    name = "markdown" if name == "md" else name
    if name not in RENDER_FORMATS:
        raise InvalidInputError(f"unknown briefing format {fmt!r}; use json, markdown (md) or html")
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
