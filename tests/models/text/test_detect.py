import pytest

from models.text.detect import SUPPORTED_LANGUAGES, Detection, detect_language


def test_supported_languages() -> None:
    assert SUPPORTED_LANGUAGES == ("ar", "en")


def test_arabic() -> None:
    result = detect_language("قال مساعد في الكرملين إن المحادثات لم تسفر عن انفراجة.")
    assert result == Detection("ar", 1.0)


def test_english() -> None:
    assert detect_language("The talks ended without any progress, an aide said.") == Detection("en", 1.0)


def test_mixed_majority_with_lower_confidence() -> None:
    result = detect_language("أعلنت شركة آبل عن هاتفها الجديد iPhone في مؤتمر صحفي")
    assert result.lang == "ar"
    assert 0.5 < result.confidence < 1.0


def test_short_text_is_less_certain() -> None:
    assert detect_language("abc") == Detection("en", 0.15)


@pytest.mark.parametrize("text", ["", "   ", "123 ٣٤٥ ... ؟!، -", "\u064b\u064f\u0640"])
def test_no_letters(text: str) -> None:
    # Digits, punctuation, diacritics and tatweel are not letters.
    assert detect_language(text) == Detection("und", 0.0)


def test_tie_is_undetermined() -> None:
    assert detect_language("abcd ابتث") == Detection("und", 0.0)


def test_presentation_forms_and_accents_count() -> None:
    assert detect_language("\ufefb\ufef7\ufe8d" * 10).lang == "ar"
    assert detect_language("café déjà élève naïve").lang == "en"
