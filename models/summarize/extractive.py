"""Model-free extractive summaries: whole sentences of the article, in their original order.

Ranking combines four signals, all deterministic:

1. **Centrality** (LexRank-style): TF-IDF vectors over folded, stopword-free, lightly stemmed tokens
   (`models.summarize.arabic`), cosine similarities as a weighted graph, and the stationary
   distribution of a damped random walk over it (power iteration with numpy).
2. **Position prior**: news puts the essence first; the lead sentence gets the largest boost, decaying
   with the sentence's rank in the article, plus a small bonus for opening a paragraph. A headline
   line at the top is damped as a pick but lends its words: sentences similar to it get a bonus.
3. **Length prior**: fragments (a dateline, "وأضاف: سيستمر العمل") and run-on sentences are damped.
4. **Redundancy control** (MMR): sentences are picked greedily by score minus their similarity to what is
   already picked, and near-duplicates of a picked sentence are skipped while others remain.

A word budget (`ExtractiveOptions.words`) instead of a sentence count uses a stronger lead prior
(`BUDGET_*` weights) and picks whole sentences until the budget is reached, the last one running past
it unless `trim` cuts it at the budget.

Cost: the similarity graph is built term by term from an inverted index (sum over terms of df^2) into
an N x N matrix. Above `MAX_GRAPH_SENTENCES` sentences (a 200,000-character article has about 1,600),
only that many candidates enter the graph: those with the best cheap score (position prior plus
similarity to the document centroid); the others are only used to fill up a summary asked to be longer
than the candidate list. This bounds time (about a second for 200,000 characters) and memory (about
20 MB for the matrix) whatever the input length.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from models.errors import InvalidInputError
from models.languages import CODES
from models.summarize.arabic import content_tokens
from models.text.detect import detect_language
from models.text.normalize import normalize
from models.text.segment import split_paragraphs, split_sentences

MAX_GRAPH_SENTENCES = 1500
"""At most this many sentences enter the similarity graph (see the module docstring)."""

DAMPING = 0.85
"""Random-walk damping of the centrality computation."""

CENTRALITY_WEIGHT = 0.45
POSITION_WEIGHT = 0.45
PARAGRAPH_START_WEIGHT = 0.05
TITLE_WEIGHT = 0.10
"""Weights of the normalised centrality, position prior, paragraph-opening and headline-similarity
bonuses in a sentence's score (before the length prior multiplies it)."""

BUDGET_CENTRALITY_WEIGHT = 0.2
BUDGET_POSITION_WEIGHT = 0.8
BUDGET_POSITION_SCALE: float | None = None
"""Weights of word-budget summaries (`ExtractiveOptions.words`): a stronger lead prior than for k
sentences. A budget summary is scored against a budget (the first N words of the article are the
baseline to beat), so it is filled from the lead, and centrality mostly decides which later sentences
replace weak lead ones (fragments and quotes are damped by the length prior). On the NTREX proxies of
`python -m models.summarize.devset` all weightings tried were within 0.005 ROUGE-1 of each other;
this one is the most lead-heavy of the best."""

HEADLINE_FACTOR = 0.5
"""A headline-like first line (one short sentence without closing punctuation, alone in its paragraph)
has its score multiplied by this: it is usually restated by the lead sentence, which says more. It still
lends its words to the others through `TITLE_WEIGHT`."""

REDUNDANCY_PENALTY = 0.5
"""MMR trade-off: score minus this times the highest similarity to an already picked sentence."""

DUPLICATE_SIMILARITY = 0.8
"""Sentences at least this similar to a picked one are only taken when nothing else is left."""


@dataclass(frozen=True)
class ExtractiveOptions:
    """How long an extractive summary is.

    Args:
        sentences: number of sentences to pick (all of them when the article has fewer); None to use
            `ratio`. Ignored when `words` is given.
        ratio: share of the article's sentences to pick (0 < ratio <= 1, at least one sentence); used
            only when `sentences` and `words` are None.
        words: a length budget in words (whitespace-separated): whole sentences are added, best first,
            until the budget is reached, so the last one may run past it (see `trim`). Overrides
            `sentences` and `ratio`.
        trim: with `words`, cut the summary at the budget: the last sentence is shortened to the words
            that fit and ends with "…" (the summary's `trimmed_words` says how many were cut). Without
            it the summary is whole sentences, at most one sentence past the budget.
    """

    sentences: int | None = 3
    ratio: float | None = None
    words: int | None = None
    trim: bool = False

    def check_words(self) -> None:
        """Raises InvalidInputError for a `words` budget that is not a whole number of at least 1."""
        if self.words is not None and (
            isinstance(self.words, bool) or not isinstance(self.words, int) or self.words < 1
        ):
            raise InvalidInputError(f"words must be a whole number of at least 1, got {self.words!r}")

    def count(self, available: int) -> int:
        """Number of sentences to pick out of `available`.

        Args:
            available: how many sentences the article has.

        Raises:
            InvalidInputError: negative `sentences`, `ratio` outside (0, 1], or neither given.
        """
        if self.sentences is not None:
            if self.sentences < 0:
                raise InvalidInputError(f"sentences must be 0 or more, got {self.sentences}")
            return min(self.sentences, available)
        if self.ratio is None:
            raise InvalidInputError("give either sentences or ratio for an extractive summary")
        if not 0 < self.ratio <= 1:
            raise InvalidInputError(f"ratio must be in (0, 1], got {self.ratio}")
        if available == 0:
            return 0
        return min(available, max(1, round(self.ratio * available)))


