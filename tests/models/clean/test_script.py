"""`script_of` counts Arabic and Latin letters (runs removed from the length: the same counts as
finding each letter)."""

from __future__ import annotations

import itertools
import re

import pytest

from models.clean.rules import script_of

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def _by_letter(text: str) -> str | None:
    arabic, latin = len(ARABIC.findall(text)), len(LATIN.findall(text))
    return None if arabic == latin == 0 else ("ar" if arabic >= latin else "en")


@pytest.mark.parametrize(
    ("text", "script"),
    [("", None), ("123 ...", None), ("قال", "ar"), ("Reuters", "en"), ("AFP عن", "en"), ("ab عن", "ar")],
)
def test_majority_script(text: str, script: str | None) -> None:
    assert script_of.__wrapped__(text) == script


def test_counts_as_finding_each_letter() -> None:
    pieces = ["a", "Z", "é", "ب", "ـ", " ", "1", ".", "\ufeff", "ﻻ", "ж"]
    texts = ["".join(parts) for n in range(5) for parts in itertools.product(pieces, repeat=n)]
    assert len(texts) > 10000
    assert [script_of.__wrapped__(t) for t in texts] == [_by_letter(t) for t in texts]
