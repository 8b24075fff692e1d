"""`Words`: the cheap test before a costly pattern never says no where the pattern could match."""

from __future__ import annotations

import re

import pytest

from models.clean.rules import SHORT_TEXT, Words

PATTERN = re.compile(r"(?i)sign up.{0,40}newsletters?|النشرة البريدية")
WORDS = Words("newsletter", "النشرة", ignore_case=True)
PAD = " and more words to make the line long" * 3


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our NEWSLETTER",
        "SIGN UP for the Newsletter" + PAD,
        "sign up to the newſletter",  # long s: the pattern's case-insensitive "s"
        "sign up to the newſletter" + PAD,
        "اشترك في النشرة البريدية" + PAD,
    ],
)
def test_says_yes_wherever_the_pattern_matches(line: str) -> None:
    assert PATTERN.search(line) is not None
    assert WORDS.found_in(line)


@pytest.mark.parametrize("line", ["Sign up today", "Sign up today" + PAD, "اشترك الآن" + PAD])
def test_says_no_without_the_words(line: str) -> None:
    assert not WORDS.found_in(line)
    assert PATTERN.search(line) is None


def test_short_and_long_lines_agree() -> None:
    exact = Words("terms", "حقوق")
    short, long = "Terms of use", "Terms of use" + PAD
    assert len(short) < SHORT_TEXT <= len(long)
    assert exact.found_in(short) is exact.found_in(long) is False  # case kept: "Terms" is not "terms"
    assert exact.found_in(short.lower()) and exact.found_in(long.lower())