@dataclass
class ExtractiveSummary:
    """Sentences picked from an article.

    Args:
        sentences: the picked sentences, verbatim, in their order in the article.
        indices: their positions in the article's sentence list (ascending).
        scores: the final score of every sentence of the article (same order as the segmentation);
            empty when nothing had to be ranked (an empty summary, or every sentence taken).
        trimmed_words: words cut from the last sentence to keep to a word budget (`trim`); 0 when
            every sentence is whole.
    """

    sentences: list[str]
    indices: list[int]
    scores: list[float] = field(default_factory=list, repr=False)
    trimmed_words: int = 0

    @property
    def text(self) -> str:
        """The summary as one text: sentences joined with spaces."""
        return " ".join(self.sentences)


@dataclass
class _Document:
    sentences: list[str]
    paragraph_start: list[bool]
    has_title: bool


def segment_for_summary(text: str, lang: str | None = None) -> list[str]:
    """The sentences `summarize_extractive` works on for `text`: normalised, split into paragraphs,
    then sentences.

    Args:
        text: the article.
        lang: "ar" or "en" (sentence-splitting hint), or None to let the splitter decide.
    """
    return _segment(text, lang).sentences


def _segment(text: str, lang: str | None) -> _Document:
    sentences: list[str] = []
    starts: list[bool] = []
    paragraphs = split_paragraphs(normalize(text))
    for paragraph in paragraphs:
        for position, sentence in enumerate(split_sentences(paragraph, lang)):
            sentences.append(sentence)
            starts.append(position == 0)
    has_title = bool(paragraphs) and len(sentences) > 1 and _is_headline(paragraphs[0], sentences[0])
    return _Document(sentences, starts, has_title)


def _is_headline(paragraph: str, sentence: str) -> bool:
    """A first paragraph that is one short sentence without closing punctuation reads as a headline."""
    return paragraph == sentence and len(sentence) < 200 and sentence[-1:] not in ".!?؟…\"'”»"


def summarize_extractive(
    text_or_sentences: str | Sequence[str],
    lang: str | None = None,
    options: ExtractiveOptions | None = None,
) -> ExtractiveSummary:
    """Pick the most representative sentences of an article.

    Args:
        text_or_sentences: the article as text (segmented with `split_paragraphs` then
            `split_sentences`), or its sentences already segmented (e.g. the translation's own units),
            which are used as given (blank ones are picked last).
        lang: "ar" or "en"; None detects it from the text. Used as the sentence-splitting hint; matching
            handles both scripts in any case.
        options: how many sentences (`ExtractiveOptions()`, three, when None).

    Returns:
        Exactly `options.count(n)` whole sentences of the input (all of them when it has fewer), in
        their original order, with their indices; an empty summary for an empty article.
    """
    options = options or ExtractiveOptions()
    options.check_words()
    if isinstance(text_or_sentences, str):
        if lang is None:
            detected = detect_language(text_or_sentences).lang
            lang = detected if detected in CODES else None
        document = _segment(text_or_sentences, lang)
    else:
        sentences = list(text_or_sentences)
        document = _Document(sentences, [index == 0 for index in range(len(sentences))], has_title=False)
    if options.words is not None:
        return _summarize_to_budget(document, options.words, options.trim)
    count = options.count(len(document.sentences))
    if count == 0:
        return ExtractiveSummary([], [])
    if count == len(document.sentences):
        return ExtractiveSummary(list(document.sentences), list(range(count)))
    scores, similarity, candidates = _score(document)
    picked = _select(scores, similarity, candidates, count)
    indices = sorted(picked)
    return ExtractiveSummary([document.sentences[i] for i in indices], indices, [float(s) for s in scores])


