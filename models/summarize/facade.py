"""`summarize`: the one entry point for summaries (any method, any route, Arabic or English).

Extractive summaries (the default) never load a model unless a translation is needed; abstractive
ones load the summary model of the language they summarise in (`engine.model("summary-ar")` or
`"summary-en"`) on first use. See `models.summarize.crosslingual` for how the route is chosen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from models.contract import TranslationEngine
from models.routing import route
from models.summarize.abstractive import AbstractiveOptions, summarize_abstractive
from models.summarize.crosslingual import choose_route, translate_article, translate_sentences
from models.summarize.extractive import (
    ExtractiveOptions,
    segment_for_summary,
    summarize_extractive,
    trim_to_words,
)
from models.summarize.options import WORDS_PER_SENTENCE, Summary, SummaryOptions, check_language
from models.translate import TranslationOptions


def resolve_source_lang(text: str, source_lang: str | None = None) -> str:
    """The article's language: `source_lang` when given ("ar" / "en"), else detected.

    None or "auto" detect it from the letters (`models.routing.route`; text without letters counts as
    Arabic, as for translation).
    """
    if source_lang is None or source_lang == "auto":
        return route(text, "auto").source
    return check_language(source_lang, "article language")


def summary_sentence_count(options: SummaryOptions, available: int, default: int) -> int:
    """Sentences asked for: one per `WORDS_PER_SENTENCE` of `options.words`, else `options.sentences`,
    else `options.ratio` of `available`, else `default`."""
    if options.words is not None:
        return max(1, math.ceil(options.words / WORDS_PER_SENTENCE))
    if options.sentences is not None:
        return options.sentences
    if options.ratio is not None:
        return max(1, round(options.ratio * available))
    return default


@dataclass
class _Part:
    sentences: list[str]
    models: dict[str, str] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)


def _summarize_in(
    engine: TranslationEngine,
    text: str,
    lang: str,
    options: SummaryOptions,
    abstractive: AbstractiveOptions | None,
) -> _Part:
    """A summary of `text` in its own language `lang`, by `options.method`."""
    sentences = segment_for_summary(text, lang)
    if not sentences:
        return _Part([])
    default = engine.settings.summary_sentences
    if options.method == "extractive":
        if options.words is not None:
            extractive = ExtractiveOptions(words=options.words)
        elif options.sentences is None and options.ratio is None:
            extractive = ExtractiveOptions(sentences=default)
        else:
            extractive = ExtractiveOptions(sentences=options.sentences, ratio=options.ratio)
        return _Part(summarize_extractive(text, lang, extractive).sentences)
    slot = f"summary-{lang}"
    model = engine.model(slot)
    count = summary_sentence_count(options, len(sentences), default)
    result = summarize_abstractive(
        model,
        sentences,
        lang,
        engine.settings,
        count,
        abstractive,
        run=lambda rows, generation: engine.generate_summaries(slot, rows, generation),
    )
    return _Part(result.sentences, {slot: model.name}, {"chunks": result.chunks, "passes": result.passes})


def summarize(
    engine: TranslationEngine,
    text: str,
    options: SummaryOptions,
    source_lang: str | None = None,
    *,
    translation: TranslationOptions | None = None,
    abstractive: AbstractiveOptions | None = None,
) -> Summary:
    """Summarise an article in `options.lang`, translating when that is not the article's language.

    Args:
        engine: loads and runs the models (translation, and summary models for abstractive).
        text: the article; paragraphs separated by blank lines or one per line.
        options: summary language, method, length and cross-lingual route.
        source_lang: the article's language, "ar" or "en"; None or "auto" detects it.
        translation: decoding options for the translation step of a cross-lingual summary.
        abstractive: decoding and window options for abstractive summaries.

    Returns:
        A `Summary` in `options.lang`. An article without text gives an empty summary without loading
        any model. Extractive summaries have `min(k, article sentences)` sentences, also across
        languages (summarize-first translates each picked sentence as one unit); with `options.words`
        they are whole sentences up to just past the budget (cut at it with `options.trim`).

    Raises:
        UnsupportedLanguageError: a `source_lang` other than ar/en/auto.
        ModelNotFoundError / ModelLoadError: a model that is needed cannot be loaded.
    """
    source = resolve_source_lang(text, source_lang)
    target = options.lang
    taken = choose_route(engine, options, source)
    stats = {"article_sentences": len(segment_for_summary(text, source)), "translated_segments": 0}
    summary = Summary(target, source, options.method, taken, [], {}, stats)
    if not stats["article_sentences"]:
        return summary
    if taken == "translate-first":
        article = translate_article(engine, text, source, target, translation)
        part = _summarize_in(engine, article.text, target, options, abstractive)
        summary.sentences = part.sentences
        summary.models = article.models | part.models
        stats["translated_segments"] = article.segments
    else:
        part = _summarize_in(engine, text, source, options, abstractive)
        summary.sentences = part.sentences
        summary.models = dict(part.models)
        if taken == "summarize-first":
            translated = translate_sentences(engine, part.sentences, source, target, translation)
            summary.sentences = translated.sentences
            summary.models |= translated.models
            stats["translated_segments"] = translated.segments
    stats |= part.stats
    if options.words is not None and options.trim:
        # Trimmed in the summary's language, once translated: the budget is the reader's.
        summary.sentences, stats["trimmed_words"] = trim_to_words(summary.sentences, options.words)
    return summary
