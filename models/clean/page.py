"""What an HTML page holds before any extractor sees it: its text blocks with their page context, and
the metadata its markup declares.

- **Blocks**: every run of text of the page body in document order, one per block element (a
  paragraph, a list item, a heading, a div's loose text), each with the page furniture it sits in
  (`nav`, `footer`, `aside`, `form`, `figure`, or a container whose class or id says "share",
  "comments", "related", "newsletter", "cookie", ...). They let cleaning account for everything the
  main-text extractor left out (`CleanedArticle.removed`) and question what it kept (a kept line inside
  a comment form is still a comment form).
- **Metadata**: title, author, date, url, sitename and description from `<meta>`, `<link>`, `<time>`
  and JSON-LD only. Nothing is guessed from the page's text: no date from a copyright line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count
from typing import Any

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_BLOCKS = "p h1 h2 h3 h4 h5 h6 li blockquote pre td th dt dd figcaption caption address div section article"
_CONTAINERS = "main header footer nav aside form figure ul ol dl table tr tbody thead tfoot body"
BLOCK_TAGS = frozenset(f"{_BLOCKS} {_CONTAINERS}".split(" "))
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "head",
        "select",
        "option",
        "input",
    ]
)

HEADER = "header"
"""The furniture mark of a `<header>`: a site's masthead (recorded as "navigation" when left out), or
an article's own header holding its headline and standfirst, so lines kept from it stay."""

FURNITURE_TAGS = {
    "nav": "navigation",
    "header": HEADER,
    "footer": "page_furniture",
    "aside": "related",
    "form": "comment_form",
    "textarea": "comment_form",
    "label": "comment_form",
    "button": "navigation",
    "figure": "caption",
    "figcaption": "caption",
}
"""Page furniture by element name, with the removal reason of the text inside."""

# Class/id words: (reason, substrings matched anywhere in a class or id, whole tokens).
FURNITURE_NAMES = (
    ("comment_form", ("comment", "disqus", "reply-title"), ("respond",)),
    ("share", ("share", "sharing", "social", "follow-us"), ()),
    (
        "related",
        ("related", "recommend", "more-stories", "readmore", "read-more", "most-read"),
        ("trending",),
    ),
    ("newsletter", ("newsletter", "subscribe", "signup", "sign-up"), ()),
    ("cookie_notice", ("cookie", "consent", "gdpr"), ()),
    ("advertisement", ("advert", "sponsor", "adslot", "ad-slot", "ad-container"), ("ad", "ads", "promo")),
    ("navigation", ("breadcrumb", "navbar", "sidebar", "pagination", "skip-link"), ("nav", "menu", "tags")),
    ("byline", ("author-box", "author-bio", "authorbox", "about-author"), ()),
    ("caption", ("caption", "photo-credit", "image-credit"), ()),
    ("page_furniture", ("footer", "copyright", "site-header", "masthead"), ()),
)

_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_TIME_XPATHS = ("//*[@itemprop='datePublished']/@datetime", "//article//time/@datetime", "//time/@datetime")
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")


@dataclass(slots=True)
class Block:
    """One run of text of the page. Not changed once made (by convention: not frozen, as a frozen
    dataclass sets each field through `object.__setattr__`, which costs on the hundreds of blocks of
    a page); nothing hashes blocks.

    Args:
        text: the text, whitespace collapsed.
        furniture: the page furniture it sits in, innermost last, as (container number, reason)
            pairs; empty for text outside any.
        cleared: inside an element trafilatura's page measure leaves out (`aside`, `footer`, a div
            named "footer"): not counted in the page's text by `models.clean.html`.
    """

    text: str
    furniture: tuple[tuple[int, str], ...] = ()
    key: str = field(default="", compare=False)
    cleared: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not self.key:  # matched against the extractor's lines (the page reader passes it in)
            self.key = match_key(self.text)


@dataclass
class Page:
    """The blocks and declared metadata of an HTML page (see the module docstring)."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]")
"""Characters `models.text.normalize` removes (extracted lines are normalised, page blocks not)."""


def match_key(text: str) -> str:
    """Text without spaces or invisible characters, in NFC, lower-cased: what an extractor's lines
    and the page's blocks are matched on (extractors change the spaces around inline markup)."""
    if text.isascii():  # already NFC, no invisible characters: most blocks of English pages
        return "".join(text.split()).lower()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return INVISIBLE.sub("", "".join(text.split())).lower()


