"""Abstractive summaries and the `summarize` facade, with tiny random-weight BART (English) and mT5
(Arabic) models on both engines.

Random weights write gibberish of arbitrary length, so these tests check structure: chunking and
map-reduce bookkeeping, languages, models used, nothing dropped, and never the wording.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from models.backends import GenerationOptions
from models.engine import Engine
from models.errors import InvalidInputError, UnsupportedLanguageError
from models.settings import Settings
from models.summarize.abstractive import (
    AbstractiveOptions,
    MapReduceSummarizer,
    article_sentences,
    summarize_abstractive,
    summary_length,
)
from models.summarize.facade import summarize, summary_sentence_count
from models.summarize.options import Summary, SummaryOptions
from models.synthetic.corpus import ENGLISH_LINES
from models.translate import TranslationOptions

# Short outputs keep random-weight decoding fast; the length logic is tested on its own.
QUICK = AbstractiveOptions(max_new_tokens=10, beam_size=1)
SHORT = TranslationOptions(max_new_tokens=8, beam_size=1)


@pytest.fixture(scope="module", params=["transformers", "ctranslate2"])
def engine(request: pytest.FixtureRequest, tiny_settings: Settings):  # type: ignore[no-untyped-def]
    """The tiny models on one engine, one CPU thread (much faster than two on a loaded machine)."""
    import torch

    threads = torch.get_num_threads()
    engine = Engine(tiny_settings.model_copy(update={"threads": 1}), backend=request.param)
    yield engine
    engine.close()
    torch.set_num_threads(threads)


def english_article(paragraphs: int = 6) -> str:
    lines = list(ENGLISH_LINES)
    return "\n\n".join(" ".join(lines[(p * 4 + i) % len(lines)] for i in range(4)) for p in range(paragraphs))


class GenerateSpy:
    """Wraps a LoadedModel's generate and records every batch it is given."""

    def __init__(self, generate):  # type: ignore[no-untyped-def]
        self.generate = generate
        self.batches: list[list[int]] = []  # token counts of each batch's rows

    def __call__(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target: str | None = None
    ) -> list[list[str]]:
        self.batches.append([len(row) for row in sources])
        return self.generate(sources, options, target)  # type: ignore[no-any-return]

    @property
    def inputs(self) -> int:
        return sum(len(batch) for batch in self.batches)


def check_structure(summary: Summary, lang: str, source_lang: str) -> None:
    assert (summary.lang, summary.source_lang) == (lang, source_lang)
    assert summary.sentences, "a summary of a non-empty article has at least one sentence"
    assert all(isinstance(s, str) and s == " ".join(s.split()) for s in summary.sentences)
    assert summary.text == " ".join(s for s in summary.sentences if s)
    data = summary.to_dict()
    assert data["sentences"] == summary.sentences and data["text"] == summary.text


# -- one window ----------------------------------------------------------------------------------


