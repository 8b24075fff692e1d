"""Cross-lingual summaries: both routes, the automatic choice, and what gets translated.

Tiny random-weight translation and summary models: structure only (languages, counts, models used,
which texts reach the translator), never wording.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from models.engine import Engine
from models.settings import Settings
from models.summarize.abstractive import AbstractiveOptions
from models.summarize.crosslingual import choose_route, has_summary_model
from models.summarize.extractive import ExtractiveOptions, segment_for_summary, summarize_extractive
from models.summarize.facade import summarize
from models.summarize.options import Summary, SummaryOptions
from models.synthetic.corpus import ENGLISH_LINES
from models.translate import DocumentTranslation, TranslationOptions

SHORT = TranslationOptions(max_new_tokens=8, beam_size=1)
QUICK = AbstractiveOptions(max_new_tokens=10, beam_size=1, window=128)
ENGLISH = "\n\n".join(" ".join(ENGLISH_LINES[i : i + 4]) for i in range(0, 24, 4))


@pytest.fixture(scope="module", params=["transformers", "ctranslate2"])
def engine(request: pytest.FixtureRequest, tiny_settings: Settings):  # type: ignore[no-untyped-def]
    """The tiny models on one engine, one CPU thread (much faster than two on a loaded machine)."""
    import torch

    threads = torch.get_num_threads()
    engine = Engine(tiny_settings.model_copy(update={"threads": 1}), backend=request.param)
    yield engine
    engine.close()
    torch.set_num_threads(threads)


class TranslateSpy:
    """Records every `engine.translate` call: (texts, source, target)."""

    def __init__(self, engine: Engine) -> None:
        self.translate = engine.translate
        self.calls: list[tuple[list[str], str, str | None]] = []

    def __call__(
        self,
        texts: Sequence[str],
        source: str = "auto",
        target: str | None = None,
        options: TranslationOptions | None = None,
    ) -> list[DocumentTranslation]:
        self.calls.append((list(texts), source, target))
        return self.translate(texts, source, target, options)


@pytest.fixture
def spy(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> TranslateSpy:
    spy = TranslateSpy(engine)
    monkeypatch.setattr(engine, "translate", spy)
    return spy


def check(summary: Summary, lang: str, source_lang: str, route: str) -> None:
    assert (summary.lang, summary.source_lang, summary.route) == (lang, source_lang, route)
    assert all(isinstance(s, str) for s in summary.sentences)
    assert summary.to_dict()["route"] == route


# -- the automatic choice ------------------------------------------------------------------------


def test_auto_route_rule(tiny_settings: Settings) -> None:
    engine = Engine(tiny_settings)
    assert has_summary_model(engine, "ar") and has_summary_model(engine, "en")
    extractive, abstractive = SummaryOptions("en"), SummaryOptions("en", method="abstractive")
    assert choose_route(engine, extractive, "ar") == "summarize-first"
    assert choose_route(engine, abstractive, "ar") == "summarize-first"
    assert choose_route(engine, SummaryOptions("ar", method="abstractive"), "ar") == "none"
    assert choose_route(engine, SummaryOptions("en", route="translate-first"), "ar") == "translate-first"
    assert choose_route(engine, SummaryOptions("en", route="translate-first"), "en") == "none"
    without = Engine(tiny_settings, model_overrides={"summary-ar": "none"})
    assert not has_summary_model(without, "ar")
    assert choose_route(without, abstractive, "ar") == "translate-first"
    assert choose_route(without, extractive, "ar") == "summarize-first"
    assert engine.loaded() == {} and without.loaded() == {}


# -- extractive ----------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 3])
def test_summarize_first_translates_exactly_the_k_picked_sentences(
    engine: Engine, spy: TranslateSpy, seed_article: str, k: int
) -> None:
    summary = summarize(engine, seed_article, SummaryOptions("en", sentences=k), translation=SHORT)
    check(summary, "en", "ar", "summarize-first")
    picked = summarize_extractive(seed_article, "ar", ExtractiveOptions(sentences=k)).sentences
    assert spy.calls == [(picked, "ar", "en")]
    assert len(summary.sentences) == k
    assert summary.stats["translated_segments"] == k
    assert set(summary.models) == {"ar-en"}


def test_translate_first_translates_the_article_then_picks(
    engine: Engine, spy: TranslateSpy, seed_article: str
) -> None:
    options = SummaryOptions("en", sentences=3, route="translate-first")
    summary = summarize(engine, seed_article, options, translation=SHORT)
    check(summary, "en", "ar", "translate-first")
    assert spy.calls == [([seed_article], "ar", "en")]
    assert 1 <= len(summary.sentences) <= 3
    assert summary.stats["translated_segments"] == len(segment_for_summary(seed_article, "ar"))
    assert set(summary.models) == {"ar-en"}


@pytest.mark.parametrize("route", ["summarize-first", "translate-first"])
def test_english_article_gets_an_arabic_summary(engine: Engine, spy: TranslateSpy, route: str) -> None:
    summary = summarize(engine, ENGLISH, SummaryOptions("ar", sentences=2, route=route), translation=SHORT)
    check(summary, "ar", "en", route)
    assert [(source, target) for _, source, target in spy.calls] == [("en", "ar")]
    assert set(summary.models) == {"en-ar"}
    if route == "summarize-first":
        assert len(summary.sentences) == 2


def test_same_language_translates_nothing(engine: Engine, spy: TranslateSpy, seed_article: str) -> None:
    summary = summarize(engine, seed_article, SummaryOptions("ar", sentences=2, route="translate-first"))
    check(summary, "ar", "ar", "none")
    assert spy.calls == []
    assert summary.sentences == summarize_extractive(seed_article, "ar", ExtractiveOptions(2)).sentences


def test_ratio_sets_the_number_of_translated_sentences(
    engine: Engine, spy: TranslateSpy, seed_article: str
) -> None:
    n = len(segment_for_summary(seed_article, "ar"))
    options = SummaryOptions("en", sentences=None, ratio=0.2)
    summary = summarize(engine, seed_article, options, source_lang="ar", translation=SHORT)
    assert len(summary.sentences) == round(0.2 * n) == len(spy.calls[0][0])


@pytest.mark.slow
def test_200k_character_article_gets_an_english_summary(
    engine: Engine, spy: TranslateSpy, seed_article: str
) -> None:
    article = "\n\n".join([seed_article] * (200_000 // len(seed_article) + 1))
    summary = summarize(engine, article, SummaryOptions("en", sentences=4), translation=SHORT)
    check(summary, "en", "ar", "summarize-first")
    assert len(summary.sentences) == 4
    assert len(spy.calls) == 1 and len(spy.calls[0][0]) == 4
    assert summary.stats["article_sentences"] == len(segment_for_summary(article, "ar")) > 1000


# -- abstractive ---------------------------------------------------------------------------------


def test_abstractive_summarize_first_uses_the_source_summary_model(
    engine: Engine, spy: TranslateSpy, seed_article: str
) -> None:
    options = SummaryOptions("en", method="abstractive", sentences=2)
    summary = summarize(engine, seed_article, options, translation=SHORT, abstractive=QUICK)
    check(summary, "en", "ar", "summarize-first")
    assert set(summary.models) == {"summary-ar", "ar-en"}
    assert summary.sentences
    ((texts, source, target),) = spy.calls
    assert (source, target) == ("ar", "en") and len(texts) == len(summary.sentences)
    assert summary.stats["chunks"] > 1  # the seed article is several 128-token windows


def test_abstractive_translate_first_uses_the_target_summary_model(
    engine: Engine, spy: TranslateSpy, seed_article: str
) -> None:
    options = SummaryOptions("en", method="abstractive", sentences=2, route="translate-first")
    summary = summarize(engine, seed_article, options, translation=SHORT, abstractive=QUICK)
    check(summary, "en", "ar", "translate-first")
    assert set(summary.models) == {"ar-en", "summary-en"}
    assert spy.calls == [([seed_article], "ar", "en")]
    assert summary.sentences
