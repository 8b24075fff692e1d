"""Paragraph and Arabic-aware sentence segmentation.

Sentences end at `.` `!` `?` `؟` `…` `۔` (or a run of them, such as `...` or `؟!`), together with any
closing quotes or brackets right after the mark, and only where whitespace or the end of the text
follows. So decimals (3.5), dates (12.05.2024), times (10.30), URLs and e-mail addresses never split,
and the Arabic comma `،`, semicolon `؛`, `,`, `;` and `:` are never sentence ends.

A candidate end is *not* a boundary when:
- the next word starts with a lowercase letter (`"Why?" she asked`, `wait... then`), or with
  punctuation that cannot start a sentence (`،` `,` `;` `:` a closing bracket, another mark);
- a lone `.` follows a title or other abbreviation that does not end sentences (Dr., Mr., e.g.,
  Jan., `No.` before a number, Arabic `د.` `أ.` `م.` `هـ.` `ص. ب.` `ق.م.` `أ.د.` `إلخ.`);
- a lone `.` follows a Latin initial or dotted acronym (J. K. Rowling, U.S., U.S.A.) and the next
  word is Latin too (in Arabic text, `... على A. يبين` is a sentence end);
- a lone `.` follows `etc.`, `Inc.`, `a.m.` ... and no capital Latin letter comes next
  (`Apple Inc. عن`), or `No.` and a number comes next;
- the sentence so far is only a list number (`1.`, `١.`, `(2).`).

Limitations (the safe direction is to merge, never to lose text): a sentence that really ends with
one of these abbreviations is joined to the next one; Arabic has no letter case, so `«...؟» قال`
splits after the quote; year marks attached to digits (`1445هـ.`) are ordinary words.

Every function returns sentences with whitespace runs collapsed to one space, so joining the
sentences of a paragraph with single spaces gives back the paragraph with collapsed whitespace.
"""

from __future__ import annotations

import re

from models.errors import InvalidInputError
from models.languages import CODES

_TERMINALS = ".!?؟…۔"
# Quotes that close after a mark; straight quotes and reversed Arabic-style quotes included.
_CLOSERS = "\"'”’»“«)]}›"
_OPENERS = "\"'“‘«„([{‹"
# Characters that cannot start a sentence, so a mark before them is not an end.
_CONTINUATIONS = ",،;؛:)]}»”’" + _TERMINALS

_CANDIDATE = re.compile(f"(?P<mark>[{re.escape(_TERMINALS)}]+)(?P<close>[{re.escape(_CLOSERS)}]*)(?=\\s|\\Z)")
_WORD_BEFORE = re.compile(r"\S*\Z")

# Abbreviations never at a sentence end (case-sensitive, without the final dot).
_NON_FINAL_EN = {"Dr", "Mr", "Mrs", "Ms", "Mme", "Prof", "St", "Mt", "Gen", "Gov", "Sen", "Rep", "Col"}
_NON_FINAL_EN |= {"Lt", "Capt", "Sgt", "Cpl", "Det", "Insp", "Supt", "Rev", "Hon", "Pres", "Amb", "Adm"}
_NON_FINAL_EN |= {"Maj", "vs", "v", "cf", "e.g", "i.e", "approx", "Fig", "fig"}
_NON_FINAL_EN |= {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
# Arabic: د. (doctor), أ. (professor/Mr), م./مـ (AD, metre), هـ (hijri), ص. ب. (P.O. box), إلخ (etc.).
_NON_FINAL_AR = {"د", "أ", "م", "مـ", "هـ", "ه", "ص", "ب", "ق", "ج", "ت", "إلخ", "الخ"}
_NON_FINAL = frozenset(_NON_FINAL_EN | _NON_FINAL_AR)
# Abbreviations that often end a sentence: they end one before a capital letter.
_MAY_END = frozenset({"etc", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "Plc", "a.m", "p.m"})
_INITIALS = re.compile(r"[A-Za-z](?:\.[A-Za-z])*")
_ARABIC_DOTTED = re.compile(r"[\u0621-\u064a]\u0640?(?:\.[\u0621-\u064a]\u0640?)+")
_LIST_NUMBER = re.compile(r"[(\[]?(?:[0-9]{1,3}|[\u0660-\u0669]{1,3}|[\u06f0-\u06f9]{1,3})[)\]]?")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")

SUPPORTED_LANGS = (None, *CODES)


def split_paragraphs(text: str) -> list[str]:
    """Split `text` into paragraphs.

    Args:
        text: normalised article text.

    Returns:
        Stripped, non-empty paragraphs. If the text has any blank line, paragraphs are the
        blocks between blank lines (lines inside a block are joined with a space); otherwise
        each non-empty line is a paragraph (scraped news often has one paragraph per line).
    """
    lines = text.strip().splitlines()
    if not any(not line.strip() for line in lines):
        return [line.strip() for line in lines if line.strip()]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            paragraphs.append(" ".join(block))
            block = []
    return paragraphs


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """Split one paragraph (or any text) into sentences.

    Args:
        text: the text to split; line breaks inside it are treated as spaces.
        lang: "ar", "en" or None. Validated only: the rules look at the script of the words
            around each mark, so they work the same on mixed Arabic/Latin text.

    Returns:
        Non-empty sentences in order, whitespace collapsed; [] for blank text.
    """
    if lang not in SUPPORTED_LANGS:
        raise InvalidInputError(f"unsupported language {lang!r} for segmentation; use 'ar' or 'en'")
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match, start):
            sentences.append(" ".join(text[start : match.end()].split()))
            start = match.end()
    tail = " ".join(text[start:].split())
    if tail:
        sentences.append(tail)
    return [sentence for sentence in sentences if sentence]


def split_document(text: str, lang: str | None = None) -> list[list[str]]:
    """Split `text` into paragraphs, each a list of sentences (see the two functions above).

    Args:
        text: normalised article text.
        lang: passed to `split_sentences`.
    """
    return [sentences for p in split_paragraphs(text) if (sentences := split_sentences(p, lang))]


def _next_char(text: str, pos: int) -> str | None:
    """First character after `pos` that is neither whitespace nor an opening quote/bracket."""
    n = len(text)
    while pos < n and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    return text[pos] if pos < n else None


def _is_boundary(text: str, match: re.Match[str], start: int) -> bool:
    """Whether the mark in `match` ends the sentence that began at `start`."""
    nxt = _next_char(text, match.end())
    if nxt is None:
        return True
    if nxt.islower() or nxt in _CONTINUATIONS:
        return False
    if match.group("mark") != "." or match.group("close"):
        return True
    # Bounded look-back keeps this linear on very long paragraphs.
    if match.start() - start <= 8 and _LIST_NUMBER.fullmatch(text[start : match.start()].strip()):
        return False
    word = _WORD_BEFORE.search(text, max(start, match.start() - 40), match.start())
    token = word.group().lstrip(_OPENERS) if word else ""
    if token in _NON_FINAL or _ARABIC_DOTTED.fullmatch(token):
        return False
    if token == "No":
        return not nxt.isdigit()
    if token in _MAY_END:
        return nxt.isupper()
    if _INITIALS.fullmatch(token):
        return not _LATIN_LETTER.match(nxt)
    return True
