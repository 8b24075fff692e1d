"""Terminology on REAL model output: the copy model reproduces its input, so whatever survives
masking, decoding and restoring is checked exactly (glossary targets, clitics, protected spans)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.engine import Engine
from models.settings import Settings
from models.terminology.glossary import build_glossary
from models.terminology.terms import Terminology
from models.translate import TranslationOptions

NAMES = {
    "ويتكوف": "Witkoff",
    "ترامب": "Trump",
    "بوتين": "Putin",
    "كوشنر": "Kushner",
    "الكرملين": "the Kremlin",
    "أوكرانيا": "Ukraine",
}


@pytest.fixture(scope="module")
def copy_engine(copy_settings: Settings) -> Iterator[Engine]:
    engine = Engine(copy_settings)
    yield engine
    engine.close()


def translate(engine: Engine, text: str, pair: str = "ar-en", glossary: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    terms = Terminology(glossary=build_glossary(pair, glossary.items()) if glossary else None)
    source, target = pair.split("-")
    (result,) = engine.translate([text], source, target, TranslationOptions(terminology=terms))
    return result


def lost_flags(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f for s in result.segments for f in s.flags if f.startswith(("glossary_miss", "protected_span_lost"))
    ]


def test_the_copy_model_copies(copy_engine: Engine) -> None:
    for text in (
        "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة.",
        "Oil prices rose three percent.",
    ):
        pair = "ar-en" if text[0] > "z" else "en-ar"
        assert translate(copy_engine, text, pair).text == text


def test_glossary_terms_and_clitics_are_substituted(copy_engine: Engine) -> None:
    result = translate(copy_engine, "قال وويتكوف لترامب إن بوتين وصل.", glossary=NAMES)
    # The clitic stays in front for the model to translate (a copy model copies it).
    assert result.text == "قال و Witkoff ل Trump إن Putin وصل."
    assert lost_flags(result) == []
    assert result.segments[0].source == "قال وويتكوف لترامب إن بوتين وصل."


def test_spelling_variants_and_article_clitics(copy_engine: Engine) -> None:
    result = translate(copy_engine, "وصل إلى الكرملين وللكرملين من اوكرانيا.", glossary=NAMES)
    assert result.text == "وصل إلى the Kremlin ول the Kremlin من Ukraine."


def test_english_source_and_arabic_target_terms(copy_engine: Engine) -> None:
    result = translate(
        copy_engine, "He met TRUMP in the Kremlin.", "en-ar", {"Trump": "ترامب", "Kremlin": "الكرملين"}
    )
    assert result.text == "He met ترامب in the الكرملين."
    assert lost_flags(result) == []


def test_protected_spans_come_back_byte_for_byte(copy_engine: Engine) -> None:
    spans = ["https://example.com/news/2025/a.html?id=7", "desk@example.org", "@newsroom", "#غزة"]
    text = f"راجع {spans[0]} أو اكتب إلى {spans[1]} وتابع {spans[2]} و{spans[3]} و[[لا تترجم]] اليوم."
    result = translate(copy_engine, text)
    for span in spans:
        assert span in result.text
    assert "لا تترجم" in result.text and "[[" not in result.text
    assert lost_flags(result) == []


def test_seed_article_with_a_glossary_has_every_entry(copy_engine: Engine, seed_article: str) -> None:
    result = translate(copy_engine, seed_article, glossary=NAMES)
    glossary = build_glossary("ar-en", NAMES.items())
    expected = {m.entry.target for m in glossary.find(seed_article)}
    assert expected == set(NAMES.values())
    for target in expected:
        assert target in result.text
    for source in NAMES:
        assert source not in result.text
    # Every match came back: as many targets in the output as matches in the source.
    for target in expected:
        matched = sum(1 for m in glossary.find(seed_article) if m.entry.target == target)
        assert result.text.count(target) >= matched


def test_random_weights_flag_lost_terms_and_drop_nothing(
    tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    settings = Settings(
        ar_en_model=str(tiny_models["marian-ar-en"]),
        en_ar_model=str(tiny_models["marian-en-ar"]),
        cache_dir=tmp_path,
        backend="transformers",
        threads=1,
        beam_size=1,
        offline=True,
    )
    engine = Engine(settings)
    try:
        text = "قال وويتكوف إن https://example.com/x مهم. وتابع @newsroom."
        result = translate(engine, text, glossary=NAMES)
    finally:
        engine.close()
    assert "Witkoff" in result.text and "https://example.com/x" in result.text and "@newsroom" in result.text
    flags = lost_flags(result)
    assert flags and set(flags) <= {
        "glossary_miss:ويتكوف",
        "protected_span_lost:https://example.com/x",
        "protected_span_lost:@newsroom",
    }
    assert [s.source for s in result.segments] == [
        "قال وويتكوف إن https://example.com/x مهم.",
        "وتابع @newsroom.",
    ]


def test_html_sentence_across_inline_tags_is_one_sentence_and_tags_land_around_words(
    copy_engine: Engine,
) -> None:
    from models.text.markup import parse_blocks

    page = (
        '<p>قال <b>مساعد</b> في <a href="/k" title="الكرملين">الكرملين</a> إن المحادثات انتهت.</p>'
        '<p>زار <span translate="no">ويتكوف</span> موسكو.<img alt="صورة" src="a.jpg"></p>'
    )
    document = parse_blocks(page)
    translator = copy_engine.translator("ar", "en")
    plan = translator.plan(document.texts[0])
    assert [len(paragraph) for paragraph in plan.paragraphs] == [1]  # one sentence across the tags
    results = copy_engine.translate(document.texts, "ar", "en")
    assert document.render([r.text for r in results]) == page
    assert not lost_flags(results[0])
