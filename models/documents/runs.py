"""Spreading one block's translation back over its formatting runs.

The block is translated whole; its output words are then given to the runs in proportion to each
run's share of the source characters (a word goes to the run its midpoint falls in). Every run that
had text gets at least one word while words remain, so a bold word stays bold somewhere in the
sentence; which target words carry it is an approximation when word order changes between languages.
Placeholders around runs were not used: the models drop or garble markup tokens.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def distribute(translation: str, runs: Sequence[str]) -> list[str]:
    """`translation` cut at word boundaries into len(runs) pieces sized like the source runs.

    Runs that were only whitespace keep their whitespace, runs of punctuation only become empty
    (the translation carries its own); a single run gets the whole translation.
    The pieces joined give the translation with single spaces (nothing is dropped).
    """
    if len(runs) <= 1:
        return [translation] if runs else []
    words = translation.split()
    # Runs of punctuation only (a closing "." after a link) get no words: the output has its own.
    weights = [len(run.strip()) if any(ch.isalnum() for ch in run) else 0 for run in runs]
    total = sum(weights)
    if total == 0 or not words:
        return [translation if i == 0 else "" for i in range(len(runs))]
    # Each run's share of the source, as a range over [0, 1).
    bounds, start = [], 0
    for weight in weights:
        bounds.append((start / total, (start + weight) / total))
        start += weight
    word_chars = sum(len(w) for w in words)
    owners: list[int] = []
    position = 0
    for word in words:
        middle = (position + len(word) / 2) / word_chars
        position += len(word)
        owner = next(
            (i for i, (lo, hi) in enumerate(bounds) if weights[i] and lo <= middle < hi),
            max(i for i, w in enumerate(weights) if w),
        )
        owners.append(max(owner, owners[-1]) if owners else owner)
    owners = _give_every_run_a_word(owners, weights, len(words))
    pieces: list[list[str]] = [[] for _ in runs]
    for word, owner in zip(words, owners, strict=True):
        pieces[owner].append(word)
    return _with_spaces(pieces, runs)


def _give_every_run_a_word(owners: list[int], weights: list[int], count: int) -> list[int]:
    """Move word boundaries so each run with text owns at least one word, where there are enough.

    Works on cut points: where each text run starts. They are made strictly increasing (forward
    pass) and leave a word for every later run (backward pass).
    """
    wanted = [i for i, w in enumerate(weights) if w]
    if count < len(wanted):
        return owners
    cuts = [next((j for j, owner in enumerate(owners) if owner >= run), count) for run in wanted]
    cuts[0] = 0
    for k in range(1, len(cuts)):
        cuts[k] = max(cuts[k], cuts[k - 1] + 1)
    cuts[-1] = min(cuts[-1], count - 1)
    for k in range(len(cuts) - 2, -1, -1):
        cuts[k] = min(cuts[k], cuts[k + 1] - 1)
    result = []
    for j in range(count):
        rank = max(k for k, cut in enumerate(cuts) if cut <= j)
        result.append(wanted[rank])
    return result


def _with_spaces(pieces: list[list[str]], runs: Sequence[str]) -> list[str]:
    """Join each run's words; the space between two runs goes where the source had it (the end of
    the earlier run or the start of the later one), else at the end of the earlier run, so it stays
    outside any markup around the later run."""
    out = [
        " ".join(piece) if piece else (run if not run.strip() else "")
        for piece, run in zip(pieces, runs, strict=True)
    ]
    texts = [i for i, piece in enumerate(pieces) if piece]
    for before, after in itertools.pairwise(texts):
        between = "".join(runs[before + 1 : after])
        if between and not between.strip():
            continue  # a whitespace-only run between them already separates them
        if runs[after][:1].isspace() and not runs[before][-1:].isspace():
            out[after] = " " + out[after]
        else:
            out[before] += " "
    return out
