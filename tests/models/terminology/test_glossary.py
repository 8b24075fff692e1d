"""Glossary matching: Arabic spelling variants and clitics, English word boundaries, overlaps."""

from __future__ import annotations

import pytest

from models.errors import InputTooLargeError, InvalidInputError
from models.terminology.glossary import (
    MAX_ENTRIES,
    build_glossary,
    entries_from_json,
    entries_from_table,
    entries_to_table,
)


def found(glossary, text):  # type: ignore[no-untyped-def]
    return [(text[m.start : m.end], m.entry.target, m.clitic) for m in glossary.find(text)]


def test_arabic_clitics_and_spelling_variants() -> None:
    glossary = build_glossary(
        "ar-en",
        [("ويتكوف", "Witkoff"), ("ترامب", "Trump"), ("الكرملين", "the Kremlin"), ("أوكرانيا", "Ukraine")],
    )
    text = "قال وويتكوف لترامب وللكرملين إن اوكرانيا وَبِأُوكرانيا ويتكوف."
    assert found(glossary, text) == [
        ("ويتكوف", "Witkoff", "و"),
        ("ترامب", "Trump", "ل"),
        ("لكرملين", "the Kremlin", "ول"),
        ("اوكرانيا", "Ukraine", ""),
        ("أُوكرانيا", "Ukraine", "وَبِ"),
        ("ويتكوف", "Witkoff", ""),
    ]


def test_ta_marbuta_alef_maqsura_tatweel_fold() -> None:
    glossary = build_glossary("ar-en", [("مصطفى", "Mustafa"), ("غزة", "Gaza")])
    assert [m.entry.target for m in glossary.find("مصطفي في غزه وفي غـزة")] == ["Mustafa", "Gaza", "Gaza"]


def test_a_word_is_not_matched_inside_another() -> None:
    glossary = build_glossary("ar-en", [("بوتين", "Putin")])
    assert found(glossary, "البوتينات") == []
    english = build_glossary("en-ar", [("Trump", "ترامب")])
    assert found(english, "Trumpet TRUMP trump's") == [("TRUMP", "ترامب", ""), ("trump", "ترامب", "")]


def test_longest_match_first_and_deterministic_overlaps() -> None:
    glossary = build_glossary(
        "ar-en", [("ترامب", "Trump"), ("دونالد ترامب", "Donald Trump"), ("دونالد", "Donald")]
    )
    text = "الرئيس دونالد ترامب ثم ترامب ثم دونالد"
    assert [m.entry.target for m in glossary.find(text)] == ["Donald Trump", "Trump", "Donald"]
    reversed_order = build_glossary("ar-en", list(reversed(glossary.as_dict().items())))
    assert [m.entry.target for m in reversed_order.find(text)] == ["Donald Trump", "Trump", "Donald"]


def test_english_multiword_case_insensitive() -> None:
    glossary = build_glossary("en-ar", [("White House", "البيت الأبيض"), ("house", "منزل")])
    assert found(glossary, "the white house and a House.") == [
        ("white house", "البيت الأبيض", ""),
        ("House", "منزل", ""),
    ]


def test_table_parsing_csv_and_tsv() -> None:
    assert entries_from_table('source,target\nويتكوف,Witkoff\n"a, b",c\n') == [
        ("ويتكوف", "Witkoff"),
        ("a, b", "c"),
    ]
    assert entries_from_table("ويتكوف\tWitkoff\nترامب\tTrump\n") == [
        ("ويتكوف", "Witkoff"),
        ("ترامب", "Trump"),
    ]
    glossary = build_glossary("ar-en", entries_from_table("ويتكوف,Witkoff\n"))
    assert entries_from_table(entries_to_table(glossary)) == [("ويتكوف", "Witkoff")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ويتكوف,Witkoff,extra\n", "3 columns"),
        ("ويتكوف\n", "1 columns"),
        ("   \n", "empty"),
    ],
)
def test_bad_tables(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        entries_from_table(text)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("ويتكوف", "")], "empty term"),
        ([(" ", "x")], "empty term"),
        ([("ويتكوف", "Witkoff"), ("ويتكوف", "Whitcoff")], "mapped twice"),
        ([("أوكرانيا", "Ukraine"), ("اوكرانيا", "Ukraine")], "mapped twice"),
        ([("...", "x")], "no letters"),
        ([], "no entries"),
    ],
)
def test_bad_entries(entries: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        build_glossary("ar-en", entries)


def test_bad_pair_and_size_limit() -> None:
    with pytest.raises(InvalidInputError, match="pair"):
        build_glossary("ar-fr", [("a", "b")])
    with pytest.raises(InputTooLargeError, match=str(MAX_ENTRIES)):
        build_glossary("en-ar", [(f"term{i}", "x") for i in range(MAX_ENTRIES + 1)])


def test_json_entry_forms() -> None:
    assert entries_from_json({"a": "b"}) == [("a", "b")]
    assert entries_from_json([{"source": "a", "target": "b"}, ["c", "d"]]) == [("a", "b"), ("c", "d")]
    for bad in (["a"], [{"source": "a"}], "a", {"a": 1}):
        with pytest.raises(InvalidInputError):
            entries_from_json(bad)
