"""Tag-aware HTML translation: a block's text is translated across its inline tags.

`parse_blocks` cuts an HTML document into blocks (the text between block-level tags) whose
inline tags (``b``, ``i``, ``a``, ``span``, ``em``, ``strong``, ...) become markers ``__t1__``,
``__t2__`` ..., so `<p>قال <b>مساعد</b> في الكرملين</p>` is ONE text for the translator (one
sentence, one model call). The translator protects the markers like any placeholder lookalike
(see `models.terminology.spans`): they come back, and `HtmlBlocks.render` puts each tag back
around the translated words. ``alt``, ``title``, ``aria-label`` and ``placeholder`` attribute values
are translated too. Elements with ``translate="no"`` or ``class="notranslate"``, and
``<script>``, ``<style>``, ``<code>``, ``<pre>`` ..., are carried whole, byte for byte. Every byte
outside the translated text is kept as sent, malformed or unterminated markup included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from models.errors import InvalidInputError

INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "data", "del", "dfn", "em", "font", "i",
        "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
        "tt", "u", "var", "wbr",
    }
)  # fmt: skip
OPAQUE = frozenset({"script", "style", "code", "pre", "textarea", "noscript", "template", "svg", "math"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
TRANSLATED_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_MARKER = re.compile(r"(\s*)__t(\d+)__(\s*)")


def do_not_translate(attrs: Sequence[tuple[str, str | None]]) -> bool:
    """`translate="no"` or `class="... notranslate ..."`."""
    for name, value in attrs:
        if name == "translate" and (value or "").strip().lower() == "no":
            return True
        if name == "class" and "notranslate" in (value or "").split():
            return True
    return False


@dataclass
class _Event:
    start: int
    kind: str  # "start", "end", "void", "data", "markup"
    tag: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    data: str = ""
    end: int = 0


class _Events(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._lines = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self.events: list[_Event] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event(self._at(), "void" if tag in VOID else "start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event(self._at(), "void", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event(self._at(), "end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(_Event(self._at(), "data", data=data))

    def _markup(self, *_: object) -> None:
        self.events.append(_Event(self._at(), "markup"))

    handle_comment = handle_decl = handle_pi = unknown_decl = _markup  # type: ignore[assignment]


@dataclass
class _Slot:
    """A tag (or a whole element) inside a block; whether the source had a space on either side."""

    raw: str
    space_before: bool = False
    space_after: bool = False


@dataclass
class _Block:
    start: int
    end: int
    lead: str
    trail: str
    text: str
    slots: dict[int, _Slot]


@dataclass
class _Attribute:
    tag_start: int
    tag_end: int
    value_start: int  # in the source
    value_end: int
    text: str


@dataclass
class HtmlBlocks:
    """An HTML document cut into translatable texts: `texts` are the blocks, then the attributes."""

    source: str
    blocks: list[_Block] = field(default_factory=list)
    attributes: list[_Attribute] = field(default_factory=list)
    _tags: dict[int, int] = field(default_factory=dict)  # start tag offset -> its end

    @property
    def texts(self) -> list[str]:
        return [b.text for b in self.blocks] + [a.text for a in self.attributes]

    def render(self, translations: Sequence[str]) -> str:
        """The document with each text replaced by its translation (one per `texts`, in order)."""
        if len(translations) != len(self.blocks) + len(self.attributes):
            raise ValueError("one translation per text")
        translated_blocks = translations[: len(self.blocks)]
        by_tag: dict[int, list[tuple[_Attribute, str]]] = {}
        for attribute, value in zip(self.attributes, translations[len(self.blocks) :], strict=True):
            by_tag.setdefault(attribute.tag_start, []).append((attribute, value))
        new_tags = {start: self._tag_with(start, items) for start, items in by_tag.items()}
        pieces: list[tuple[int, int, str]] = []
        covered: list[tuple[int, int]] = []
        for block, translated in zip(self.blocks, translated_blocks, strict=True):
            pieces.append(
                (
                    block.start,
                    block.end,
                    block.lead + self._block_text(block, translated, new_tags) + block.trail,
                )
            )
            covered.append((block.start, block.end))
        for start, raw in new_tags.items():
            if not any(s <= start < e for s, e in covered):
                pieces.append((start, self._tags[start], raw))
        out, cursor = [], 0
        for start, end, text in sorted(pieces):
            out.append(self.source[cursor:start])
            out.append(text)
            cursor = end
        out.append(self.source[cursor:])
        return "".join(out)

    def _tag_with(self, start: int, items: list[tuple[_Attribute, str]]) -> str:
        end = self._tags[start]
        raw, cursor, out = self.source, start, []
        for attribute, value in sorted(items, key=lambda item: item[0].value_start):
            out.append(raw[cursor : attribute.value_start])
            out.append(html.escape(value, quote=True))
            cursor = attribute.value_end
        out.append(raw[cursor:end])
        return "".join(out)

    def _block_text(self, block: _Block, translated: str, new_tags: dict[int, str]) -> str:
        used: set[int] = set()

        def put(match: re.Match[str]) -> str:
            number = int(match.group(2))
            slot = block.slots.get(number)
            if slot is None or number in used:
                return match.group(0)
            used.add(number)
            # The spacing around a tag is the source's, whatever the translation put there.
            edge_before, edge_after = match.start() == 0, match.end() == len(translated)
            before = " " if slot.space_before and not edge_before else ""
            after = " " if slot.space_after and not edge_after else ""
            return before + "\x00" + str(number) + "\x00" + after

        marked = _MARKER.sub(put, translated)
        missing = [n for n in block.slots if n not in used]
        parts = marked.split("\x00")
        out = []
        for index, part in enumerate(parts):
            if index % 2:
                out.append(self._slot_raw(block.slots[int(part)], new_tags))
            else:
                out.append(html.escape(part, quote=False))
        # A tag the translation lost still comes back (at the end), never dropped.
        out.extend(self._slot_raw(block.slots[n], new_tags) for n in missing)
        return "".join(out)

    def _slot_raw(self, slot: _Slot, new_tags: dict[int, str]) -> str:
        if not slot.raw.startswith("\x01"):
            return slot.raw
        start = int(slot.raw[1:])  # a start tag: its attributes may be translated
        return new_tags.get(start) or self.source[start : self._tags[start]]


def parse_blocks(source: str) -> HtmlBlocks:
    """Blocks and translatable attributes of an HTML page or fragment (see the module doc)."""
    parser = _Events(source)
    try:
        parser.feed(source)
        parser.close()
    except Exception as exc:  # html.parser is lenient; what it still rejects is the input's fault
        raise InvalidInputError(
            f"cannot parse the HTML ({type(exc).__name__}); send well-formed markup"
        ) from exc
    events = parser.events
    for index, event in enumerate(events):
        event.end = events[index + 1].start if index + 1 < len(events) else len(source)
    # A literal "<" in text is markup the parser could not read (an unterminated comment or tag,
    # a stray bracket): from there the event's bytes are kept as they are, never translated.
    split: list[_Event] = []
    for event in events:
        cut = source.find("<", event.start, event.end) if event.kind == "data" else -1
        if cut < 0:
            split.append(event)
            continue
        if cut > event.start:
            split.append(_Event(event.start, "data", data=html.unescape(source[event.start : cut]), end=cut))
        split.append(_Event(cut, "markup", end=event.end))
    events = split
    # An unterminated comment runs to the end of the document (as in a browser): all kept.
    opener = source.find("<!--")
    while opener >= 0 and source.find("-->", opener + 4) >= 0:
        opener = source.find("<!--", source.find("-->", opener + 4) + 3)
    if opener >= 0:
        kept = [e for e in events if e.end <= opener]
        head = next((e for e in events if e.start < opener < e.end), None)
        if head is not None and head.kind == "data":
            kept.append(
                _Event(head.start, "data", data=html.unescape(source[head.start : opener]), end=opener)
            )
        events = [*kept, _Event(opener, "markup", end=len(source))]
    # At the very end, what follows such a "<" is the rest of an unterminated tag or comment.
    tail = len(events)
    while tail > 0 and events[tail - 1].kind in ("data", "markup"):
        tail -= 1
    cuts = [i for i in range(tail, len(events)) if events[i].kind == "markup"]
    for event in events[cuts[0] :] if cuts else []:
        event.kind = "markup"
    document = HtmlBlocks(source)
    _collect_attributes(document, events)
    _collect_blocks(document, events)
    return document


def _collect_attributes(document: HtmlBlocks, events: list[_Event]) -> None:
    skip: list[str] = []
    for event in events:
        if event.kind in ("start", "void"):
            document._tags[event.start] = event.end
            hidden = bool(skip) or event.tag in OPAQUE or do_not_translate(event.attrs)
            if not hidden:
                raw = document.source[event.start : event.end]
                found: list[_Attribute] = []
                for name in TRANSLATED_ATTRIBUTES:
                    match = re.search(
                        rf"""\s{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                        raw,
                        re.IGNORECASE,
                    )
                    if match is None:
                        continue
                    group = next(g for g in (1, 2, 3) if match.group(g) is not None)
                    value = html.unescape(match.group(group))
                    if value.strip() and any(ch.isalpha() for ch in value):
                        found.append(
                            _Attribute(
                                event.start,
                                event.end,
                                event.start + match.start(group),
                                event.start + match.end(group),
                                value.strip(),
                            )
                        )
                document.attributes.extend(sorted(found, key=lambda a: a.value_start))
            if event.kind == "start" and (skip or event.tag in OPAQUE or do_not_translate(event.attrs)):
                skip.append(event.tag)
        elif event.kind == "end" and skip and event.tag in skip:
            while skip and skip.pop() != event.tag:
                pass


