"""Meaning-preserving normalisation of article text.

Only invisible or layout-only differences are removed: Unicode composition (NFC), zero-width
characters, bidirectional controls, line endings and runs of horizontal whitespace. Arabic
diacritics, tatweel, digits and punctuation are kept as written (folding them is a matching
concern, not a translation one).
"""

from __future__ import annotations

import re
import unicodedata

# U+200C (ZWNJ) matters in Persian, but not for Arabic/English text, so it goes too.
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff"  # zero-width space/non-joiner/joiner, word joiner, BOM
    "\u200e\u200f\u061c"  # LRM, RLM, Arabic letter mark
    "\u202a-\u202e\u2066-\u2069]"  # embeddings/overrides, isolates
)
_HSPACE_RUN = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_ENDINGS = re.compile(r"\r\n?|[\u2028\x85]")


def normalize(text: str) -> str:
    """Return `text` in a canonical form that keeps its meaning.

    Args:
        text: any decoded text (an article, a paragraph, a title).

    Returns:
        NFC text without zero-width or bidi control characters, with `\\n` line endings,
        every run of spaces/tabs inside a line collapsed to one space, trailing spaces on each
        line removed and blank lines (paragraph breaks) kept.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _LINE_ENDINGS.sub("\n", text).replace("\u2029", "\n\n")
    lines = (_HSPACE_RUN.sub(" ", line).rstrip(" ") for line in text.split("\n"))
    return "\n".join(lines)
