"""Splitting a sentence that is over a token budget into chunks that fit.

Order of preference: clause marks (`،` `؛` `,` `;` `:` and a dash between words: ` - `, ` – `,
` — ` or `word—`), then word boundaries, then, for a single word over budget, characters. The mark
stays with the piece before it. Pieces are packed greedily.

Cost: the counter is called once per piece and once per packed chunk, so the work grows linearly
with the sentence; it is never called on growing prefixes (except, by binary search, inside a
single over-long word). The packing sums per-piece counts, which approximates the count of the
joined text: tokenizers that add special tokens per call over-count (safe), and every packed chunk
is checked once with the real count and re-split when the approximation was too low.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from models.errors import InvalidInputError

TokenCounter = Callable[[str], int]

_CLAUSE_END = re.compile(r"(?:[،؛,;:]|[—–])[\"'”’»)\]]*\Z")
_DASHES = frozenset({"-", "–", "—"})


def chunk_sentence(sentence: str, count_tokens: TokenCounter, budget: int) -> list[str]:
    """Split `sentence` into chunks of at most `budget` tokens, losing and reordering nothing.

    Args:
        sentence: one sentence (any whitespace inside is collapsed to single spaces).
        count_tokens: returns the number of tokens of a string (the model's tokenizer, or
            `len(s.split())` in tests).
        budget: the most tokens a chunk may have; at least 1.

    Returns:
        `[sentence]` (whitespace collapsed) when it fits, [] for blank input, otherwise chunks
        whose `" ".join` is the collapsed sentence. The one exception is a single word over
        budget: its character pieces are separate chunks, so they join back with "" not " ".

    Raises:
        InvalidInputError: `budget` < 1, or a single character alone is over budget.
    """
    if budget < 1:
        raise InvalidInputError(f"token budget must be at least 1, got {budget}")
    text = " ".join(sentence.split())
    if not text:
        return []
    if count_tokens(text) <= budget:
        return [text]
    chunks: list[str] = []
    _pack(_clauses(text), 0, count_tokens, budget, chunks)
    return chunks


def _clauses(text: str) -> list[str]:
    """Split collapsed `text` after each word that ends a clause."""
    pieces: list[str] = []
    current: list[str] = []
    for word in text.split(" "):
        current.append(word)
        if word in _DASHES or _CLAUSE_END.search(word):
            pieces.append(" ".join(current))
            current = []
    if current:
        pieces.append(" ".join(current))
    return pieces


def _pack(units: list[str], level: int, count: TokenCounter, budget: int, out: list[str]) -> None:
    """Greedily group `units` (clauses at level 0, words at level 1) into chunks appended to `out`."""
    counts = [count(unit) for unit in units]
    start, total = 0, 0
    bounds: list[tuple[int, int]] = []
    for i, n in enumerate(counts):
        if i > start and total + n > budget:
            bounds.append((start, i))
            start, total = i, 0
        total += n
    bounds.append((start, len(units)))
    for a, b in bounds:
        if b - a == 1:
            if counts[a] <= budget:
                out.append(units[a])
            elif level == 0:
                _pack(units[a].split(" "), 1, count, budget, out)
            else:
                out.extend(_split_word(units[a], count, budget))
            continue
        joined = " ".join(units[a:b])
        if count(joined) <= budget:
            out.append(joined)
        else:  # the summed counts were too low: halve and pack again
            mid = (a + b) // 2
            _pack(units[a:mid], level, count, budget, out)
            _pack(units[mid:b], level, count, budget, out)


def _split_word(word: str, count: TokenCounter, budget: int) -> list[str]:
    """Split one over-budget word into the longest character runs that fit."""
    pieces: list[str] = []
    pos = 0
    while pos < len(word):
        size = _longest_fit(word, pos, count, budget)
        pieces.append(word[pos : pos + size])
        pos += size
    return pieces


def _longest_fit(word: str, pos: int, count: TokenCounter, budget: int) -> int:
    """Length of the longest run of `word` from `pos` within budget (exponential then binary search)."""
    rest = len(word) - pos
    fits, over = 0, rest + 1
    probe = min(rest, budget)
    while probe < over:
        if count(word[pos : pos + probe]) <= budget:
            fits = probe
            if probe == rest:
                return probe
            probe = min(rest, probe * 2)
        else:
            over = probe
            break
    while over - fits > 1:
        mid = (fits + over) // 2
        if count(word[pos : pos + mid]) <= budget:
            fits = mid
        else:
            over = mid
    if fits == 0:
        raise InvalidInputError(
            f"token budget {budget} is too small: the character {word[pos]!r} alone is over it"
        )
    return fits
