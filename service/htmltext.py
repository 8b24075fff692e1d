"""Translating HTML: the text nodes change, the markup stays exactly as it was.

`parse_html` finds the text nodes (outside <script>, <style>, <code>, <pre>, <textarea>, comments,
declarations, and elements marked do-not-translate with `translate="no"` or `class="notranslate"`)
with their exact places in the source; `HtmlDocument.render` puts translations back,
HTML-escaped, keeping each node's leading and trailing whitespace and every other byte as sent.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from models.errors import InvalidInputError

SKIP_ELEMENTS = frozenset(
    {"script", "style", "code", "pre", "textarea", "noscript", "template", "svg", "math"}
)
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def do_not_translate(attrs: Sequence[tuple[str, str | None]]) -> bool:
    """`translate="no"` or `class="... notranslate ..."` (HTML's and Google's markers)."""
    for name, value in attrs:
        if name == "translate" and (value or "").strip().lower() == "no":
            return True
        if name == "class" and "notranslate" in (value or "").split():
            return True
    return False


@dataclass
class HtmlDocument:
    """The source and the spans (start, end, text) of its translatable text nodes."""

    source: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Each text node's content (entities decoded), without its surrounding whitespace."""
        return [text.strip() for _, _, text in self.spans]

    def render(self, translations: Sequence[str]) -> str:
        if len(translations) != len(self.spans):
            raise ValueError("one translation per text node")
        out: list[str] = []
        cursor = 0
        for (start, end, _text), translated in zip(self.spans, translations, strict=True):
            raw = self.source[start:end]
            lead = raw[: len(raw) - len(raw.lstrip())]
            trail = raw[len(raw.rstrip()) :]
            out.append(self.source[cursor:start])
            out.append(lead + html.escape(translated, quote=False) + trail)
            cursor = end
        out.append(self.source[cursor:])
        return "".join(out)


class _TextNodes(HTMLParser):
    """Records (offset, text) for every event; text is None for markup and skipped content."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.events: list[tuple[int, str | None]] = []
        self._skip: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((self._offset(), None))
        if tag in VOID_ELEMENTS:
            return
        # Inside a skipped element every element is tracked, so nested same-name tags close right.
        if tag in SKIP_ELEMENTS or self._skip or do_not_translate(attrs):
            self._skip.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((self._offset(), None))

    def handle_endtag(self, tag: str) -> None:
        self.events.append((self._offset(), None))
        if tag in self._skip:
            while self._skip and self._skip.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.events.append((self._offset(), None if self._skip else data))

    def _markup(self, *_: object) -> None:
        self.events.append((self._offset(), None))

    handle_comment = handle_decl = handle_pi = unknown_decl = _markup  # type: ignore[assignment]


def parse_html(source: str) -> HtmlDocument:
    """The text nodes of an HTML fragment or page. Hostile or broken markup never raises past here."""
    parser = _TextNodes(source)
    try:
        parser.feed(source)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything it still rejects is the input's fault
        raise InvalidInputError(
            f"cannot parse the HTML ({type(exc).__name__}); send well-formed markup"
        ) from exc
    document = HtmlDocument(source)
    events = [*parser.events, (len(source), None)]
    run_start: int | None = None
    run_text: list[str] = []
    for offset, text in events:
        if text is not None:
            if run_start is None:
                run_start = offset
            run_text.append(text)
            continue
        # Markup ends a run of text events (the parser splits text at stray "<" and entities).
        if run_start is not None:
            joined = "".join(run_text)
            end = max(run_start, min(offset, len(source)))
            previous_end = document.spans[-1][1] if document.spans else 0
            if joined.strip() and run_start >= previous_end:
                document.spans.append((run_start, end, joined))
            run_start, run_text = None, []
    return document