def test_short_english_article_is_one_model_call(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    model = engine.model("summary-en")
    spy = GenerateSpy(model.generate)
    monkeypatch.setattr(model, "generate", spy)
    text = english_article(2)
    summary = summarize(
        engine, text, SummaryOptions("en", method="abstractive", sentences=2), abstractive=QUICK
    )
    check_structure(summary, "en", "en")
    assert (summary.method, summary.route) == ("abstractive", "none")
    assert summary.models == {"summary-en": model.name}
    assert (summary.stats["chunks"], summary.stats["passes"]) == (1, 1)
    assert spy.inputs == 1
    assert summary.stats["translated_segments"] == 0


def test_arabic_summary_uses_the_arabic_model(engine: Engine, tiny_settings: Settings) -> None:
    text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد. وقال المتحدث إن العمل سيبدأ غدا."
    summary = summarize(
        engine, text, SummaryOptions("ar", method="abstractive", sentences=1), abstractive=QUICK
    )
    check_structure(summary, "ar", "ar")
    assert summary.models == {"summary-ar": engine.model("summary-ar").name}
    assert "mt5" in tiny_settings.summary_model_ar


# -- map-reduce ----------------------------------------------------------------------------------


def test_packing_keeps_every_sentence_and_fits_the_window(engine: Engine) -> None:
    model = engine.model("summary-en")
    summarizer = MapReduceSummarizer(model, "en", engine.settings, AbstractiveOptions(window=48))
    sentences = article_sentences(english_article(), "en")
    run_on = " ".join(["word"] * 300)  # one sentence far over the window: split, never cut
    chunks = summarizer.pack([*sentences, run_on])
    assert len(chunks) > 3
    assert all(len(chunk.tokens) <= 48 for chunk in chunks)
    assert " ".join(chunk.text for chunk in chunks) == " ".join([*sentences, run_on])
    assert sum(set(chunk.text.split()) == {"word"} for chunk in chunks) >= 2  # split into several


def test_long_english_input_is_map_reduced(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    model = engine.model("summary-en")
    spy = GenerateSpy(model.generate)
    monkeypatch.setattr(model, "generate", spy)
    options = AbstractiveOptions(window=64, max_new_tokens=12, beam_size=1)
    summary = summarize(
        engine, english_article(), SummaryOptions("en", method="abstractive"), abstractive=options
    )
    check_structure(summary, "en", "en")
    assert summary.stats["passes"] >= 2
    assert summary.stats["chunks"] > 2
    assert spy.inputs == summary.stats["chunks"]
    assert all(length <= 64 for batch in spy.batches for length in batch)
    # Chunks of one pass share batches: fewer model calls than chunks.
    assert len(spy.batches) < spy.inputs


def test_seed_article_is_map_reduced_in_arabic(engine: Engine, seed_article: str) -> None:
    options = AbstractiveOptions(window=128, max_new_tokens=12, beam_size=1)
    result = summarize_abstractive(
        engine.model("summary-ar"), seed_article, "ar", engine.settings, 3, options
    )
    assert result.chunks > 2 and result.passes >= 2
    assert result.sentences
    summary = summarize(engine, seed_article, SummaryOptions("ar", method="abstractive"), abstractive=options)
    check_structure(summary, "ar", "ar")
    assert summary.stats["article_sentences"] == len(article_sentences(seed_article, "ar"))


@pytest.mark.slow
def test_200k_character_article_is_summarised_in_full(engine: Engine, seed_article: str) -> None:
    article = "\n\n".join([seed_article] * (200_000 // len(seed_article) + 1))
    assert len(article) >= 200_000
    model = engine.model("summary-ar")
    summarizer = MapReduceSummarizer(model, "ar", engine.settings, QUICK)
    sentences = article_sentences(article, "ar")
    chunks = summarizer.pack(sentences)
    assert " ".join(chunk.text for chunk in chunks) == " ".join(sentences)  # nothing dropped
    options = AbstractiveOptions(max_new_tokens=6, beam_size=1)
    summary = summarize(engine, article, SummaryOptions("ar", method="abstractive"), abstractive=options)
    check_structure(summary, "ar", "ar")
    # Every chunk of the article went through the first pass, then at least one more pass.
    assert summary.stats["chunks"] > len(chunks) and summary.stats["passes"] >= 3


# -- length, options and errors ------------------------------------------------------------------


def test_summary_length_derives_from_sentences() -> None:
    assert summary_length(3) == (90, 30)
    assert summary_length(1) == (30, 10)
    assert summary_length(3, AbstractiveOptions(max_new_tokens=12)) == (12, 4)
    assert summary_length(3, AbstractiveOptions(max_new_tokens=12, min_new_tokens=50)) == (12, 12)


def test_sentence_count_from_sentences_ratio_or_default() -> None:
    assert summary_sentence_count(SummaryOptions("en", sentences=4), 100, 3) == 4
    assert summary_sentence_count(SummaryOptions("en", sentences=None, ratio=0.1), 100, 3) == 10
    assert summary_sentence_count(SummaryOptions("en", sentences=None, ratio=0.01), 20, 3) == 1
    assert summary_sentence_count(SummaryOptions("en", sentences=None), 100, 5) == 5


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lang": "fr"}, UnsupportedLanguageError, "'fr'"),
        ({"lang": "en", "method": "generative"}, InvalidInputError, "extractive or abstractive"),
        ({"lang": "en", "route": "sideways"}, InvalidInputError, "summarize-first"),
        ({"lang": "en", "sentences": 0}, InvalidInputError, "at least 1"),
        ({"lang": "en", "sentences": None, "ratio": 1.5}, InvalidInputError, "at most 1"),
    ],
)
def test_bad_options_are_clear_errors(kwargs: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        SummaryOptions(**kwargs)


def test_bad_abstractive_options_and_window(engine: Engine) -> None:
    with pytest.raises(InvalidInputError, match="window"):
        AbstractiveOptions(window=4)
    with pytest.raises(InvalidInputError, match="max_new_tokens"):
        AbstractiveOptions(max_new_tokens=0)
    small = MapReduceSummarizer(
        engine.model("summary-en"), "en", engine.settings, AbstractiveOptions(window=16)
    )
    assert small.window == 16 and 0 < small.budget < 16
    large = MapReduceSummarizer(
        engine.model("summary-en"), "en", engine.settings, AbstractiveOptions(window=10**6)
    )
    assert large.window == engine.model("summary-en").max_source_tokens


def test_unknown_source_language_is_rejected(engine: Engine) -> None:
    with pytest.raises(UnsupportedLanguageError, match="article language"):
        summarize(engine, "text", SummaryOptions("en"), source_lang="fr")


@pytest.mark.parametrize("method", ["extractive", "abstractive"])
def test_empty_text_gives_an_empty_summary_and_loads_nothing(tiny_settings: Settings, method: str) -> None:
    engine = Engine(tiny_settings.model_copy(update={"threads": 1}), backend="transformers")
    try:
        for text in ["", "  \n\n\t "]:
            summary = summarize(engine, text, SummaryOptions("en", method=method), source_lang="ar")
            assert summary.sentences == [] and summary.text == ""
            assert (summary.lang, summary.source_lang, summary.method) == ("en", "ar", method)
            assert summary.models == {}
        assert engine.loaded() == {}
    finally:
        engine.close()


def test_extractive_summaries_never_load_a_summary_model(tiny_settings: Settings, seed_article: str) -> None:
    engine = Engine(tiny_settings.model_copy(update={"threads": 1}), backend="ctranslate2")
    try:
        same = summarize(engine, seed_article, SummaryOptions("ar", sentences=3))
        assert len(same.sentences) == 3 and same.models == {} and same.route == "none"
        assert engine.loaded() == {}
        other = summarize(engine, seed_article, SummaryOptions("en", sentences=3), translation=SHORT)
        assert len(other.sentences) == 3
        assert set(engine.loaded()) == {"ar-en"}
        assert set(other.models) == {"ar-en"}
    finally:
        engine.close()


def test_source_language_is_detected(engine: Engine) -> None:
    summary = summarize(engine, english_article(1), SummaryOptions("en", sentences=1))
    assert summary.source_lang == "en" and summary.route == "none"
    assert len(summary.sentences) == 1
