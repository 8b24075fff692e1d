"""The built-in corpus and how extra lines are routed by script."""

from __future__ import annotations

import pytest

from models.synthetic.corpus import ARABIC_LINES, ENGLISH_LINES, corpus_lines, line_language


def test_builtin_halves_are_news_like_and_in_the_right_script() -> None:
    assert len(ARABIC_LINES) >= 30 and len(ENGLISH_LINES) >= 30
    assert all(line_language(line) == "ar" for line in ARABIC_LINES)
    assert all(line_language(line) == "en" for line in ENGLISH_LINES)


def test_extra_lines_go_to_the_language_of_their_script() -> None:
    extra = ["  خبر عاجل من العاصمة  ", "Breaking news from the capital", "", "   "]
    arabic = corpus_lines(("ar",), extra)
    english = corpus_lines(("en",), extra)
    assert arabic[-1] == "خبر عاجل من العاصمة" and len(arabic) == len(ARABIC_LINES) + 1
    assert english[-1] == "Breaking news from the capital" and len(english) == len(ENGLISH_LINES) + 1
    assert len(corpus_lines(("ar", "en"), extra)) == len(ARABIC_LINES) + len(ENGLISH_LINES) + 2


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no built-in corpus"):
        corpus_lines(("fr",))
