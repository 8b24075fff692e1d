"""Main text of an HTML page with trafilatura, and what the page held around it.

The page is parsed once (`models.clean.page`): its text blocks, with the furniture each sits in, and its
declared metadata are read first, then trafilatura (default settings, its own fallback extractors
included) takes the main text from the same tree. trafilatura's text can still hold lines such as
"Share", "Read more: ...", an author box or the comment-policy notice; the caller runs the boilerplate
filter over the lines returned here and accounts for the blocks trafilatura left out. When trafilatura
finds nothing (or cannot be imported), the page's blocks outside any furniture are the text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from models.clean.page import Block, match_key, parse_html, read_page

_LOG = logging.getLogger(__name__)


@dataclass
class HtmlExtraction:
    """Text lines (one paragraph each) and metadata taken from an HTML page.

    Args:
        lines: paragraphs of the main content in order; may still contain boilerplate lines.
        title: the page's headline when found.
        metadata: "author", "date", "url", "sitename", "description" where the markup declares them.
        blocks: every text block of the page in document order, with its furniture context (see
            `models.clean.page`), for accounting what the lines leave out.
        extractor: "trafilatura" or "fallback" (the page's blocks outside any furniture).
    """

    lines: list[str]
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    extractor: str = "trafilatura"


def extract_html(content: str) -> HtmlExtraction:
    """Main text and metadata of an HTML document.

    Uses `trafilatura.bare_extraction` with its default (balanced) settings, comments, images and
    links left out, tables kept, no metadata (ours comes from the markup only); when it finds no main
    text, falls back to the page's blocks outside navigation, headers, footers, asides, forms,
    figures and containers named as share bars, comments, related lists and the like.

    Args:
        content: the HTML source as text.
    """
    root = parse_html(content)
    if root is None:
        return HtmlExtraction([])
    page = read_page(root)
    lines = _trafilatura(root)
    if lines:
        return HtmlExtraction(lines, page.title, page.metadata, page.blocks)
    fallback = [block.text for block in page.blocks if not block.furniture]
    if not fallback:  # a page that is all "furniture" by its names: its tags alone decide
        fallback = [block.text for block in page.blocks if not _tagged_furniture(block)]
    if page.title and fallback and match_key(fallback[0]) == match_key(page.title):
        fallback = fallback[1:]
    return HtmlExtraction(fallback, page.title, page.metadata, page.blocks, "fallback")


def _tagged_furniture(block: Block) -> bool:
    return any(reason in ("navigation", "comment_form", "caption") for _, reason in block.furniture)


def _trafilatura(tree: Any) -> list[str] | None:
    """Main-text lines of the parsed page (the tree is changed), or None when there are none."""
    try:
        import trafilatura  # imported lazily: it pulls in lxml, justext and date parsing
    except ImportError as exc:  # e.g. lxml without its html_clean part, which justext needs
        _LOG.warning("trafilatura unavailable (%s); using plain block-element extraction", exc)
        return None
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        document: Any = trafilatura.bare_extraction(
            tree,
            with_metadata=False,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
        )
    except Exception:  # trafilatura raises assorted parser errors on broken markup
        return None
    if document is None:
        return None
    data: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    text = str(data.get("text") or "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return [line for line in lines if line] or None
