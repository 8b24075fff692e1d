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
from functools import cache
from typing import Any

from models.clean.page import Block, match_key, parse_html, read_page, xpath

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

    Uses `trafilatura.bare_extraction` with its default (balanced) settings (see `_trafilatura`),
    comments, images and links left out, tables kept, no metadata (ours comes from the markup only);
    when it finds no main
    text, falls back to the page's blocks outside navigation, headers, footers, asides, forms,
    figures and containers named as share bars, comments, related lists and the like.

    Args:
        content: the HTML source as text.
    """
    root = parse_html(content)
    if root is None:
        return HtmlExtraction([])
    page = read_page(root)
    lines = _trafilatura(root, content, _PageSize.of(page.blocks))
    if lines:
        return HtmlExtraction(lines, page.title, page.metadata, page.blocks)
    fallback = [block.text for block in page.blocks if not block.furniture]
    if not fallback:  # a page that is all "furniture" (a badly named wrapper): the rules decide
        fallback = [block.text for block in page.blocks]
    if page.title and fallback and match_key(fallback[0]) == match_key(page.title):
        fallback = fallback[1:]
    return HtmlExtraction(fallback, page.title, page.metadata, page.blocks, "fallback")


MIN_EXTRACTED_CHARS = 250
"""trafilatura's own `MIN_EXTRACTED_SIZE`: shorter main text makes it try jusText."""
ESCALATION_MAX_CHARS = 3000
ESCALATION_PAGE_SHARE = 0.2
"""trafilatura's recall escalation (with a jusText candidate outside fast mode): main text under
this many characters and under this share of the page's text."""
BODY_WORDS = 8
"""Blocks of at least this many words outside page furniture count as body-like text."""


@dataclass(frozen=True)
class _PageSize:
    """Characters of the page's text as trafilatura measures it (asides and footers left out), and of
    its body-like blocks (an estimate of what readability would extract)."""

    chars: int
    body_chars: int

    @classmethod
    def of(cls, blocks: list[Block]) -> _PageSize:
        chars = body = 0
        for block in blocks:
            if not block.cleared:
                chars += len(block.text)
            if not block.furniture and block.text.count(" ") + 1 >= BODY_WORDS:
                body += len(block.text)
        return cls(chars, body)

    def escalates(self, text_chars: int) -> bool:
        """Whether main text of `text_chars` characters would make trafilatura escalate."""
        return text_chars < ESCALATION_MAX_CHARS and text_chars < ESCALATION_PAGE_SHARE * self.chars


def _trafilatura(tree: Any, content: str, size: _PageSize) -> list[str] | None:
    """Main-text lines of the parsed page (the tree is changed), or None when there are none.

    trafilatura's main extractor runs first on its own (`fast`); its full default run, which compares
    the result with readability's and jusText's, is made (on a fresh parse) only when that comparison
    could change the result: main text under `MIN_EXTRACTED_CHARS`, holding elements trafilatura
    counts as unclean, without paragraphs or mostly tables, less than half of the page's body-like
    text (readability's pick would then be twice as long), or short and a small share of the page
    (trafilatura's recall escalation). The lines are then those of trafilatura's default settings on
    nearly every page, at about the cost of its main extractor.
    """
    try:
        import trafilatura  # imported lazily: it pulls in lxml, justext and date parsing
    except ImportError as exc:  # e.g. lxml without its html_clean part, which justext needs
        _LOG.warning("trafilatura unavailable (%s); using plain block-element extraction", exc)
        return None
    _quiet_trafilatura()
    if size.escalates(size.body_chars):
        # The main text will likely be a small share of the page: trafilatura's full run is the
        # one to make (its escalation would otherwise make it run twice).
        document = _bare(trafilatura, tree, fast=False)
        return _lines(document)
    document = _bare(trafilatura, tree, fast=True)
    if document is None or _compare_could_change(document, size):
        fresh = parse_html(content)
        full = _bare(trafilatura, fresh, fast=False) if fresh is not None else None
        document = full if full is not None else document
    return _lines(document)


def _lines(document: Any) -> list[str] | None:
    if document is None:
        return None
    text = str(getattr(document, "text", None) or "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return [line for line in lines if line] or None


@cache
def _quiet_trafilatura() -> None:
    """trafilatura logs every page it finds little in; once (setLevel clears logging's caches)."""
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


@cache
def _options(fast: bool) -> Any:
    """trafilatura's extraction options, built once (from its configuration file) and shared: it
    copies them where a run changes them."""
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        fast=fast,
        comments=False,
        images=False,
        links=False,
        tables=True,
        with_metadata=False,
    )


def _bare(trafilatura: Any, tree: Any, *, fast: bool) -> Any:
    try:
        return trafilatura.bare_extraction(tree, options=_options(fast))
    except Exception:  # trafilatura raises assorted parser errors on broken markup
        return None


def _compare_could_change(document: Any, size: _PageSize) -> bool:
    """Whether trafilatura's comparison with readability and jusText could pick another text."""
    try:
        from trafilatura.external import SANITIZED_XPATH
    except ImportError:  # another trafilatura version: always take its full run
        return True
    text = str(getattr(document, "text", None) or "")
    body = getattr(document, "body", None)
    if body is None or len(text) < MIN_EXTRACTED_CHARS or size.body_chars > 2 * len(text):
        return True
    if size.escalates(len(text)):
        return True
    if xpath(f"boolean({SANITIZED_XPATH})")(body):  # whether any node is there, none built
        return True
    paragraphs = len(body.findall(".//p"))
    return not xpath("boolean(.//p//text())")(body) or len(body.findall(".//table")) > paragraphs