def _tfidf(tokens: list[list[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (sublinear term frequency, smoothed sentence-level IDF)."""
    n = len(tokens)
    df: Counter[str] = Counter()
    for sentence in tokens:
        df.update(set(sentence))
    vectors: list[dict[str, float]] = []
    for sentence in tokens:
        counts = Counter(sentence)
        vector = {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 0.5)) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values()))
        vectors.append({t: w / norm for t, w in vector.items()} if norm > 0 else {})
    return vectors


def _similarity(vectors: list[dict[str, float]]) -> np.ndarray:
    """Cosine similarity matrix built from an inverted index (cost: sum over terms of df^2)."""
    n = len(vectors)
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            rows, weights = postings.setdefault(term, ([], []))
            rows.append(index)
            weights.append(weight)
    matrix = np.zeros((n, n), dtype=np.float64)
    for rows, weights in postings.values():
        if len(rows) < 2:
            continue
        idx = np.asarray(rows)
        w = np.asarray(weights)
        matrix[np.ix_(idx, idx)] += np.outer(w, w)
    np.fill_diagonal(matrix, 0.0)
    return matrix


def _centrality(similarity: np.ndarray) -> np.ndarray:
    """Stationary distribution of a damped random walk on the similarity graph (continuous LexRank)."""
    n = similarity.shape[0]
    if n == 1:
        return np.ones(1)
    row_sums = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(similarity, row_sums, out=np.full_like(similarity, 1.0 / n), where=row_sums > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(200):
        updated = (1 - DAMPING) / n + DAMPING * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-10:
            rank = updated
            break
        rank = updated
    return rank


def _position_prior(n: int, scale: float | None = None) -> np.ndarray:
    """1 for the lead sentence, decaying with rank; the decay scale grows slowly with article length
    unless `scale` is given."""
    scale = scale if scale is not None else max(2.0, math.sqrt(n))
    ranks = np.arange(n, dtype=np.float64)
    return 1.0 / (1.0 + ranks / scale)


def _length_prior(tokens: list[list[str]], sentences: list[str]) -> np.ndarray:
    """Damps fragments (under 6 content words) and run-ons (over 60 words); 0 for blank sentences."""
    prior = np.ones(len(sentences))
    for index, (words, sentence) in enumerate(zip(tokens, sentences, strict=True)):
        if not sentence.strip():
            prior[index] = 0.0
            continue
        content = len(words)
        if content < 6:
            prior[index] = 0.35 + 0.65 * content / 6
        total = len(sentence.split())
        if total > 60:
            prior[index] *= math.sqrt(60 / total)
    return prior


def _candidates(vectors: list[dict[str, float]], position: np.ndarray) -> list[int]:
    """Indices entering the graph: all of them, or the best `MAX_GRAPH_SENTENCES` by a cheap score."""
    n = len(vectors)
    if n <= MAX_GRAPH_SENTENCES:
        return list(range(n))
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update(vector)
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    cheap = [
        sum(w * centroid[t] for t, w in vector.items()) / norm + position[i]
        for i, vector in enumerate(vectors)
    ]
    best = sorted(range(n), key=lambda i: (-cheap[i], i))[:MAX_GRAPH_SENTENCES]
    return sorted(best)


def _score(document: _Document, budget: bool = False) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Final scores of all sentences (0 outside the graph), the candidates' similarity matrix, and the
    candidate indices (rows of the matrix). `budget`: the weights of word-budget summaries."""
    sentences = document.sentences
    n = len(sentences)
    tokens = content_tokens(sentences)
    vectors = _tfidf(tokens)
    position = _position_prior(n, BUDGET_POSITION_SCALE if budget else None)
    candidates = _candidates(vectors, position)
    similarity = _similarity([vectors[i] for i in candidates])
    centrality = _centrality(similarity)
    centrality = centrality / centrality.max() if centrality.max() > 0 else centrality
    starts = np.asarray([document.paragraph_start[i] for i in candidates], dtype=np.float64)
    centrality_weight, position_weight = (
        (BUDGET_CENTRALITY_WEIGHT, BUDGET_POSITION_WEIGHT) if budget else (CENTRALITY_WEIGHT, POSITION_WEIGHT)
    )
    combined = (
        centrality_weight * centrality
        + position_weight * position[candidates]
        + PARAGRAPH_START_WEIGHT * starts
    )
    if document.has_title and candidates[0] == 0:
        combined = combined + TITLE_WEIGHT * similarity[0]
        combined[0] *= HEADLINE_FACTOR
    combined = combined * _length_prior(tokens, sentences)[candidates]
    scores = np.zeros(n)
    scores[candidates] = combined
    return scores, similarity, candidates


def _select(scores: np.ndarray, similarity: np.ndarray, candidates: list[int], count: int) -> list[int]:
    """Greedy MMR over the candidates; near-duplicates only when nothing else is left; sentences outside
    the graph (never for inputs under `MAX_GRAPH_SENTENCES` sentences) fill up by position if needed."""
    m = len(candidates)
    values = scores[candidates]
    values = np.where(values > 0, values, -1e3)  # blank sentences (score 0) go last
    redundancy = np.zeros(m)
    available = np.ones(m, dtype=bool)
    order = np.arange(m)
    picked: list[int] = []
    while available.any() and len(picked) < count:
        pool = available & (redundancy < DUPLICATE_SIMILARITY)
        if not pool.any():
            pool = available
        gain = np.where(pool, values - REDUNDANCY_PENALTY * redundancy, -np.inf)
        best = int(order[gain == gain.max()][0])  # ties go to the earlier sentence
        picked.append(best)
        available[best] = False
        redundancy = np.maximum(redundancy, similarity[:, best])
    chosen = [candidates[r] for r in picked]
    if len(chosen) < count:
        inside = set(candidates)
        outside = [i for i in range(len(scores)) if i not in inside]
        chosen.extend(outside[: count - len(chosen)])
    return chosen


def _summarize_to_budget(document: _Document, budget: int, trim: bool) -> ExtractiveSummary:
    """Whole sentences, best first, until `budget` words are reached (see `ExtractiveOptions.words`)."""
    sentences = document.sentences
    lengths = [len(sentence.split()) for sentence in sentences]
    if not any(lengths):
        return ExtractiveSummary([], [])
    if sum(lengths) <= budget:
        indices = [i for i, n in enumerate(lengths) if n]
        return ExtractiveSummary([sentences[i] for i in indices], indices)
    scores, similarity, candidates = _score(document, budget=True)
    picked = _select_words(scores, similarity, candidates, lengths, budget)
    indices = sorted(picked)
    chosen = [sentences[i] for i in indices]
    trimmed = 0
    if trim:
        chosen, trimmed = trim_to_words(chosen, budget)
    return ExtractiveSummary(chosen, indices, [float(s) for s in scores], trimmed)


def _select_words(
    scores: np.ndarray, similarity: np.ndarray, candidates: list[int], lengths: list[int], budget: int
) -> list[int]:
    """Greedy MMR over the candidates until the picked sentences hold at least `budget` words (the
    last one may run past it: a summary cut to the budget then ends full, where stopping short of it
    would leave words of the budget unused)."""
    m = len(candidates)
    values = scores[candidates]
    values = np.where(values > 0, values, -1e3)
    size = np.asarray([lengths[i] for i in candidates], dtype=np.float64)
    redundancy = np.zeros(m)
    available = size > 0
    order = np.arange(m)
    picked: list[int] = []
    total = 0
    while available.any() and total < budget:
        pool = available & (redundancy < DUPLICATE_SIMILARITY)
        if not pool.any():
            pool = available
        gain = np.where(pool, values - REDUNDANCY_PENALTY * redundancy, -np.inf)
        best = int(order[gain == gain.max()][0])  # ties go to the earlier sentence
        picked.append(best)
        available[best] = False
        total += int(size[best])
        redundancy = np.maximum(redundancy, similarity[:, best])
    chosen = [candidates[r] for r in picked]
    if total < budget:  # sentences outside the graph, by position (inputs over MAX_GRAPH_SENTENCES)
        inside = set(candidates)
        for index in range(len(lengths)):
            if total >= budget:
                break
            if index not in inside and lengths[index]:
                chosen.append(index)
                total += lengths[index]
    return chosen


def trim_to_words(sentences: Sequence[str], budget: int) -> tuple[list[str], int]:
    """Sentences cut to `budget` whitespace-separated words, and how many words were cut.

    Whole sentences are kept while they fit; the one that does not is shortened to the words that
    fit and ends with "…"; the rest are left out.

    Args:
        sentences: the summary, in order.
        budget: the most words to keep (at least 1).
    """
    kept: list[str] = []
    total = 0
    cut = 0
    for sentence in sentences:
        words = sentence.split()
        room = budget - total
        if room <= 0:
            cut += len(words)
            continue
        if len(words) <= room:
            kept.append(sentence)
            total += len(words)
            continue
        kept.append(" ".join(words[:room]) + "…")
        total += room
        cut += len(words) - room
    return kept, cut
