"""Subtitles (.srt, .vtt): a block per cue; numbers and timings are written back unchanged.

A cue's lines are translated as one text; a translation of a two-line cue is broken into two lines
again at the word boundary nearest its middle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.documents.base import Block, Document, DocumentLimits
from models.documents.safety import check_size
from models.errors import CorruptDocumentError
from models.text.decode import decode_with_fallback

_TIMING = re.compile(r"-->")


def _lines_like(text: str, count: int) -> str:
    words = text.split()
    if count < 2 or len(words) < 2:
        return text
    middle = len(text) / 2
    best, position = 1, 0
    cut_distance = None
    for index, word in enumerate(words[:-1], start=1):
        position += len(word) + 1
        distance = abs(position - middle)
        if cut_distance is None or distance < cut_distance:
            best, cut_distance = index, distance
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class SrtDocument(Document):
    format = "srt"
    output_format = "srt"

    def __init__(self, text: str, name: str) -> None:
        super().__init__()
        import srt

        try:
            self._cues = list(srt.parse(text))
        except (srt.SRTParseError, ValueError):
            raise CorruptDocumentError(f"{name}: not a valid SubRip (.srt) file") from None
        self.blocks = [Block([" ".join(cue.content.split())], "subtitle") for cue in self._cues]

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        import srt

        for cue, runs in zip(self._cues, translated, strict=True):
            cue.content = _lines_like("".join(runs), len(cue.content.splitlines()))
        return srt.compose(self._cues, reindex=False).encode("utf-8")


class VttDocument(Document):
    """WebVTT: the header, NOTE, STYLE and REGION blocks stay as they were; cues' text is translated."""

    format = "vtt"
    output_format = "vtt"

    def __init__(self, text: str, name: str) -> None:
        super().__init__()
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
        if not text.startswith("WEBVTT"):
            raise CorruptDocumentError(f"{name}: not a WebVTT file (it must start with WEBVTT)")
        self._chunks = re.split(r"\n{2,}", text.strip("\n"))
        self._cues: list[tuple[int, int, int]] = []  # chunk, first text line, line count
        for index, chunk in enumerate(self._chunks[1:], start=1):
            lines = chunk.split("\n")
            timing = next((i for i, line in enumerate(lines[:2]) if _TIMING.search(line)), None)
            if timing is None or lines[0].startswith(("NOTE", "STYLE", "REGION")):
                continue
            body = lines[timing + 1 :]
            self._cues.append((index, timing + 1, len(body)))
            self.blocks.append(Block([" ".join(" ".join(body).split())], "subtitle"))

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        chunks = list(self._chunks)
        for (index, first, count), runs in zip(self._cues, translated, strict=True):
            lines = chunks[index].split("\n")[:first]
            chunks[index] = "\n".join([*lines, _lines_like("".join(runs), count)])
        return ("\n\n".join(chunks) + "\n").encode("utf-8")


def read_srt(data: bytes, name: str, limits: DocumentLimits) -> SrtDocument:
    check_size(data, name, limits)
    return SrtDocument(decode_with_fallback(data, name=name)[0], name)


def read_vtt(data: bytes, name: str, limits: DocumentLimits) -> VttDocument:
    check_size(data, name, limits)
    return VttDocument(decode_with_fallback(data, name=name)[0], name)
