"""Word matching for extractive summaries: Arabic folding, light clitic/suffix stripping, stopwords.

Everything here is for *matching* sentences against each other, never for text shown to a reader:
folding merges spelling variants (أ/إ/آ/ٱ -> ا, ى -> ي, ة -> ه, diacritics and tatweel removed) and the
light stemmer merges "الاتفاق" / "والاتفاق" / "بالاتفاق" / "اتفاق". English is lower-cased with a light
plural strip. Stopword lists (data/stopwords-*.txt) hold function words and news reporting verbs
(قال، أضاف، وفقا / said, told, according) that would otherwise make every sentence look alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Sequence
from functools import cache
from importlib import resources

from models.languages import CODES

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended Arabic-Indic digits
    }
)
_WORD = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

# Definite article with its proclitics, longest first; stripped when at least MIN_STEM letters remain.
_ARTICLE_PREFIXES = ("وبال", "وكال", "ولل", "وال", "فال", "بال", "كال", "لل", "ال")
_PROCLITICS = ("و", "ف", "ب", "ك", "ل")
_SUFFIXES = (("ات", 5), ("ين", 6), ("ون", 6), ("ه", 5))  # (suffix, minimum token length to strip it)
MIN_STEM = 3
"""Prefixes and suffixes are only stripped when at least this many letters remain."""


def fold(text: str) -> str:
    """Text folded for matching: compatibility forms (NFKC), Arabic diacritics and tatweel removed,
    alef forms to bare alef, alef maqsura to ya, ta marbuta to ha, Arabic digits to ASCII, lower case.

    Args:
        text: any text.
    """
    text = unicodedata.normalize("NFKC", text)
    return _DIACRITICS.sub("", text).translate(_FOLD).lower()


def tokenize(text: str) -> list[str]:
    """Folded word tokens (runs of letters and digits) of `text`.

    Args:
        text: any text.
    """
    return _WORD.findall(fold(text))


def is_arabic(token: str) -> bool:
    """True when the token is written in Arabic letters.

    Args:
        token: one word.
    """
    return bool(_ARABIC_LETTER.match(token))


def strip_article(token: str) -> str:
    """A folded Arabic token without its definite article and the proclitics before it (وال، بال، لل ...),
    when at least `MIN_STEM` letters remain.

    Args:
        token: a folded Arabic token (see `fold`).
    """
    for prefix in _ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= MIN_STEM:
            return token[len(prefix) :]
    return token


def strip_arabic(token: str, known: Container[str] = ()) -> str:
    """Light stem of a folded Arabic token: the definite article with its proclitics (وال، بال، لل ...),
    then a lone proclitic (و ف ب ك ل) only when what remains is itself a word in `known`, then one
    plural/feminine suffix (ات، ين، ون، ه); nothing is stripped that would leave fewer than `MIN_STEM`
    letters.

    Args:
        token: a folded Arabic token (see `fold`).
        known: words of the same document (folded, see `strip_article`); a lone proclitic
            is stripped only when the remainder is one of them, so "وزير" keeps its و.
    """
    stripped = strip_article(token)
    if stripped != token:
        token = stripped
    elif token[:1] in _PROCLITICS and len(token) - 1 >= MIN_STEM and token[1:] in known:
        token = token[1:]
    for suffix, min_length in _SUFFIXES:
        if token.endswith(suffix) and len(token) >= min_length:
            return token[: -len(suffix)]
    return token


def strip_english(token: str) -> str:
    """Light stem of a lower-cased English token: possessive and plural endings.

    Args:
        token: a lower-cased Latin token.
    """
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and len(token) > 3 and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Folded stopwords of "ar" or "en" (an empty set for any other language).

    Args:
        lang: language code.
    """
    if lang not in CODES:
        return frozenset()
    data = (resources.files("models.summarize") / "data" / f"stopwords-{lang}.txt").read_text("utf-8")
    words: set[str] = set()
    for line in data.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.update(tokenize(line))
    return frozenset(words)


def _is_stopword(token: str, stop: frozenset[str]) -> bool:
    return token in stop or len(token) < 2


def content_tokens(sentences: Sequence[str]) -> list[list[str]]:
    """Matching tokens of each sentence of one document: folded, stopwords dropped, lightly stemmed.

    Both languages' stopwords apply (an Arabic article quoting English names, and the reverse); the
    document's own vocabulary decides whether a lone Arabic proclitic is stripped (see `strip_arabic`).

    Args:
        sentences: the document's sentences.
    """
    stop = stopwords("ar") | stopwords("en")
    folded = [tokenize(sentence) for sentence in sentences]
    known = {strip_article(token) for tokens in folded for token in tokens if is_arabic(token)}
    result: list[list[str]] = []
    for tokens in folded:
        kept: list[str] = []
        for token in tokens:
            if _is_stopword(token, stop):
                continue
            if is_arabic(token):
                stem = strip_arabic(token, known)
                if stem in stop or (token[:1] in _PROCLITICS and token[1:] in stop):
                    continue
            else:
                stem = strip_english(token)
            kept.append(stem)
        result.append(kept)
    return result
