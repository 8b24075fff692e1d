"""Development figures for extractive summaries on NTREX (`python -m models.summarize.devset`).

There are no human summaries in the repository, so two proxies are built from the NTREX-128 articles
(../shared/corpus/ntrex128-ar-en, Arabic and English sides of the same 123 stories):

- **headline**: the headline is the reference, the body (headline removed) is summarised with a word
  budget; a summary that carries what the story is about scores well. Budgets: `--words` (121, the
  held-out references' median) and 40.
- **lead**: the first body paragraph is the reference and the rest of the article is summarised to
  the reference's length: whether a method finds the essence again once the lead is taken away (the
  first-words baseline then reads the second paragraph).

Every summary is cut to the budget before scoring, as a scorer with a length budget does, and scored
with ROUGE-1 (`rouge-score`, a tokeniser that keeps Arabic letters: folded, diacritics removed).
Printed next to ours: the first k sentences (k=3), the first N words, LexRank and TextRank filled to
the budget. Nothing is tuned at run time; the figures are for choosing the weights in
`models.summarize.extractive`.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.summarize.arabic import content_tokens, fold
from models.summarize.extractive import (
    ExtractiveOptions,
    _centrality,
    _similarity,
    _tfidf,
    segment_for_summary,
    summarize_extractive,
)

DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ntrex128-ar-en"
_TOKEN = re.compile(r"[^\W_]+")


class _Tokenizer:
    """rouge-score tokeniser keeping every script: folded (see `models.summarize.arabic.fold`) words."""

    def tokenize(self, text: str) -> list[str]:
        return _TOKEN.findall(fold(text))


@dataclass(frozen=True)
class Case:
    """One proxy case: the text to summarise, its reference, the word budget."""

    doc: str
    lang: str
    text: str
    reference: str
    budget: int


def load_cases(corpus: Path, proxy: str, words: int) -> list[Case]:
    """Cases of `proxy` ("headline" or "lead") for both languages of the corpus."""
    cases: list[Case] = []
    for lang in ("ar", "en"):
        for path in sorted((corpus / lang).glob("*.txt")):
            paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            if len(paragraphs) < 3:
                continue
            headline, body = paragraphs[0], paragraphs[1:]
            if proxy == "headline":
                cases.append(Case(path.stem, lang, "\n\n".join(body), headline, words))
            else:
                lead = body[0]
                cases.append(Case(path.stem, lang, "\n\n".join(body[1:]), lead, len(lead.split())))
    return cases


def cut(summary: str, budget: int) -> str:
    """The first `budget` words of a summary (what a length-budget scorer reads)."""
    return " ".join(summary.split()[:budget])


def _fill(sentences: Sequence[str], order: Sequence[int], budget: int, k: int | None = None) -> str:
    """Sentences taken in `order` until the budget (or k sentences), output in article order."""
    picked: list[int] = []
    total = 0
    for index in order:
        if (k is not None and len(picked) >= k) or (k is None and total >= budget):
            break
        picked.append(index)
        total += len(sentences[index].split())
    return " ".join(sentences[i] for i in sorted(picked))


def lead_k(text: str, lang: str, budget: int) -> str:
    sentences = segment_for_summary(text, lang)
    return _fill(sentences, range(len(sentences)), budget, k=3)


def first_words(text: str, lang: str, budget: int) -> str:
    return cut(" ".join(segment_for_summary(text, lang)), budget)


def lexrank(text: str, lang: str, budget: int) -> str:
    """Continuous LexRank (TF-IDF cosine graph, damped random walk), filled to the budget."""
    sentences = segment_for_summary(text, lang)
    if len(sentences) < 2:
        return " ".join(sentences)
    rank = _centrality(_similarity(_tfidf(content_tokens(sentences))))
    return _fill(sentences, sorted(range(len(sentences)), key=lambda i: (-rank[i], i)), budget)


def textrank(text: str, lang: str, budget: int) -> str:
    """TextRank (word-overlap similarity normalised by log lengths, PageRank), filled to the budget."""
    sentences = segment_for_summary(text, lang)
    if len(sentences) < 2:
        return " ".join(sentences)
    tokens = [set(t) for t in content_tokens(sentences)]
    n = len(sentences)
    matrix = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if len(tokens[i]) > 1 and len(tokens[j]) > 1:
                overlap = len(tokens[i] & tokens[j])
                value = overlap / (math.log(len(tokens[i])) + math.log(len(tokens[j])))
                matrix[i, j] = matrix[j, i] = value
    rank = _centrality(matrix)
    return _fill(sentences, sorted(range(n), key=lambda i: (-rank[i], i)), budget)


def ours(text: str, lang: str, budget: int) -> str:
    return summarize_extractive(text, lang, ExtractiveOptions(words=budget)).text


def ours_k3(text: str, lang: str, budget: int) -> str:
    return summarize_extractive(text, lang, ExtractiveOptions(sentences=3)).text


METHODS: dict[str, Callable[[str, str, int], str]] = {
    "tarjama (words)": ours,
    "tarjama (k=3)": ours_k3,
    "first k sentences (k=3)": lead_k,
    "first N words": first_words,
    "LexRank": lexrank,
    "TextRank": textrank,
}


def evaluate(cases: Sequence[Case], method: Callable[[str, str, int], str]) -> dict[str, float]:
    """Mean ROUGE-1 F and recall of `method` over `cases` (summaries cut to the budget), mean words
    before the cut, and articles per second."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], tokenizer=_Tokenizer())
    f_scores: list[float] = []
    recalls: list[float] = []
    lengths: list[int] = []
    start = time.perf_counter()
    summaries = [method(case.text, case.lang, case.budget) for case in cases]
    elapsed = time.perf_counter() - start
    for case, summary in zip(cases, summaries, strict=True):
        lengths.append(len(summary.split()))
        score = scorer.score(case.reference, cut(summary, case.budget))["rouge1"]
        f_scores.append(score.fmeasure)
        recalls.append(score.recall)
    return {
        "f": statistics.fmean(f_scores),
        "r": statistics.fmean(recalls),
        "words": statistics.fmean(lengths),
        "per_s": len(cases) / elapsed if elapsed > 0 else float("inf"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.summarize.devset", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the NTREX folder (ar/, en/)")
    parser.add_argument("--words", type=int, default=121, help="budget of the headline proxy")
    parser.add_argument("--lang", choices=("ar", "en", "both"), default="both")
    args = parser.parse_args(argv)
    if not (args.corpus / "ar").is_dir():
        print(f"devset: error: no corpus at {args.corpus} (expected ar/ and en/ folders)", file=sys.stderr)
        return 2
    runs = [("headline", args.words), ("headline", 40), ("lead", 0)]
    for proxy, words in runs:
        cases = [c for c in load_cases(args.corpus, proxy, words) if args.lang in ("both", c.lang)]
        budget = f"{words} words" if proxy == "headline" else "the lead's length"
        print(f"\n{proxy} proxy, budget {budget}, {len(cases)} articles ({args.lang})")
        print(f"{'method':<26}{'R1 F':>8}{'R1 R':>8}{'words':>8}{'art/s':>9}")
        for name, method in METHODS.items():
            figures = evaluate(cases, method)
            print(
                f"{name:<26}{figures['f']:>8.4f}{figures['r']:>8.4f}{figures['words']:>8.1f}"
                f"{figures['per_s']:>9.0f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
