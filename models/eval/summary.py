"""Summary scores: ROUGE-1/2/L (rouge-score) at a fixed word budget, with lead-k and first-N baselines.

rouge-score's default tokeniser keeps only ASCII letters and digits, so every Arabic word vanishes;
`RougeTokenizer` keeps letters of any script (Arabic diacritics and tatweel removed, lower case).
Every summary, baselines included, is cut to the same budget of words (the references' median
length by default) so a longer summary cannot buy recall; shorter ones are scored as they are.
With several references per article the best-matching one counts (rouge-score's `score_multi`).
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import InvalidInputError
from models.eval.inputs import read_text

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
ROUGE_NAMES = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_WORD = re.compile(r"[^\W_]+")


class RougeTokenizer:
    """Words of any script for rouge-score: NFKC, Arabic diacritics and tatweel removed, lower case."""

    def tokenize(self, text: str) -> list[str]:
        return _WORD.findall(_DIACRITICS.sub("", unicodedata.normalize("NFKC", text)).lower())


def first_words(text: str, budget: int) -> str:
    """The first `budget` whitespace-separated words of `text`."""
    return " ".join(text.split()[:budget])


def lead_sentences(text: str, k: int) -> str:
    """The article's first `k` sentences (tarjama's segmentation, headline line included)."""
    from models.text.segment import split_document

    sentences = [s for paragraph in split_document(text) for s in paragraph]
    return " ".join(sentences[:k])


@dataclass
class SummaryDocument:
    """One article, its references and (when given) a system's summary."""

    id: str
    article: str
    references: list[str]
    summary: str | None = None


@dataclass
class RougeScores:
    """Mean precision, recall and F1 (0-100) per ROUGE type over the articles, and length facts."""

    label: str
    precision: dict[str, float]
    recall: dict[str, float]
    f1: dict[str, float]
    articles: int
    truncated: int
    shorter: int
    mean_words: float
    per_document: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            **{
                ROUGE_NAMES[t]: {
                    "precision": round(self.precision[t], 4),
                    "recall": round(self.recall[t], 4),
                    "f1": round(self.f1[t], 4),
                }
                for t in ROUGE_TYPES
            },
            "articles": self.articles,
            "truncated_to_budget": self.truncated,
            "shorter_than_budget": self.shorter,
            "mean_words": round(self.mean_words, 1),
            "documents": self.per_document,
        }


def rouge(label: str, items: Sequence[tuple[str, str, list[str]]], budget: int) -> RougeScores:
    """ROUGE of summaries cut to `budget` words. items: (id, summary, references) per article.

    Each per-document entry holds the three F1 scores and the summary as scored (cut to the budget).
    """
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=False, tokenizer=RougeTokenizer())
    sums = {kind: {t: 0.0 for t in ROUGE_TYPES} for kind in ("p", "r", "f")}
    truncated = shorter = words = 0
    per_document = []
    for key, summary, references in items:
        count = len(summary.split())
        truncated += count > budget
        shorter += count < budget
        cut = first_words(summary, budget)
        words += min(count, budget)
        result = scorer.score_multi(references, cut)
        for t in ROUGE_TYPES:
            sums["p"][t] += result[t].precision
            sums["r"][t] += result[t].recall
            sums["f"][t] += result[t].fmeasure
        per_document.append(
            {
                "id": key,
                **{ROUGE_NAMES[t]: round(100 * result[t].fmeasure, 4) for t in ROUGE_TYPES},
                "summary": cut,
            }
        )
    n = max(len(items), 1)
    mean = {kind: {t: 100 * value / n for t, value in table.items()} for kind, table in sums.items()}
    return RougeScores(
        label, mean["p"], mean["r"], mean["f"], len(items), truncated, shorter, words / n, per_document
    )


def median_budget(documents: Sequence[SummaryDocument]) -> int:
    """The references' median length in words (at least 1)."""
    lengths = [len(reference.split()) for d in documents for reference in d.references]
    return max(1, round(statistics.median(lengths))) if lengths else 1


# -- inputs --------------------------------------------------------------------------------------------
def _jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    records = []
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "id" not in record:
            raise InvalidInputError(f'{path}: line {number}: expected an object with an "id"')
        records.append((number, record))
    return records


def _text_field(record: dict[str, Any], names: Sequence[str], where: str) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return " ".join(value)
    raise InvalidInputError(f"{where}: expected a string field {' or '.join(repr(n) for n in names)}")


