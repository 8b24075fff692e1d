"""Per-paragraph (and per-sentence) language routing with source=auto."""

from __future__ import annotations

import pytest

from models.engine import Engine
from models.quality import KEPT_SOURCE
from models.routing import route_text
from models.translate import TranslationOptions

SHORT = TranslationOptions(beam_size=1, max_new_tokens=6)
AR = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة."
AR2 = "وأضاف الوزير أن العمل في المشروع بدأ قبل عامين."
EN = "The statement was issued in English by the agency today."


def test_each_paragraph_is_routed_on_its_own() -> None:
    routed = route_text(f"{AR} {AR2}\n\n{EN}", "auto", "en")
    assert routed.mixed and routed.route.source == "ar"
    assert [piece.pair for piece in routed.pieces] == [("ar", "en"), ("en", "en")]
    assert routed.paragraphs == [[0], [1]]


def test_a_sentence_in_the_other_script_inside_a_paragraph_is_routed_too() -> None:
    routed = route_text(f"{AR} {EN} {AR2}", "auto", "en")
    assert [piece.pair for piece in routed.pieces] == [("ar", "en"), ("en", "en"), ("ar", "en")]
    assert [piece.text for piece in routed.pieces] == [AR, EN, AR2]
    assert routed.paragraphs == [[0, 1, 2]]


def test_uniform_text_and_a_given_source_stay_one_piece() -> None:
    for text, source in ((f"{AR}\n\n{AR2}", "auto"), (f"{AR}\n\n{EN}", "ar")):
        routed = route_text(text, source, "en")
        assert not routed.mixed and [p.text for p in routed.pieces] == [text]
    # A short Latin name in an Arabic sentence is not routed on its own.
    assert not route_text("قال المتحدث باسم NATO إن الاجتماع انتهى.", "auto", "en").mixed


@pytest.mark.parametrize("target", ["en", "ar"])
def test_mixed_text_goes_through_both_models_and_keeps_what_is_in_the_target(
    engine: Engine, target: str
) -> None:
    text = f"{AR} {AR2}\n\n{EN}"
    (result,) = engine.translate([text], "auto", target, SHORT)
    assert len(result.paragraphs) == 2
    ar_paragraph, en_paragraph = result.paragraphs
    kept, translated = (en_paragraph, ar_paragraph) if target == "en" else (ar_paragraph, en_paragraph)
    assert kept.target == kept.source
    assert all(segment.flags == (KEPT_SOURCE,) for segment in kept.segments)
    assert all(KEPT_SOURCE not in segment.flags for segment in translated.segments)
    assert " ".join(p.source for p in result.paragraphs) == f"{AR} {AR2} {EN}"  # nothing dropped


def test_a_quoted_english_sentence_is_kept_inside_a_translated_paragraph(engine: Engine) -> None:
    (result,) = engine.translate([f"{AR} {EN} {AR2}"], "auto", "en", SHORT)
    (paragraph,) = result.paragraphs
    assert [s.source for s in paragraph.segments] == [AR, EN, AR2]
    assert [KEPT_SOURCE in s.flags for s in paragraph.segments] == [False, True, False]
    assert paragraph.segments[1].target == EN
    assert result.source_lang == "ar" and result.target_lang == "en" and result.model != "none"


def test_text_already_in_the_target_language_passes_through_flagged(engine: Engine) -> None:
    (result,) = engine.translate([EN], "auto", "en")
    assert result.model == "none" and result.text == EN
    assert [s.flags for s in result.segments] == [(KEPT_SOURCE,)]
