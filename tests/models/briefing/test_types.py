"""Briefing options and the Briefing object's dictionary form."""

from __future__ import annotations

import json

import pytest

from models.briefing import Briefing, BriefingOptions, render
from models.errors import InvalidInputError


def test_options_defaults_follow_the_contract() -> None:
    options = BriefingOptions()
    assert (options.summary_sentences, options.summary_method, options.translation) == (3, "extractive", None)


@pytest.mark.parametrize(
    "kwargs", [{"summary_sentences": 0}, {"summary_sentences": 51}, {"summary_method": "magic"}]
)
def test_bad_options_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError):
        BriefingOptions(**kwargs)  # type: ignore[arg-type]


def test_dict_round_trip(briefing: Briefing) -> None:
    data = briefing.to_dict()
    assert set(data) == {
        "id",
        "source",
        "source_lang",
        "title",
        "summary",
        "paragraphs",
        "removed",
        "models",
        "timings",
        "warnings",
    }
    assert data["paragraphs"][1] == {
        "ar": "الفقرة الثانية 28.",
        "en": "The second paragraph.",
        "flags": ["missing_digits"],
    }
    assert data["removed"][0] == {"text": "gettyimages 2248985695 jpg", "reason": "caption"}
    assert Briefing.from_dict(data) == briefing
    assert Briefing.from_dict(json.loads(json.dumps(data))) == briefing


def test_json_rendering_parses_back_to_an_equal_briefing(briefing: Briefing, hostile: Briefing) -> None:
    for item in (briefing, hostile):
        assert Briefing.from_dict(json.loads(render(item, "json"))) == item


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("id"), "id"),
        (lambda d: d.update(source_lang="fr"), "source_lang"),
        (lambda d: d.update(paragraphs=[{"ar": "x"}]), "paragraphs[0].en"),
        (lambda d: d.update(paragraphs="x"), "paragraphs"),
        (lambda d: d.update(summary={"ar": "not a list"}), "summary.ar"),
        (lambda d: d.update(timings={"total": "fast"}), "timings.total"),
        (lambda d: d.update(removed=[{"text": "x"}]), "removed[0].reason"),
    ],
)
def test_malformed_dicts_name_the_field(briefing: Briefing, change, field: str) -> None:  # type: ignore[no-untyped-def]
    data = briefing.to_dict()
    change(data)
    with pytest.raises(InvalidInputError, match=field.replace("[", r"\[").replace("]", r"\]")):
        Briefing.from_dict(data)


def test_target_language_and_flag_count(briefing: Briefing) -> None:
    assert briefing.target_lang == "en"
    assert briefing.flagged_paragraphs() == 1
