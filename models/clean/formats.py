"""Guessing whether an input is HTML, a JSON record, Markdown or plain text."""

from __future__ import annotations

import re

from models.clean.jsonrec import parse_json_object

_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|section|main|header|footer|nav|aside|span|"
    r"h[1-6]|br|hr|a\s|img|ul|ol|li|table|figure|figcaption|script|style|blockquote|strong|em|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[[^\]\n]+\]\([^)\s]+[^)]*\)")
_MD_SETEXT = re.compile(r"^[^\n]+\n\s{0,3}={3,}\s*$", re.MULTILINE)


def guess_format(content: str) -> str:
    """ "json" for a JSON object, "html" for markup, "markdown" for Markdown headings or links, else
    "text".

    Args:
        content: the input as text.
    """
    head = content.lstrip("\ufeff \t\r\n")
    if head.startswith("{") and parse_json_object(head) is not None:
        return "json"
    if (head.startswith("<") and _HTML.search(head[:2000])) or len(_HTML.findall(content[:20000])) >= 2:
        return "html"
    if _MD_HEADING.search(content) or _MD_LINK.search(content) or _MD_SETEXT.search(content):
        return "markdown"
    return "text"