def _collect_blocks(document: HtmlBlocks, events: list[_Event]) -> None:
    source = document.source
    items: list[tuple[int, int, str | _Slot]] = []  # (start, end, text or slot) of the current block

    def flush() -> None:
        if not items:
            return
        texts = [item for _, _, item in items if isinstance(item, str)]
        if any(text.strip() for text in texts) and any(ch.isalnum() for text in texts for ch in text):
            _add_block(document, items)
        items.clear()

    index = 0
    while index < len(events):
        event = events[index]
        if event.kind == "data":
            items.append((event.start, event.end, event.data))
        elif event.kind in ("start", "void") and _atom(event):
            # Carried whole, inside the block: the element and everything in it, byte for byte.
            end_index = _matching_end(events, index) if event.kind == "start" else index
            end = events[end_index].end
            items.append((event.start, end, _Slot(source[event.start : end])))
            index = end_index
        elif event.kind in ("start", "void", "end") and event.tag in INLINE:
            raw = "\x01" + str(event.start) if event.kind != "end" else source[event.start : event.end]
            items.append((event.start, event.end, _Slot(raw)))
        elif event.kind in ("start", "void") and (event.tag in OPAQUE or do_not_translate(event.attrs)):
            flush()
            end_index = _matching_end(events, index) if event.kind == "start" else index
            index = end_index
        else:
            flush()
        index += 1
    flush()


