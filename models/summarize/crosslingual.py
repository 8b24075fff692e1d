"""Cross-lingual summaries: an Arabic article summarised in English (and the reverse).

Two routes:

- **summarize-first**: summarise in the article's language, then translate only the summary's
  sentences (one translation unit per sentence, so a k-sentence summary stays k sentences);
- **translate-first**: translate the whole article, then summarise the translation.

`route="auto"` picks the cheaper one (`choose_route`):

- extractive: summarize-first, always: it translates k sentences instead of the whole article, and the
  picked sentences are the article's own (no translation errors can sway the choice);
- abstractive: summarize-first when a summary model for the article's language is configured (with
  the default settings there is one for both Arabic and English, so always), else translate-first,
  which summarises with the summary language's model. Either way one summary model runs, on the same
  article length; summarize-first then translates a few sentences where translate-first translates
  the article.

A summary in the article's own language takes no route (reported as "none") and translates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.contract import TranslationEngine
from models.summarize.options import SummaryOptions
from models.translate import TranslationOptions

NOT_CONFIGURED = ("", "none")
"""Summary-model specs (model_overrides) that mean "no summary model for this language"."""


def has_summary_model(engine: TranslationEngine, lang: str) -> bool:
    """Whether a summary model is configured for `lang` (slot `summary-<lang>`); nothing is loaded."""
    try:
        spec = engine.spec(f"summary-{lang}")
    except KeyError:
        return False
    return bool(spec) and spec.strip().lower() not in NOT_CONFIGURED


def choose_route(engine: TranslationEngine, options: SummaryOptions, source_lang: str) -> str:
    """The route for summarising a `source_lang` article with `options` (see the module docstring).

    Returns "none" when the summary is in the article's language, `options.route` when it is not
    "auto", else the cheaper route.
    """
    if options.lang == source_lang:
        return "none"
    if options.route != "auto":
        return options.route
    if options.method == "extractive" or has_summary_model(engine, source_lang):
        return "summarize-first"
    return "translate-first"


@dataclass
class TranslatedSentences:
    """Sentences translated one unit each, with the model used and the segments it translated."""

    sentences: list[str]
    models: dict[str, str] = field(default_factory=dict)
    segments: int = 0


def translate_sentences(
    engine: TranslationEngine,
    sentences: list[str],
    source: str,
    target: str,
    options: TranslationOptions | None = None,
) -> TranslatedSentences:
    """Translate each sentence as its own text (they share batches); one output per input sentence."""
    if not sentences:
        return TranslatedSentences([])
    documents = engine.translate(sentences, source, target, options)
    return TranslatedSentences(
        sentences=[" ".join(document.text.split()) for document in documents],
        models={f"{source}-{target}": documents[0].model},
        segments=sum(len(document.segments) for document in documents),
    )


@dataclass
class TranslatedArticle:
    """A whole article translated, paragraphs kept (blank lines between them)."""

    text: str
    models: dict[str, str] = field(default_factory=dict)
    segments: int = 0


def translate_article(
    engine: TranslationEngine, text: str, source: str, target: str, options: TranslationOptions | None = None
) -> TranslatedArticle:
    """Translate the article, paragraph for paragraph (the translate-first route's first step)."""
    (document,) = engine.translate([text], source, target, options)
    return TranslatedArticle(document.text, {f"{source}-{target}": document.model}, len(document.segments))
