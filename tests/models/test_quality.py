from __future__ import annotations

from models.quality import MISSING_DIGITS, REPETITION, UNTRANSLATED, WRONG_SCRIPT, quality_flags


def test_a_good_translation_has_no_flags() -> None:
    assert quality_flags("قتل 25 شخصا في عام 2024.", "25 people were killed in 2024.", "en") == ()


def test_untranslated_output() -> None:
    assert UNTRANSLATED in quality_flags("Same text here.", "Same text here.", "ar")


def test_wrong_script() -> None:
    assert WRONG_SCRIPT in quality_flags("A sentence in English.", "Another English sentence.", "ar")
    assert WRONG_SCRIPT not in quality_flags("A sentence.", "جملة بالعربية.", "ar")
    assert WRONG_SCRIPT not in quality_flags("نص", "42", "en")  # too few letters to judge


def test_repetition_loop() -> None:
    assert REPETITION in quality_flags("جملة.", "the the the the end", "en")
    assert REPETITION in quality_flags("جملة.", "we said we said we said we said", "en")
    assert REPETITION not in quality_flags("جملة.", "the cat sat on the mat", "en")


def test_missing_digits_understands_arabic_indic_numerals() -> None:
    assert MISSING_DIGITS not in quality_flags("قتل ٢٥ شخصا", "25 people were killed", "en")
    assert MISSING_DIGITS in quality_flags("قتل 25 شخصا عام 2024", "25 people were killed", "en")
