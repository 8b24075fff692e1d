"""Composing briefings: detect, translate (all articles together), summarise, pair paragraphs.

Translation is the expensive stage, so `compose_briefings` sends the titles and paragraphs of every
article into one `engine.translate` call per direction: their sentences share model batches. The
summaries then go through the `models.summarize` facade with a `TranslationMemo`, an engine (of the
`models.contract.TranslationEngine` contract) that answers, from those translations, any sentence
already translated, so a cross-lingual summary of an extractive kind costs no further model call.

With `source=auto` routing, paragraphs (or sentences) already in the target language are kept as
written; their segments carry the `kept_source` flag, which the renderers show.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from models.briefing.types import Briefing, BriefingOptions, ParagraphPair
from models.clean import CleanedArticle, clean_article
from models.contract import SummaryRow, TranslationEngine
from models.errors import NoMainTextError
from models.languages import LANGUAGES, other_language
from models.quality import KEPT_SOURCE
from models.routing import passthrough, route
from models.summarize.crosslingual import choose_route, translate_sentences
from models.summarize.facade import summarize
from models.summarize.options import Summary, SummaryOptions
from models.text.detect import detect_language
from models.text.normalize import normalize
from models.text.segment import split_paragraphs, split_sentences
from models.translate import DocumentTranslation, Segment, TranslatedParagraph, TranslationOptions, Translator

if TYPE_CHECKING:
    from models.backends import GenerationOptions
    from models.loader import LoadedModel
    from models.settings import Settings

log = logging.getLogger(__name__)

LOW_CONFIDENCE = 0.6
"""Below this detection confidence, a briefing warns that the article's language is uncertain."""


@dataclass
class _Article:
    """One article on its way to a briefing."""

    id: str
    article: CleanedArticle
    source: str
    target: str
    texts: list[str]  # what is translated: the title (when there is one), then every paragraph
    has_title: bool
    warnings: list[str] = field(default_factory=list)
    translations: list[DocumentTranslation] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def compose_briefings(
    engine: TranslationEngine,
    articles: Sequence[tuple[str, CleanedArticle]],
    options: BriefingOptions | None = None,
    *,
    warnings: Mapping[str, Sequence[str]] | None = None,
) -> list[Briefing]:
    """Briefings for cleaned articles, in the same order.

    Args:
        engine: the engine whose models translate and summarise.
        articles: (id, cleaned article) pairs. Each briefing's `source` is a copy of the article's
            `metadata` (url, author, date, format, ...); add "path" there to have it shown.
        options: summary length and method, and decoding options for the translations.
        warnings: extra warnings per article id, shown first in its briefing (e.g. the warning of
            `models.text.decode.decode_with_fallback` when a file was not UTF-8).

    Every article's language is detected on its body; its title and paragraphs are translated into
    the other language in one `engine.translate` call per direction for all articles (paragraphs
    already in the target language are kept as they are). Timings: "translate" is the article's share
    (by characters) of the shared translation call, model loading excluded; "summarize" its own
    summaries; "total" their sum.

    Raises:
        NoMainTextError: an article without paragraphs (the message names its id).
    """
    options = options or BriefingOptions()
    extra = warnings or {}
    pending = [_prepare(article_id, article, extra.get(article_id, ())) for article_id, article in articles]

    # One call per direction: segments of every article share model batches.
    for target in LANGUAGES:
        group = [item for item in pending if item.target == target]
        if not group:
            continue
        texts = [text for item in group for text in item.texts]
        # Load the model first: loading is engine set-up, not any article's translation time.
        for source in sorted({item.source for item in group}):
            engine.translator(source, target)
        started = time.perf_counter()
        results = engine.translate(texts, source="auto", target=target, options=options.translation)
        elapsed = time.perf_counter() - started
        total_chars = sum(len(text) for text in texts) or 1
        start = 0
        for item in group:
            item.translations = results[start : start + len(item.texts)]
            start += len(item.texts)
            item.timings["translate"] = elapsed * sum(len(text) for text in item.texts) / total_chars

    memo = TranslationMemo(engine, [t for item in pending for t in item.translations])
    return [_finish(item, memo, options) for item in pending]


def compose_briefing(
    engine: TranslationEngine,
    content: str,
    *,
    article_id: str = "article",
    format: str = "auto",
    options: BriefingOptions | None = None,
    source: Mapping[str, str] | None = None,
    warnings: Sequence[str] | None = None,
) -> Briefing:
    """Clean `content` (text, HTML, Markdown or a JSON record), then compose its briefing.

    Args:
        source: what the caller knows of the input (e.g. {"path": ...}); added to the article's metadata.
        warnings: warnings from reading the input (encoding fallbacks ...), shown first.

    Raises:
        NoMainTextError: nothing is left of `content` once boilerplate is removed.
        InvalidInputError: an unknown `format`, or a JSON input that is not an article record.
    """
    started = time.perf_counter()
    article = clean_article(content, format=format)
    cleaned = time.perf_counter() - started
    if source:
        article.metadata = {**article.metadata, **source}
    (briefing,) = compose_briefings(
        engine, [(article_id, article)], options, warnings={article_id: warnings or ()}
    )
    briefing.timings = {"clean": cleaned, **briefing.timings}
    briefing.timings["total"] = briefing.timings.get("total", 0.0) + cleaned
    return briefing