def _atom(event: _Event) -> bool:
    """An inline element carried whole inside its block: `<code>`, or an inline do-not-translate one."""
    return event.tag == "code" or (event.tag in INLINE and do_not_translate(event.attrs))


def _matching_end(events: list[_Event], index: int) -> int:
    """The index of the end tag closing the element started at `index` (or the last event)."""
    tag, depth = events[index].tag, 0
    for position in range(index, len(events)):
        event = events[position]
        if event.tag == tag and event.kind == "start":
            depth += 1
        elif event.tag == tag and event.kind == "end":
            depth -= 1
            if depth == 0:
                return position
    return len(events) - 1


def _add_block(document: HtmlBlocks, items: list[tuple[int, int, str | _Slot]]) -> None:
    slots: dict[int, _Slot] = {}
    pieces: list[str] = []
    source = document.source
    for start, end, item in items:
        if isinstance(item, str):
            pieces.append(item)
        else:
            number = len(slots) + 1
            item.space_before = start > 0 and source[start - 1].isspace()
            item.space_after = end < len(source) and source[end].isspace()
            slots[number] = item
            pieces.append(f" __t{number}__ ")
    joined = "".join(pieces)
    start, end = items[0][0], items[-1][1]
    raw = document.source[start:end]
    lead = raw[: len(raw) - len(raw.lstrip())] if isinstance(items[0][2], str) else ""
    trail = raw[len(raw.rstrip()) :] if isinstance(items[-1][2], str) else ""
    text = " ".join(joined.split())
    document.blocks.append(_Block(start, end, lead, trail, text, slots))