def _texts(path: Path, names: Sequence[str]) -> dict[str, str]:
    """Id -> text from a folder (file names are ids) or a JSONL file."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise InvalidInputError(f"{path}: empty folder")
        return {p.name: read_text(p) for p in files}
    if not path.exists():
        raise InvalidInputError(f"{path}: no such file or folder")
    return {str(r["id"]): _text_field(r, names, f"{path}: line {n}") for n, r in _jsonl(path)}


def load_summary_set(
    articles: Path, references: Path, summaries: Path | None = None
) -> list[SummaryDocument]:
    """Articles with their references (JSONL `{"id", "reference" | "references": [...]}`).

    articles: a folder (file names are ids) or JSONL `{"id", "text"}`. summaries: a system's output,
    a folder with the same names or JSONL `{"id", "summary"}`; None when tarjama summarises.
    """
    texts = _texts(articles, ("text", "article"))
    if not references.is_file():
        raise InvalidInputError(f"{references}: no such file")
    refs: dict[str, list[str]] = {}
    for number, record in _jsonl(references):
        where = f"{references}: line {number}"
        value = record.get("references", record.get("reference"))
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise InvalidInputError(f'{where}: expected "reference" (a string) or "references" (a list)')
        items = [item for item in items if item.strip()]
        if not items:
            raise InvalidInputError(f"{where}: empty reference")
        refs.setdefault(str(record["id"]), []).extend(items)
    missing = sorted(set(refs) - set(texts))
    if missing:
        raise InvalidInputError(f"{articles}: no article for reference ids {', '.join(missing[:3])}")
    given = _texts(summaries, ("summary",)) if summaries is not None else {}
    documents = []
    for key in refs:
        if summaries is not None and key not in given:
            raise InvalidInputError(f"{summaries}: no summary for {key!r}")
        documents.append(SummaryDocument(key, texts[key], refs[key], given.get(key)))
    if not documents:
        raise InvalidInputError(f"{references}: no references")
    return documents


@dataclass
class SummaryReport:
    """ROUGE of the system and the baselines at one budget."""

    lang: str
    budget: int
    budget_from: str
    articles: int
    systems: list[RougeScores]
    notes: list[str] = field(default_factory=list)
    references: dict[str, list[str]] = field(default_factory=dict)  # for the HTML report

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": "summary",
            "lang": self.lang,
            "budget_words": self.budget,
            "budget_from": self.budget_from,
            "articles": self.articles,
            "systems": [s.to_dict() for s in self.systems],
            "notes": self.notes,
        }


@dataclass(frozen=True)
class SummaryEvalOptions:
    """What `tarjama eval summary` was asked.

    articles / references / summaries: see `load_summary_set`. words: the budget (None = reference
    median). lead: k of the lead-k baseline. lang: the summaries' language (None = each article's).
    method / sentences: tarjama's summariser when no summaries are given. limit: first N articles.
    settings: settings overrides for the engine.
    """

    articles: Path
    references: Path
    summaries: Path | None = None
    words: int | None = None
    lead: int = 3
    lang: str | None = None
    method: str = "extractive"
    sentences: int = 3
    limit: int | None = None
    settings: dict[str, str] = field(default_factory=dict)


def evaluate_summaries(options: SummaryEvalOptions) -> SummaryReport:
    """Score the given summaries (or tarjama's) and the lead-k and first-N-words baselines."""
    for name in ("words", "limit"):
        value = getattr(options, name)
        if value is not None and value < 1:
            raise InvalidInputError(f"--{name} must be at least 1, got {value}")
    if options.lead < 1:
        raise InvalidInputError(f"--lead must be at least 1, got {options.lead}")
    documents = load_summary_set(options.articles, options.references, options.summaries)
    documents = documents[: options.limit] if options.limit else documents
    budget = options.words or median_budget(documents)
    budget_from = "--words" if options.words else "median reference length"
    notes: list[str] = []
    if options.summaries is not None:
        label = options.summaries.name
        outputs = [d.summary or "" for d in documents]
    else:
        label = f"tarjama {options.method}"
        outputs = _summarize(documents, options)
    refs = [(d.id, d.references) for d in documents]
    systems = [
        rouge(label, [(k, s, r) for (k, r), s in zip(refs, outputs, strict=True)], budget),
        rouge(
            f"lead-{options.lead}",
            [
                (k, lead_sentences(d.article, options.lead), r)
                for (k, r), d in zip(refs, documents, strict=True)
            ],
            budget,
        ),
        rouge(
            f"first {budget} words",
            [(k, first_words(d.article, budget), r) for (k, r), d in zip(refs, documents, strict=True)],
            budget,
        ),
    ]
    lang = options.lang or "article's own"
    return SummaryReport(lang, budget, budget_from, len(documents), systems, notes, dict(refs))


def _summarize(documents: Sequence[SummaryDocument], options: SummaryEvalOptions) -> list[str]:
    from models.engine import Engine
    from models.eval.systems import build_settings, progress_bar
    from models.summarize import SummaryOptions, summarize
    from models.summarize.facade import resolve_source_lang

    engine = Engine(build_settings(dict(options.settings)))
    update = progress_bar(len(documents), "summaries")
    outputs = []
    try:
        for document in documents:
            source = resolve_source_lang(document.article)
            lang = options.lang or source
            summary = summarize(
                engine,
                document.article,
                SummaryOptions(lang=lang, method=options.method, sentences=options.sentences),
                source,
            )
            outputs.append(summary.text)
            update(1)
    finally:
        engine.close()
    return outputs
