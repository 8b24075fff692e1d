"""Main text and metadata of an HTML page, with trafilatura (and a plain lxml fallback).

trafilatura drops navigation, scripts, figures and most page furniture, but its text can still hold
lines such as "Share", "Read more: ...", an author box or the comment-form notice; the caller runs the
boilerplate filter over the lines returned here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

_LOG = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?،؛])")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "td",
        "th",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "address",
        "div",
        "section",
        "article",
    ]
)
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figure",
    "button",
    "select",
    "input",
    "textarea",
    "label",
]
_DATE_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//time/@datetime",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_METADATA_KEYS = ("author", "date", "url", "sitename", "description")


@dataclass
class HtmlExtraction:
    """Text lines (one paragraph each) and metadata taken from an HTML page.

    Args:
        lines: paragraphs of the main content in order; may still contain boilerplate lines.
        title: the page's headline when found.
        metadata: "author", "date", "url", "sitename", "description" where found.
    """

    lines: list[str]
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def extract_html(content: str) -> HtmlExtraction:
    """Main text and metadata of an HTML document.

    Uses `trafilatura.bare_extraction` (comments, images and links left out, tables kept); when it
    finds no main text, falls back to the text of the page's block elements with navigation, headers,
    footers, asides, forms, figures and scripts removed.

    Args:
        content: the HTML source as text.
    """
    extraction = _trafilatura(content)
    if extraction is None or not extraction.lines:
        return _lxml_text(content)
    if extraction.title is None:
        extraction.title = _lxml_text(content).title
    return extraction


def _trafilatura(content: str) -> HtmlExtraction | None:
    try:
        import trafilatura  # imported lazily: it pulls in lxml, justext and date parsing
    except ImportError as exc:  # e.g. lxml without its html_clean part, which justext needs
        _LOG.warning("trafilatura unavailable (%s); using plain block-element extraction", exc)
        return None
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        document: Any = trafilatura.bare_extraction(
            content,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
            favor_recall=True,
        )
    except Exception:  # trafilatura raises assorted parser errors on broken markup
        return None
    if document is None:
        return None
    data: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    text = data.get("text") or ""
    lines = [_SPACES.sub(" ", line).strip() for line in str(text).split("\n")]
    metadata = {
        key: _SPACES.sub(" ", str(data[key])).strip()
        for key in _METADATA_KEYS
        if isinstance(data.get(key), str) and data[key].strip()
    }
    title = data.get("title")
    title = _SPACES.sub(" ", title).strip() if isinstance(title, str) and title.strip() else None
    return HtmlExtraction([line for line in lines if line], title, metadata)


def _lxml_text(content: str) -> HtmlExtraction:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        return HtmlExtraction([])
    title = _first_text(root, "//h1") or _first_text(root, "//title")
    metadata: dict[str, str] = {}
    author = root.xpath("string(//meta[@name='author']/@content)")
    if isinstance(author, str) and author.strip():
        metadata["author"] = author.strip()
    for xpath in _DATE_XPATHS:
        value = root.xpath(f"string({xpath})")
        if isinstance(value, str) and value.strip():
            match = _ISO_DATE.match(value.strip())
            metadata["date"] = match.group(0) if match else value.strip()
            break
    canonical = root.xpath("string(//link[@rel='canonical']/@href)")
    if isinstance(canonical, str) and canonical.strip():
        metadata["url"] = canonical.strip()
    for element in root.xpath("//" + " | //".join(_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    lines: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS:
            continue
        if any(
            isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in element.iterdescendants()
        ):
            own = _SPACES.sub(" ", element.text or "").strip()  # text directly inside a wrapper div
            if own:
                lines.append(own)
            continue
        text = _inline_text(element)
        if text:
            lines.append(text)
    return HtmlExtraction(lines, title, metadata)


def _inline_text(element: Any) -> str:
    """Text of an element whose inline children (links, spans) are separated by spaces."""
    text = _SPACES.sub(" ", " ".join(element.itertext())).strip()
    return _SPACE_BEFORE_MARK.sub(r"\1", text)


def _first_text(root: Any, xpath: str) -> str | None:
    found = root.xpath(xpath)
    if not found:
        return None
    text = _SPACES.sub(" ", found[0].text_content()).strip()
    return text or None
