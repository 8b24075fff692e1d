"""Parsing rendered HTML in tests: which tags, attributes and texts a page really has."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Every element the briefing and digest pages may contain.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section", "article",
    "aside", "div", "p", "span", "strong", "h1", "h2", "ul", "li", "dl", "dt", "dd", "a", "bdi",
    "details", "summary",
}  # fmt: skip


VOID = frozenset({"meta", "br", "img", "link", "input", "hr"})
ALLOWED_ATTRIBUTES = frozenset(
    {"lang", "dir", "class", "id", "title", "href", "rel", "charset", "name", "content", "http-equiv", "role"}
    | {"aria-label"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    ancestors: list[Element] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects every element with its attributes, ancestors and own text (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.texts: list[tuple[str, list[Element]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, ancestors=list(self.stack))
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text.append(data)
        self.texts.append((data, list(self.stack)))


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def text_within(parser: PageParser, predicate) -> str:  # type: ignore[no-untyped-def]
    """All text that has an ancestor (or itself) matching `predicate`, joined with spaces."""
    return " ".join(data for data, stack in parser.texts if any(predicate(e) for e in stack))


def text_outside(parser: PageParser, predicate) -> str:  # type: ignore[no-untyped-def]
    return " ".join(data for data, stack in parser.texts if not any(predicate(e) for e in stack))


def assert_inert_html(page: str) -> None:
    """No script, event handler, javascript: link, foreign element or bidi override in `page`."""
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered and "<iframe" not in lowered
    assert "\u202e" not in page and "\u202d" not in page and "\u2066" not in page
    parser = parse(page)
    for element in parser.elements:
        assert element.tag in ALLOWED_TAGS, element.tag
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            assert name in ALLOWED_ATTRIBUTES, name
            if name == "href":
                assert value.startswith(("https://", "http://")) or ":" not in value, value
                assert "javascript" not in value.lower() or value.lower().startswith(
                    ("http", "javascript%3a")
                )