# -- stages --------------------------------------------------------------------------------------------
def _prepare(article_id: str, article: CleanedArticle, extra: Sequence[str]) -> _Article:
    if not article.paragraphs or not any(p.strip() for p in article.paragraphs):
        raise NoMainTextError(f"article {article_id!r} has no main text to brief; check the input")
    warnings = [str(w) for w in extra if str(w).strip()]
    detection = detect_language("\n\n".join(article.paragraphs))
    if detection.lang in LANGUAGES:
        source = detection.lang
        if detection.confidence < LOW_CONFIDENCE:
            warnings.append(
                f"the article's language was detected as {LANGUAGES[source]} with low confidence "
                f"({detection.confidence:.2f}); the text may be mixed or very short"
            )
    else:
        source = "ar"
        warnings.append(
            "could not tell the article's language (no Arabic or Latin letters); treated as Arabic"
        )
    target = other_language(source)
    title = (article.title or "").strip()
    if not title:
        warnings.append("no headline found in the article; the briefing has no title")
    texts = ([title] if title else []) + list(article.paragraphs)
    return _Article(article_id, article, source, target, texts, bool(title), warnings)


def _finish(item: _Article, memo: TranslationMemo, options: BriefingOptions) -> Briefing:
    source, target = item.source, item.target
    translations = list(item.translations)
    title_translation = translations.pop(0) if item.has_title else None
    body = "\n\n".join(item.article.paragraphs)

    started = time.perf_counter()
    summaries = _summaries(memo, body, source, target, options)
    item.timings["summarize"] = time.perf_counter() - started

    pairs = []
    kept = 0
    for paragraph, translation in zip(item.article.paragraphs, translations, strict=True):
        translated = " ".join(p.target for p in translation.paragraphs if p.target).strip()
        segments = translation.segments
        if translation.source_lang == translation.target_lang or (
            segments and all(KEPT_SOURCE in segment.flags for segment in segments)
        ):
            kept += 1
        flags = list(dict.fromkeys(flag for segment in translation.segments for flag in segment.flags))
        sides = {source: paragraph, target: translated}
        pairs.append(ParagraphPair(ar=sides["ar"], en=sides["en"], flags=flags))

    title = {source: "", target: ""}
    if title_translation is not None:
        title[source] = item.texts[0]
        title[target] = title_translation.text.replace("\n\n", " ").strip()

    models: dict[str, str] = {}
    for translation in item.translations:
        if translation.source_lang != translation.target_lang:
            models[f"{translation.source_lang}-{translation.target_lang}"] = translation.model
    for summary in summaries.values():
        models.update(summary.models)

    warnings = list(item.warnings)
    warnings += _flag_warnings(item.translations, title_translation)
    if kept:
        warnings.append(
            f"{kept} paragraph{'s' if kept != 1 else ''} kept as written, not translated "
            f"(already in {LANGUAGES[target]}, or no words to translate)"
        )
    timings = {"translate": item.timings.get("translate", 0.0), "summarize": item.timings["summarize"]}
    timings["total"] = timings["translate"] + timings["summarize"]
    return Briefing(
        id=item.id,
        source={str(k): str(v) for k, v in item.article.metadata.items()},
        source_lang=source,
        title={"ar": title["ar"], "en": title["en"]},
        summary={"ar": list(summaries["ar"].sentences), "en": list(summaries["en"].sentences)},
        paragraphs=pairs,
        removed=list(item.article.removed),
        models=models,
        timings=timings,
        warnings=warnings,
    )


def _summaries(
    engine: TranslationEngine, body: str, source: str, target: str, options: BriefingOptions
) -> dict[str, Summary]:
    """Summaries in both languages through the `models.summarize` facade.

    The cross-lingual one takes the facade's cheaper route (`choose_route`, "auto"). When that is
    summarize-first, the summary in the article's language is already made, so its sentences are
    translated (as the facade would, one unit each) instead of being summarised a second time, which
    matters for abstractive summaries; `engine` (a `TranslationMemo`) usually holds those translations.
    """

    def asked(lang: str) -> SummaryOptions:
        return SummaryOptions(
            lang=lang,
            method=options.summary_method,
            sentences=options.summary_sentences,
            words=options.summary_words,
        )

    own = summarize(engine, body, asked(source), source_lang=source, translation=options.translation)
    cross_options = asked(target)
    route_taken = choose_route(engine, cross_options, source)
    if route_taken != "summarize-first":
        cross = summarize(engine, body, cross_options, source_lang=source, translation=options.translation)
        return {source: own, target: cross}
    translated = translate_sentences(engine, own.sentences, source, target, options.translation)
    cross = Summary(
        lang=target,
        source_lang=source,
        method=own.method,
        route=route_taken,
        sentences=translated.sentences,
        models=own.models | translated.models,
        stats=own.stats | {"translated_segments": translated.segments},
    )
    return {source: own, target: cross}