def parse_html(content: str) -> Any | None:
    """The lxml document of `content`, or None when it cannot be parsed. Comments and processing
    instructions are left out (as trafilatura's own parser does)."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    parser.set_element_class_lookup(_class_lookup())
    try:
        root = lxml.html.document_fromstring(content.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


@lru_cache(maxsize=1)
def _class_lookup() -> Any:
    """Every element an `HtmlElement` (comments, processing instructions and entities their lxml.html
    classes), found in C: lxml.html's own lookup calls Python for each element object it makes, on
    every access to a child and every element an XPath returns, which costs our walk over the page and
    trafilatura's passes over the same tree (copies keep the lookup). The classes it would give
    `form`, `input`, `select`, `textarea` and `label` only add form-field accessors nothing here uses.
    Built once (a lookup holds no state); the parser is made per call, as before."""
    import lxml.html
    from lxml import etree

    return etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )


@lru_cache(maxsize=64)
def xpath(expression: str) -> Any:
    """`expression` compiled once (`element.xpath(text)` compiles it on every call); lxml's compiled
    XPath locks itself while it evaluates, so threads may share it."""
    from lxml import etree

    return etree.XPath(expression)


def read_page(root: Any) -> Page:
    """Blocks and metadata of a parsed page (the tree is not changed)."""
    metas = _metas(root)
    page = Page(metadata=_metadata(root, metas))
    page.title = _title(root, metas)
    body = root.find("body")
    if body is None:
        body = root
    numbers = count(1)
    run: list[str] = []
    _walk(body, (), page.blocks, run, numbers)
    if run:
        _flush(run, (), page.blocks)
    return page


_NAME_REASONS = {part: reason for reason, parts, whole in FURNITURE_NAMES for part in (*parts, *whole)}
_NAME_PATTERN = re.compile(
    "|".join(re.escape(part) for _, parts, _ in FURNITURE_NAMES for part in parts)
    + "|"
    + "|".join(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])" for _, _, whole in FURNITURE_NAMES for w in whole)
)
"""Any furniture name of `FURNITURE_NAMES` in a class or id (whole words for the short ones)."""


@lru_cache(maxsize=4096)
def _named(names: str) -> str | None:
    """The furniture reason a class-and-id string names, if any (cached: sites repeat their classes)."""
    match = _NAME_PATTERN.search(names.lower())
    return _NAME_REASONS[match.group(0)] if match else None


def _flush(
    run: list[str], stack: tuple[tuple[int, str], ...], out: list[Block], cleared: bool = False
) -> None:
    """The text of a non-empty `run` as a block (the caller tests `run`: most flushes find none)."""
    text = " ".join(" ".join(run).split())
    run.clear()
    if text:
        if " " in text:  # one word (most menu items) has no space before a mark to take out
            text = _SPACED_MARK.sub("", text)
        out.append(Block(text, stack, _spaced_key(text), cleared))


def _spaced_key(text: str) -> str:
    """`match_key(text)` of a text whose only whitespace is single spaces (a block's, once
    collapsed): removing the spaces is what splitting and joining would do."""
    if text.isascii():
        return text.replace(" ", "").lower()
    if not unicodedata.is_normalized("NFC", text):
        return match_key(text)
    return INVISIBLE.sub("", text.replace(" ", "")).lower()


_SPACED_MARK = re.compile(" (?=[,.;:!?،؛])")
"""A space before a punctuation mark, taken out of a block's text (spaces already collapsed): one
regex pass, which the engine starts only at spaces."""


def _walk(
    element: Any,
    stack: tuple[tuple[int, str], ...],
    out: list[Block],
    run: list[str],
    numbers: Iterator[int],
    cleared: bool = False,
) -> bool:
    """Add the blocks of `element`'s subtree to `out`; inline text is left in `run` for the caller.
    Returns whether the subtree holds a block element."""
    # lxml builds a new string (and element proxy) on every attribute or child access: each is read once.
    tag = element.tag
    reason = FURNITURE_TAGS.get(tag)
    if reason is None:  # a class or id naming furniture (inline: a call per element costs)
        classes, ident = element.get("class"), element.get("id")
        if classes or ident:
            reason = _named(f"{classes or ''} {ident or ''}")
    outer_stack, outer_cleared = stack, cleared
    if reason is not None:
        stack = (*stack, (next(numbers), reason))
        cleared = cleared or _cleared(element)
    is_block = tag in BLOCK_TAGS
    text = element.text
    if is_block:
        if run:
            _flush(run, outer_stack, out, outer_cleared)  # text before this block is its own run
        run = [text] if text else []
        # Most blocks hold text and childless inline elements only (<li><a>Home</a></li>): read them
        # without a call per child.
        if _simple_text(element, run):
            if run:
                _flush(run, stack, out, cleared)
            return True
        run = [text] if text else []
    elif text:
        run.append(text)
    has_block = False
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in SKIP_TAGS:
            if tag == "br":
                run.append(" ")
            else:
                has_block = _walk(child, stack, out, run, numbers, cleared) or has_block
        tail = child.tail
        if tail:
            run.append(tail)
    if is_block and run:
        _flush(run, stack, out, cleared)
    return is_block or has_block


def _cleared(element: Any) -> bool:
    """trafilatura's `BASIC_CLEAN_XPATH` (aside, footer, div with "footer" in its class or id)."""
    tag = element.tag
    if tag in ("aside", "footer"):
        return True
    return tag == "div" and "footer" in f"{element.get('class') or ''} {element.get('id') or ''}"


