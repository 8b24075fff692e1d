"""Shortcuts of the line rules give what the plain computation gives, on the whitespace and marks
that make them differ."""

from __future__ import annotations

import itertools

from models.clean.rules import _BULLET_CHARS, _MARKS, is_collapsed, strip_marks

PIECES = [
    "a",
    "ب",
    " ",
    "  ",
    "\t",
    "\n",
    "\xa0",
    "\u2009",
    "\u3000",
    "\x1c",
    "\x85",
    "\u2028",
    "ـ",
    "\u064e",
    "•",
    "-",
    "\u200b",
]
"""Letters, spaces of every kind `str.split` splits on, tatweel, a diacritic, bullets, a zero-width
space (not whitespace)."""


def _lines() -> list[str]:
    return ["".join(parts) for n in range(4) for parts in itertools.product(PIECES, repeat=n)]


def test_is_collapsed_is_split_and_join() -> None:
    lines = _lines()
    assert len(lines) > 5000
    for line in lines:
        assert is_collapsed(line) is (" ".join(line.split()) == line), repr(line)


def test_strip_marks_is_the_plain_computation() -> None:
    for line in _lines():
        plain = " ".join(_MARKS.sub("", line.strip().lstrip(_BULLET_CHARS)).split())
        assert strip_marks(line) == plain, repr(line)
