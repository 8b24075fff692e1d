"""Markdown: a block per paragraph, heading, list item, quote line or table cell.

Markup stays where it was: line prefixes (`#`, `-`, `1.`, `>`), emphasis marks, link targets and
inline code are kept verbatim and the text between them is translated as one block, spread back over
the pieces (see `models.documents.runs`). Fenced code blocks are not translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.documents.base import Block, Document, DocumentLimits
from models.documents.safety import check_size
from models.text.decode import decode_with_fallback

_PREFIX = re.compile(r"^(\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)*)")
# Inline markup kept as is: code spans, images, link targets, autolinks, emphasis marks, html tags.
_MARKUP = re.compile(r"`[^`]*`|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\[|<[^>\s]+>|\*\*|__|\*|_(?=\S)|(?<=\S)_|~~")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


class _Line:
    """One source line: verbatim, or a prefix and a list of (markup, text) cells."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.parts: list[list[str]] | None = None  # per translatable span: markup/text alternating
        self.joiners: list[str] = []


def _split_inline(text: str) -> list[str]:
    """Alternating [text, markup, text, markup, ..., text]."""
    pieces: list[str] = []
    last = 0
    for match in _MARKUP.finditer(text):
        pieces += [text[last : match.start()], match.group(0)]
        last = match.end()
    pieces.append(text[last:])
    return pieces


class MarkdownDocument(Document):
    format = "md"
    output_format = "md"

    def __init__(self, text: str) -> None:
        super().__init__()
        self._lines: list[_Line] = []
        self._spans: list[list[str]] = []  # alternating text/markup pieces per block
        fenced = False
        for raw in text.replace("\r\n", "\n").split("\n"):
            line = _Line(raw)
            self._lines.append(line)
            if _FENCE.match(raw):
                fenced = not fenced
                continue
            if fenced or not raw.strip() or _TABLE_RULE.match(raw) or raw.startswith("    "):
                continue
            if raw.lstrip().startswith("|"):
                cells = raw.strip().strip("|").split("|")
                line.joiners = ["| ", *[" | "] * (len(cells) - 1), " |"]
                line.parts = [_split_inline(cell.strip()) for cell in cells]
            else:
                prefix = _PREFIX.match(raw).group(1)  # type: ignore[union-attr]
                line.joiners = [prefix, ""]
                line.parts = [_split_inline(raw[len(prefix) :].rstrip())]
            for pieces in line.parts:
                if "".join(pieces[0::2]).strip():
                    self._spans.append(pieces)
                    self.blocks.append(
                        Block(pieces[0::2], "heading" if "#" in line.joiners[0] else "paragraph")
                    )

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        replaced = iter(translated)
        out = []
        for line in self._lines:
            if line.parts is None:
                out.append(line.raw)
                continue
            cells = []
            for pieces in line.parts:
                if "".join(pieces[0::2]).strip():
                    runs = next(replaced)
                    pieces = [runs[i // 2] if i % 2 == 0 else piece for i, piece in enumerate(pieces)]
                cells.append("".join(pieces))
            text = line.joiners[0]
            for i, cell in enumerate(cells):
                text += cell + line.joiners[i + 1]
            out.append(text.rstrip())
        return "\n".join(out).encode("utf-8")


def read_markdown(data: bytes, name: str, limits: DocumentLimits) -> MarkdownDocument:
    check_size(data, name, limits)
    text, warning = decode_with_fallback(data, name=name)
    document = MarkdownDocument(text)
    if warning:
        document.notes.append(warning)
    return document
