"""Matching forms of text: what two spellings of one word or sentence have in common.

Arabic: hamza forms fold to their carrier (أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي), alef maqsura to ya,
ta marbuta to ha, diacritics and tatweel go. English (any Latin script): case folds. These forms
are only ever compared, never shown: the text sent to the model and returned keeps its spelling.
"""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"})
# Tashkeel (fathatan .. sukun), superscript alef, and tatweel.
_DROP = frozenset([chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"])

ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B)) | frozenset("ٱ")


def fold_char(ch: str) -> str:
    """The matching form of one character: '' for diacritics and tatweel."""
    if ch in _DROP:
        return ""
    return ch.translate(_FOLD).casefold()


def fold(text: str) -> str:
    """The matching form of a text (see the module doc); whitespace runs become one space."""
    text = unicodedata.normalize("NFC", text)
    return " ".join("".join(fold_char(ch) for ch in text).split())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` without whitespace collapsing, and for each folded character its index in `text`."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        for out in fold_char(ch):
            chars.append(out)
            offsets.append(index)
    return "".join(chars), offsets


def is_arabic_word_char(ch: str) -> bool:
    return ch in ARABIC_LETTERS or ch in _DROP


def sentence_key(text: str) -> str:
    """The key a sentence is remembered by (its folded form: spelling variants meet, punctuation stays)."""
    return fold(text)
