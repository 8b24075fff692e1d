"""Script-based Arabic/English detection.

Arabic and English use different scripts, so counting letters is enough and needs no model:
the language is the script with more letters. Digits, punctuation, Arabic diacritics and tatweel
are not letters and are not counted.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from models.languages import CODES

SUPPORTED_LANGUAGES = CODES

# Below this many letters, confidence is scaled down: three letters prove little.
FULL_CONFIDENCE_LETTERS = 20

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class Detection:
    """Result of `detect_language`.

    Attributes:
        lang: "ar", "en", or "und" (no letters, or as many Arabic as Latin letters).
        confidence: 0..1; the majority script's share of letters, scaled down for short text.
    """

    lang: str
    confidence: float


def _is_arabic(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _ARABIC_RANGES)


def detect_language(text: str) -> Detection:
    """Detect whether `text` is Arabic or English by its letters.

    Args:
        text: any text; only letters count.

    Returns:
        `Detection(lang, confidence)` where confidence = share * min(1, letters / 20), share
        being the majority script's fraction of Arabic + Latin letters. `Detection("und", 0.0)`
        when there are no such letters or the two scripts tie.
    """
    arabic = latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if cp < 0x80:
            latin += 1
        elif _is_arabic(cp):
            # Tatweel (U+0640) is a letter modifier for justification, not a letter.
            arabic += cp != 0x0640
        elif unicodedata.name(ch, "").startswith("LATIN"):
            latin += 1
    letters = arabic + latin
    if letters == 0 or arabic == latin:
        return Detection("und", 0.0)
    lang, majority = ("ar", arabic) if arabic > latin else ("en", latin)
    confidence = majority / letters * min(1.0, letters / FULL_CONFIDENCE_LETTERS)
    return Detection(lang, round(confidence, 4))