def _simple_text(element: Any, parts: list[str], depth: int = 2) -> bool:
    """Whether the element holds inline elements only, at most `depth` levels deep, whose text is
    read as it stands (`<li><a><span>Home</span></a></li>`); their text, tails included, is added to
    `parts` in order as they are checked (what was added is the caller's to drop when not simple)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_SIMPLE:
            return False
        text = child.text
        if text:
            parts.append(text)
        if len(child) and (depth <= 1 or not _simple_text(child, parts, depth - 1)):
            return False
        tail = child.tail
        if tail:
            parts.append(tail)
    return True


_NOT_SIMPLE = BLOCK_TAGS | SKIP_TAGS | {"br"}


def _title(root: Any, metas: dict[str, str]) -> str | None:
    for xpath_text in ("//article//h1", "//main//h1", "//h1"):
        found = xpath(xpath_text)(root)
        if found:
            text = _SPACES.sub(" ", found[0].text_content()).strip()
            if text:
                return text
    og = _meta(metas, "og:title")
    if og:
        return og
    found = xpath("//title")(root)
    if found:
        text = _SPACES.sub(" ", found[0].text_content()).strip()
        return text or None
    return None


def _meta(metas: dict[str, str], *names: str) -> str | None:
    """The content of the first of `names` the page's `<meta>` elements declare."""
    for name in names:
        if name in metas:
            return metas[name]
    return None


def _metas(root: Any) -> dict[str, str]:
    """Non-empty `<meta name|property|itemprop=... content=...>` values by lower-cased name; the
    first one of a name wins."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        content = element.get("content")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            name = (element.get(attribute) or "").strip().lower()
            if name and name not in found:
                found[name] = _SPACES.sub(" ", content).strip()
    return found


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    for script in xpath("//script[@type='application/ld+json']")(root):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    yield from (node for node in graph if isinstance(node, dict))
                yield item


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_name_of(v) for v in value) if name]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip() and not value.strip().startswith("http"):
        return _SPACES.sub(" ", value).strip()
    return None


def _date(value: str) -> str:
    match = _ISO_DATE.match(value.strip())
    return match.group(0) if match else value.strip()


_LD_TYPES = ("Article", "Posting", "Report", "WebPage")


def _metadata(root: Any, metas: dict[str, str]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    ld_nodes: list[list[dict[str, Any]]] = []

    def articles() -> list[dict[str, Any]]:
        # JSON-LD is read only when a <meta> leaves a field open: most pages declare all of them.
        if not ld_nodes:
            ld_nodes.append(
                [
                    node
                    for node in _json_ld(root)
                    if any(word in str(node.get("@type", "")) for word in _LD_TYPES)
                ]
            )
        return ld_nodes[0]

    author = _meta(metas, *_AUTHOR_META)
    if author and author.startswith("http"):
        author = None
    author = author or next((a for a in (_name_of(n.get("author")) for n in articles()) if a), None)
    if author is None:
        found = xpath("//*[@rel='author' or @itemprop='author']")(root)
        if found:
            author = _SPACES.sub(" ", found[0].text_content()).strip() or None
    if author:
        metadata["author"] = author
    date = _meta(metas, *_DATE_META)
    if date is None:
        date = next((str(n["datePublished"]) for n in articles() if n.get("datePublished")), None)
    for xpath_text in _TIME_XPATHS:
        if date is not None:
            break
        times = xpath(xpath_text)(root)
        date = str(times[0]) if times else None
    if date and date.strip():
        metadata["date"] = _date(date)
    canonical = xpath("string(//link[@rel='canonical']/@href)")(root)
    url = canonical.strip() if isinstance(canonical, str) and canonical.strip() else _meta(metas, "og:url")
    if url:
        metadata["url"] = url
    site = _meta(metas, "og:site_name") or next(
        (s for s in (_name_of(n.get("publisher")) for n in articles()) if s), None
    )
    if site:
        metadata["sitename"] = site
    description = _meta(metas, "description", "og:description")
    if description:
        metadata["description"] = description
    return metadata
