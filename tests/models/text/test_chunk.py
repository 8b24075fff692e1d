import time
from collections.abc import Callable

import pytest

from models.errors import InvalidInputError
from models.text.chunk import chunk_sentence


def words(text: str) -> int:
    return len(text.split())


def test_fitting_sentence_is_returned_whole_and_collapsed() -> None:
    assert chunk_sentence("  جملة   قصيرة ", words, 5) == ["جملة قصيرة"]


def test_blank_sentence() -> None:
    assert chunk_sentence("   ", words, 5) == []


@pytest.mark.parametrize("budget", [0, -3])
def test_budget_below_one_rejected(budget: int) -> None:
    with pytest.raises(InvalidInputError):
        chunk_sentence("a b", words, budget)


def test_400_word_sentence_without_full_stop() -> None:
    sentence = " ".join(f"كلمة{i}" if i % 37 else f"كلمة{i}،" for i in range(400))
    chunks = chunk_sentence(sentence, words, 50)
    assert all(words(chunk) <= 50 for chunk in chunks)
    assert " ".join(chunks) == sentence
    assert len(chunks) >= 8


def test_splits_at_clause_marks_keeping_the_mark() -> None:
    sentence = "أولًا نقطة، ثانيًا نقطة؛ ثالثًا: نقطة - رابعًا نقطة — خامسًا نقطة, سادسًا; سابعًا"
    assert chunk_sentence(sentence, words, 3) == [
        "أولًا نقطة،",
        "ثانيًا نقطة؛ ثالثًا:",
        "نقطة -",
        "رابعًا نقطة —",
        "خامسًا نقطة, سادسًا;",
        "سابعًا",
    ]


def test_arabic_comma_preferred_over_word_boundary() -> None:
    sentence = "قال المسؤول إن المحادثات مفيدة، لكن لم يتم التوصل إلى خيار تسوية"
    assert chunk_sentence(sentence, words, 6) == [
        "قال المسؤول إن المحادثات مفيدة،",
        "لكن لم يتم التوصل إلى خيار",
        "تسوية",
    ]


def test_clause_mark_inside_a_word_is_not_a_split_point() -> None:
    # Decimal comma, time and URL colons stay inside their words.
    sentence = "بلغ 3,5 الساعة 10:30 على https://x.y/z اليوم"
    assert chunk_sentence(sentence, words, 4) == ["بلغ 3,5 الساعة 10:30", "على https://x.y/z اليوم"]


def test_word_over_budget_split_by_characters() -> None:
    chunks = chunk_sentence("ab " + "x" * 25 + " cd", len, 10)
    assert chunks == ["ab", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx", "cd"]
    assert all(len(chunk) <= 10 for chunk in chunks)


def test_character_over_budget_rejected() -> None:
    with pytest.raises(InvalidInputError, match="too small"):
        chunk_sentence("abc def", lambda s: len(s) + 1, 1)


def test_undercounting_packer_is_corrected() -> None:
    # A counter where joined text costs more than its parts (one extra token per space).
    def spacey(text: str) -> int:
        return len(text.split()) + text.count(" ")

    sentence = " ".join(f"w{i}" for i in range(100))
    chunks = chunk_sentence(sentence, spacey, 9)
    assert all(spacey(chunk) <= 9 for chunk in chunks)
    assert " ".join(chunks) == sentence


def _counting(counter: Callable[[str], int]) -> tuple[Callable[[str], int], list[int]]:
    seen: list[int] = []

    def wrapped(text: str) -> int:
        seen.append(len(text))
        return counter(text)

    return wrapped, seen


def test_200k_character_text_is_linear() -> None:
    sentence = " ".join(f"كلمة{i % 97}" + ("،" if i % 13 == 0 else "") for i in range(30000))
    assert len(sentence) > 200_000
    counter, seen = _counting(words)
    start = time.perf_counter()
    chunks = chunk_sentence(sentence, counter, 50)
    assert time.perf_counter() - start < 5
    assert " ".join(chunks) == sentence
    assert all(words(chunk) <= 50 for chunk in chunks)
    # Characters passed to the counter stay a small multiple of the text (no growing prefixes).
    assert sum(seen) < 4 * len(sentence)


def test_200k_character_single_word() -> None:
    counter, seen = _counting(lambda s: len(s) // 4 + 1)
    word = "ب" * 200_000
    chunks = chunk_sentence(word, counter, 50)
    assert "".join(chunks) == word
    assert all(len(chunk) // 4 + 1 <= 50 for chunk in chunks)
    assert sum(seen) < 40 * len(word)