def _flag_warnings(
    translations: Sequence[DocumentTranslation], title: DocumentTranslation | None
) -> list[str]:
    segments = [
        s
        for t in translations
        if t.source_lang != t.target_lang
        for s in t.segments
        if KEPT_SOURCE not in s.flags
    ]
    flagged = [s for s in segments if s.flags]
    if not flagged:
        return []
    counts = Counter(flag for s in flagged for flag in s.flags)
    detail = ", ".join(f"{flag.replace('_', ' ')} {n}" for flag, n in counts.most_common())
    result = [
        f"{len(flagged)} of {len(segments)} translated sentences flagged for review ({detail}); "
        "check them against the original"
    ]
    if title is not None and any(s.flags and KEPT_SOURCE not in s.flags for s in title.segments):
        result.append("the title's translation is flagged for review")
    return result


# -- translations shared with the summaries ----------------------------------------------------------------
class TranslationMemo:
    """A `TranslationEngine` over another one whose `translate` answers from translations already made.

    A text whose every sentence (segmented as `Translator.plan` segments it) was translated before
    is assembled from those sentences; the others go to the inner engine, in one call. Summary
    models, specs and translators are the inner engine's, so summary models load and run as usual.

    Args:
        engine: the engine that does the real work (an `Engine` or a queued one).
        translations: translations made before (their sentences are remembered).
    """

    def __init__(self, engine: TranslationEngine, translations: Sequence[DocumentTranslation] = ()) -> None:
        self._engine = engine
        self._segments: dict[tuple[str, str, str], Segment] = {}
        self._model_names: dict[tuple[str, str], str] = {}
        self.hits = 0
        self.misses = 0
        for translation in translations:
            self._remember(translation)

    @property
    def settings(self) -> Settings:
        """The inner engine's settings."""
        return self._engine.settings

    def spec(self, slot: str) -> str:
        """The inner engine's model spec of `slot`. Raises: KeyError for an unknown slot."""
        return self._engine.spec(slot)

    def model(self, slot: str) -> LoadedModel:
        """The inner engine's model of `slot`. Raises: ModelNotFoundError / ModelLoadError."""
        return self._engine.model(slot)

    def translator(self, source: str, target: str) -> Translator:
        """The inner engine's translator. Raises: UnsupportedLanguageError."""
        return self._engine.translator(source, target)

    def generate_summaries(
        self, slot: str, rows: Sequence[SummaryRow], options: GenerationOptions
    ) -> list[str]:
        """The inner engine's summary-model call. Raises: ModelNotFoundError / ModelLoadError."""
        return self._engine.generate_summaries(slot, rows, options)

    def _remember(self, translation: DocumentTranslation) -> None:
        pair = (translation.source_lang, translation.target_lang)
        if pair[0] == pair[1]:
            return
        self._model_names[pair] = translation.model
        for segment in translation.segments:
            self._segments.setdefault((*pair, segment.source), segment)

    def _recall(self, text: str, source: str, target: str) -> DocumentTranslation | None:
        if (source, target) not in self._model_names:
            return None
        paragraphs = []
        for paragraph in split_paragraphs(normalize(text)):
            segments = []
            for sentence in split_sentences(paragraph, source):
                segment = self._segments.get((source, target, sentence))
                if segment is None:
                    return None
                segments.append(segment)
            paragraphs.append(
                TranslatedParagraph(
                    source=" ".join(s.source for s in segments),
                    target=" ".join(s.target for s in segments if s.target),
                    segments=segments,
                )
            )
        return DocumentTranslation(source, target, self._model_names[(source, target)], paragraphs)

    def translate(
        self,
        texts: Sequence[str],
        source: str = "auto",
        target: str | None = None,
        options: TranslationOptions | None = None,
    ) -> list[DocumentTranslation]:
        """Like `Engine.translate`; sentences translated before are not translated again."""
        results: list[DocumentTranslation | None] = []
        missing: list[int] = []
        for index, text in enumerate(texts):
            pair = route(text, source, target)
            found = (
                passthrough(text, pair.source)
                if pair.source == pair.target
                else self._recall(text, pair.source, pair.target)
            )
            if found is None:
                missing.append(index)
            results.append(found)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self._engine.translate([texts[i] for i in missing], source, target, options)
            for index, translation in zip(missing, fresh, strict=True):
                results[index] = translation
                self._remember(translation)
        return [r for r in results if r is not None]
