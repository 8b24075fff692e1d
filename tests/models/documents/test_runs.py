from __future__ import annotations

from models.documents.runs import distribute


def test_single_run_gets_the_whole_translation() -> None:
    assert distribute("a b c", ["x y"]) == ["a b c"]


def test_words_follow_the_source_share_and_nothing_is_dropped() -> None:
    runs = distribute("one two three four five six", ["aaaaaaaaaaaaaaaaaaaaa", "b", "c"])
    assert len(runs) == 3
    assert all(piece.strip() for piece in runs)  # every formatted run keeps a word
    assert " ".join("".join(runs).split()) == "one two three four five six"


def test_space_between_runs_stays_outside_the_later_run() -> None:
    runs = distribute("the big cat", ["The ", "big", " cat"])
    assert runs[1] == runs[1].strip()  # a bold word does not start with a space
    assert "".join(runs) == "the big cat"


def test_whitespace_and_punctuation_runs() -> None:
    runs = distribute("one two three", ["aa", " ", "bb", "."])
    assert runs[1] == " " and runs[3] == ""
    assert " ".join("".join(runs).split()) == "one two three"


def test_fewer_words_than_runs() -> None:
    runs = distribute("word", ["a", "b", "c"])
    assert "".join(runs) == "word"
