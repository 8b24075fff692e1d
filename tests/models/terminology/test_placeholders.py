"""Protected spans and placeholders: masking, restoring, and what happens when the model loses them."""

from __future__ import annotations

import pytest

from models.errors import InvalidInputError
from models.terminology.glossary import build_glossary
from models.terminology.placeholders import fragments, join_fragments, mask, restore
from models.terminology.spans import DEFAULT_KINDS, find_spans, parse_kinds

TEXT = "راجع https://example.com/a?b=1. أو اكتب إلى desk@example.org أو @newsroom #غزة و[[لا تترجم هذا]]."


def test_default_spans_are_found_with_trailing_punctuation_outside() -> None:
    spans = [(s.kind, s.keep) for s in find_spans(TEXT)]
    assert spans == [
        ("url", "https://example.com/a?b=1"),
        ("email", "desk@example.org"),
        ("handle", "@newsroom"),
        ("hashtag", "#غزة"),
        ("marker", "لا تترجم هذا"),
    ]


def test_kinds_are_configurable() -> None:
    assert [s.kind for s in find_spans(TEXT, parse_kinds("url,marker"))] == ["url", "marker"]
    assert find_spans(TEXT, parse_kinds("")) == []
    with pytest.raises(InvalidInputError, match="unknown"):
        parse_kinds("url,phone")


def test_mask_then_copy_restores_byte_for_byte() -> None:
    masked = mask(TEXT, None, DEFAULT_KINDS)
    assert "https" not in masked.text and "__T1__" in masked.text
    assert masked.source() == TEXT
    restored, lost = restore(masked.text, masked, "en")
    assert lost == []
    # The marker's brackets are markup: they go, their inside stays.
    assert restored == TEXT.replace("[[", "").replace("]]", "")


def test_placeholder_lookalikes_in_the_source_are_protected() -> None:
    masked = mask("keep __T1__ as is", None, ())
    assert masked.text == "keep __T1__ as is" and masked.slots[0].target == "__T1__"
    assert restore(masked.text, masked, "ar")[0] == "keep __T1__ as is"


def test_restore_accepts_reordering_and_loose_copies() -> None:
    glossary = build_glossary("ar-en", [("ويتكوف", "Witkoff"), ("ترامب", "Trump")])
    masked = mask("التقى ترامب ويتكوف", glossary, DEFAULT_KINDS)
    assert masked.text == "التقى __T1__ __T2__"
    assert restore("Witkoff: _T2__ met __ T1 __", masked, "en") == ("Witkoff: Witkoff met Trump", [])


@pytest.mark.parametrize("output", ["met __T1__", "met __T1__ __T2__ __T2__", "met __T1__ __T2__ __T3__", ""])
def test_lost_duplicated_or_foreign_placeholders_fail(output: str) -> None:
    glossary = build_glossary("ar-en", [("ويتكوف", "Witkoff"), ("ترامب", "Trump")])
    masked = mask("التقى ترامب ويتكوف", glossary, DEFAULT_KINDS)
    restored, lost = restore(output, masked, "en")
    assert restored is None and lost
    assert {slot.flag for slot in lost} <= {"glossary_miss:ترامب", "glossary_miss:ويتكوف"}


def test_arabic_targets_join_clitics() -> None:
    glossary = build_glossary("en-ar", [("Trump", "ترامب"), ("Kremlin", "الكرملين")])
    masked = mask("He spoke to Trump in the Kremlin.", glossary, DEFAULT_KINDS)
    assert restore("تحدث ل__T1__ في ل __T2__.", masked, "ar") == ("تحدث لترامب في للكرملين.", [])
    assert restore("تحدث مع __T1__ في __T2__.", masked, "ar") == ("تحدث مع ترامب في الكرملين.", [])


def test_arabic_source_clitic_stays_before_the_placeholder() -> None:
    glossary = build_glossary("ar-en", [("ويتكوف", "Witkoff")])
    masked = mask("قال وويتكوف", glossary, DEFAULT_KINDS)
    assert masked.text == "قال و __T1__" and masked.source() == "قال وويتكوف"
    assert restore("said and __T1__", masked, "en") == ("said and Witkoff", [])


def test_fragments_put_terms_back_in_source_order() -> None:
    glossary = build_glossary("ar-en", [("ويتكوف", "Witkoff")])
    masked = mask("قال ويتكوف، https://a.example/x إن", glossary, DEFAULT_KINDS)
    parts = fragments(masked)
    assert parts == ["قال", 1, "،", 2, "إن"]
    assert join_fragments(parts, ["said", "that"], masked, "en") == "said Witkoff، https://a.example/x that"
