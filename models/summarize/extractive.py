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
            `ratio`.
        ratio: share of the article's sentences to pick (0 < ratio <= 1, at least one sentence); used
            only when `sentences` is None.
    """

    sentences: int | None = 3
    ratio: float | None = None

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
    """

    sentences: list[str]
    indices: list[int]
    scores: list[float] = field(default_factory=list, repr=False)

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
    if isinstance(text_or_sentences, str):
        if lang is None:
            detected = detect_language(text_or_sentences).lang
            lang = detected if detected in CODES else None
        document = _segment(text_or_sentences, lang)
    else:
        sentences = list(text_or_sentences)
        document = _Document(sentences, [index == 0 for index in range(len(sentences))], has_title=False)
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


def _position_prior(n: int) -> np.ndarray:
    """1 for the lead sentence, decaying with rank; the decay scale grows slowly with article length."""
    scale = max(2.0, math.sqrt(n))
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


def _score(document: _Document) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Final scores of all sentences (0 outside the graph), the candidates' similarity matrix, and the
    candidate indices (rows of the matrix)."""
    sentences = document.sentences
    n = len(sentences)
    tokens = content_tokens(sentences)
    vectors = _tfidf(tokens)
    position = _position_prior(n)
    candidates = _candidates(vectors, position)
    similarity = _similarity([vectors[i] for i in candidates])
    centrality = _centrality(similarity)
    centrality = centrality / centrality.max() if centrality.max() > 0 else centrality
    starts = np.asarray([document.paragraph_start[i] for i in candidates], dtype=np.float64)
    combined = (
        CENTRALITY_WEIGHT * centrality
        + POSITION_WEIGHT * position[candidates]
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
