"""Translation through the public API, on both engines, with tiny random-weight models.

Random weights translate into gibberish of arbitrary length: these tests check structure
(paragraphs, segments, flags, nothing dropped), never wording.
"""

from __future__ import annotations

import pytest

from models.engine import Engine
from models.errors import UnsupportedLanguageError
from models.text.normalize import normalize
from models.text.segment import split_paragraphs, split_sentences
from models.translate import TranslationOptions

SHORT = TranslationOptions(max_new_tokens=6)


def test_seed_article_keeps_every_paragraph_and_sentence(engine: Engine, seed_article: str) -> None:
    (result,) = engine.translate([seed_article], "ar", "en", SHORT)
    paragraphs = split_paragraphs(normalize(seed_article))
    assert len(result.paragraphs) == len(paragraphs)
    for translated, source in zip(result.paragraphs, paragraphs, strict=True):
        assert [s.source for s in translated.segments] == split_sentences(source, "ar")
        assert translated.target == " ".join(s.target for s in translated.segments if s.target)
    assert result.text.count("\n\n") == len(paragraphs) - 1
    assert (result.source_lang, result.target_lang) == ("ar", "en")


def test_empty_and_whitespace_give_an_empty_result(engine: Engine) -> None:
    results = engine.translate(["", "  \n\n \t"], "ar", "en")
    assert [r.paragraphs for r in results] == [[], []]
    assert [r.text for r in results] == ["", ""]


def test_flags_are_known_names(engine: Engine) -> None:
    (result,) = engine.translate(["قال إن عدد القتلى بلغ 25 شخصا. وأضاف أن 3 منهم أطفال."], "ar", "en", SHORT)
    known = {"untranslated", "wrong_script", "repetition", "missing_digits"}
    assert len(result.segments) == 2
    for segment in result.segments:
        assert set(segment.flags) <= known


def test_auto_detects_each_text_on_its_own(engine: Engine) -> None:
    arabic, english = "هذا نص عربي قصير.", "This is a short English text."
    results = engine.translate([arabic, english, arabic], "auto", None, SHORT)
    assert [(r.source_lang, r.target_lang) for r in results] == [("ar", "en"), ("en", "ar"), ("ar", "en")]


def test_text_already_in_the_target_language_is_returned_unchanged(engine: Engine) -> None:
    (result,) = engine.translate(["Already English. Two sentences."], "en", "en")
    assert result.text == "Already English. Two sentences."
    assert len(result.segments) == 2


def test_unsupported_pair_lists_the_supported_ones(engine: Engine) -> None:
    with pytest.raises(UnsupportedLanguageError, match=r"ar->en, en->ar"):
        engine.translate(["bonjour"], "fr", "en")


def test_long_sentence_is_chunked_not_truncated(engine: Engine) -> None:
    words = ("كلمة" + " " + "أخرى") * 200
    sentence = " ".join(words.split())  # 400 words, no full stop
    translator = engine.translator("ar", "en")
    plan = translator.plan(sentence)
    (only,) = [s for p in plan.paragraphs for s in p]
    assert len(only.units) > 1
    assert all(len(unit.tokens) <= translator.segment_tokens for unit in only.units)
    assert " ".join(unit.text for unit in only.units) == sentence
    (result,) = engine.translate([sentence], "ar", "en", SHORT)
    assert [s.source for s in result.segments] == [sentence]


@pytest.mark.parametrize("beam_size", [1, 3])
def test_greedy_and_beam_give_the_same_structure(engine: Engine, beam_size: int) -> None:
    texts = ["الفقرة الأولى. جملة ثانية!\n\nالفقرة الثانية؟", "نص آخر."]
    results = engine.translate(texts, "ar", "en", TranslationOptions(beam_size=beam_size, max_new_tokens=5))
    assert [len(r.paragraphs) for r in results] == [2, 1]
    assert [len(r.segments) for r in results] == [3, 1]


def test_pinned_length_gives_exactly_that_many_tokens(engine: Engine) -> None:
    translator = engine.translator("ar", "en")
    plan = translator.plan("جملة قصيرة للاختبار.")
    options = translator.generation_options(
        TranslationOptions(beam_size=1, min_new_tokens=7, max_new_tokens=7)
    )
    rows = translator.model.generate([u.tokens for u in plan.units()], options, "en")
    assert [len(row) for row in rows] == [7]


def test_a_very_long_text_is_translated_in_full(engine: Engine, seed_article: str) -> None:
    text = (seed_article + "\n\n") * (200_000 // len(seed_article) + 1)
    assert len(text) >= 200_000
    (result,) = engine.translate([text], "ar", "en", TranslationOptions(beam_size=1, max_new_tokens=2))
    assert len(result.paragraphs) == len(split_paragraphs(normalize(text)))
    assert " ".join(p.source for p in result.paragraphs) == " ".join(split_paragraphs(normalize(text)))


def test_english_to_arabic_uses_the_target_language_token(engine: Engine) -> None:
    translator = engine.translator("en", "ar")
    (unit,) = translator.plan("Hello world.").units()
    assert unit.tokens[0] == ">>ara<<"
    (result,) = engine.translate(["Hello world. Second sentence."], "en", "ar", SHORT)
    assert len(result.segments) == 2


def test_a_queued_engine_shares_models_and_goes_through_the_scheduler(engine: Engine) -> None:
    from models.contract import TranslationEngine
    from models.queued import QueuedEngine
    from models.scheduler import Scheduler

    scheduler = Scheduler(engine, max_wait_s=0)
    queued = QueuedEngine(scheduler)
    try:
        assert isinstance(queued, TranslationEngine) and isinstance(engine, TranslationEngine)
        assert queued.translator("ar", "en").model is engine.translator("ar", "en").model
        (result,) = queued.translate(["جملة قصيرة. وأخرى."], "ar", "en", SHORT)
        assert len(result.segments) == 2
        assert "ar-en" in scheduler.queues()
    finally:
        scheduler.close()  # the queues stop; the engine's models stay loaded
    assert "ar-en" in engine.loaded()


def test_alternatives_are_distinct_whole_document_translations(engine) -> None:  # type: ignore[no-untyped-def]
    translator = engine.translator("en", "ar")
    found = translator.alternatives("The president visited the city. He met the mayor.", 3)
    assert 1 <= len(found) <= 3 and len(set(found)) == len(found)
    assert all(isinstance(text, str) and text for text in found)
    assert translator.alternatives("", 3) == []
