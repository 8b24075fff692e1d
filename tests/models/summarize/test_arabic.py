"""Arabic folding, light stemming and stopwords used for sentence matching."""

from __future__ import annotations

from models.summarize.arabic import content_tokens, fold, stopwords, strip_arabic, strip_english, tokenize


def test_fold_alef_ya_ta_marbuta_diacritics_tatweel_digits_and_case() -> None:
    assert fold("أإآٱ") == "اااا"
    assert fold("مستشفى") == "مستشفي"
    assert fold("مدرسة") == "مدرسه"
    assert fold("أَعْلَنَ") == "اعلن"
    assert fold("ســلام") == "سلام"
    assert fold("٢٠٢٥") == "2025"
    assert fold("Kremlin") == "kremlin"
    assert fold("\u0670") == ""


def test_tokenize_splits_on_punctuation() -> None:
    assert tokenize("قال: “الحرب”، وأضاف.") == ["قال", "الحرب", "واضاف"]


def test_article_and_proclitics_are_stripped_for_long_enough_tokens() -> None:
    assert strip_arabic("الاتفاق") == "اتفاق"
    assert strip_arabic("والاتفاق") == "اتفاق"
    assert strip_arabic("بالاتفاق") == "اتفاق"
    assert strip_arabic("للاتفاق") == "اتفاق"
    assert strip_arabic("الى") == "الى"  # too short to hold an article
    assert strip_arabic("وزير") == "وزير"  # و is part of the word
    assert strip_arabic("واتفاق", known={"اتفاق"}) == "اتفاق"
    assert strip_arabic("المفاوضات") == "مفاوض"
    assert strip_arabic("الأمريكية".replace("أ", "ا").replace("ة", "ه")) == "امريكي"


def test_english_light_stem() -> None:
    assert strip_english("talks") == "talk"
    assert strip_english("countries") == "country"
    assert strip_english("press") == "press"
    assert strip_english("us") == "us"


def test_stopword_lists_are_substantial_and_folded() -> None:
    arabic = stopwords("ar")
    assert len(arabic) >= 300
    for word in ("قال", "اضاف", "وفقا", "الي", "هذه", "التي", "كان"):
        assert word in arabic
    english = stopwords("en")
    assert len(english) >= 200
    assert {"the", "said", "according"} <= english
    assert stopwords("fr") == frozenset()


def test_content_tokens_match_variants_across_sentences() -> None:
    first, second = content_tokens(["وقال إن الاتفاق مع الحكومة جاهز.", "وأضاف أن اتفاقا والحكومة."])
    assert "اتفاق" in first and "حكوم" in first
    assert "حكوم" in second
    assert "قال" not in first and "اضاف" not in second
