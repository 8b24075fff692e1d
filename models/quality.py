"""Per-segment quality flags: cheap checks that catch the usual machine-translation failures."""

from __future__ import annotations

import re
import unicodedata

UNTRANSLATED = "untranslated"
WRONG_SCRIPT = "wrong_script"
REPETITION = "repetition"
MISSING_DIGITS = "missing_digits"
KEPT_SOURCE = "kept_source"
"""Not a quality problem: the segment was already in the target language and is kept as written."""

_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"\w+")


def _script_share(text: str, lang: str) -> float | None:
    """Share of letters in the script of `lang`; None when the text has too few letters to judge."""
    arabic = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u08ff" or "\ufb50" <= char <= "\ufeff":
            arabic += 1
        elif unicodedata.name(char, "").startswith("LATIN"):
            latin += 1
    letters = arabic + latin
    if letters < 4:
        return None
    return (arabic if lang == "ar" else latin) / letters


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text.translate(_ARABIC_INDIC))


def _has_loop(text: str) -> bool:
    """A word or a short phrase repeated four or more times in a row."""
    words = _WORD.findall(text.lower())
    for size in (1, 2, 3):
        run = 1
        for i in range(size, len(words) - size + 1, size):
            run = run + 1 if words[i : i + size] == words[i - size : i] else 1
            if run >= 4:
                return True
    return False


def quality_flags(source: str, target: str, target_lang: str) -> tuple[str, ...]:
    """Flags for one translated segment.

    untranslated: the output equals its source (letters present). wrong_script: most letters of
    the output are not in the target language's script. repetition: a decoding loop. missing_digits:
    a number of the source (Arabic-Indic digits count as their Western forms) is absent from the output.
    """
    flags: list[str] = []
    if source.strip() and source.strip() == target.strip() and any(c.isalpha() for c in source):
        flags.append(UNTRANSLATED)
    share = _script_share(target, target_lang)
    if share is not None and share < 0.5:
        flags.append(WRONG_SCRIPT)
    if _has_loop(target):
        flags.append(REPETITION)
    target_numbers = _numbers(target)
    if any(number not in target_numbers for number in _numbers(source)):
        flags.append(MISSING_DIGITS)
    return tuple(flags)
