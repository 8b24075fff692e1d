"""Plain text: a block per paragraph (lines up to a blank line); the output keeps the paragraph layout.

A hard-wrapped paragraph is translated as one text and written back as one line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.documents.base import Block, Document, DocumentLimits
from models.documents.safety import check_size
from models.text.decode import decode_with_fallback

_BLANK = re.compile(r"\n[ \t]*\n")


class TextDocument(Document):
    format = "txt"
    output_format = "txt"

    def __init__(self, text: str) -> None:
        super().__init__()
        # Pieces alternate: paragraph, separator, paragraph, ... so the layout can be rebuilt.
        self._pieces = _BLANK.split(text.replace("\r\n", "\n"))
        self._slots: list[int] = []
        for index, piece in enumerate(self._pieces):
            if piece.strip():
                self._slots.append(index)
                self.blocks.append(Block([" ".join(piece.split())]))

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        pieces = list(self._pieces)
        for slot, runs in zip(self._slots, translated, strict=True):
            pieces[slot] = "".join(runs)
        return ("\n\n".join(pieces).rstrip("\n") + "\n").encode("utf-8")


def read_text(data: bytes, name: str, limits: DocumentLimits) -> TextDocument:
    check_size(data, name, limits)
    text, warning = decode_with_fallback(data, name=name)
    document = TextDocument(text)
    if warning:
        document.notes.append(warning)
    return document
