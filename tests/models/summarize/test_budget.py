"""Word-budget extractive summaries: whole sentences up to the budget, lead first, trim on request."""

from __future__ import annotations

import pytest

from models.errors import InvalidInputError
from models.summarize import ExtractiveOptions, SummaryOptions, segment_for_summary, summarize_extractive
from models.summarize.extractive import trim_to_words

ARTICLE = """The city council approved a new budget for the river bridge on Tuesday after months of debate.

The bridge will link the two halves of the city for the first time in a century, officials said. \
Work on the bridge is expected to start in the spring and take three years.

"It will change our lives," said one shop owner. He added: "Finally."

Critics of the bridge say the budget is too large for a city of its size. The council rejected \
their motion by seven votes to two.

The mayor said the bridge budget would be reviewed every year by an independent panel."""


def words_of(sentences: list[str]) -> int:
    return sum(len(sentence.split()) for sentence in sentences)


@pytest.mark.parametrize("budget", [5, 20, 35, 60])
def test_whole_sentences_until_the_budget_is_reached(budget: int) -> None:
    sentences = segment_for_summary(ARTICLE, "en")
    summary = summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=budget))
    assert summary.sentences == [sentences[i] for i in summary.indices]  # verbatim, in article order
    assert summary.indices == sorted(set(summary.indices))
    total = words_of(summary.sentences)
    assert total >= budget
    # Removing any one picked sentence falls below the budget: none is there beyond need.
    assert all(total - len(s.split()) < budget for s in summary.sentences)
    assert summary.trimmed_words == 0


def test_budget_starts_from_the_lead() -> None:
    summary = summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=30))
    assert summary.indices[0] == 0


def test_fragments_give_way_to_informative_sentences() -> None:
    summary = summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=45))
    assert 'He added: "Finally."' not in summary.sentences


def test_words_override_sentences() -> None:
    summary = summarize_extractive(ARTICLE, "en", ExtractiveOptions(sentences=1, words=40))
    assert len(summary.sentences) > 1


def test_short_article_is_returned_whole() -> None:
    text = "One short story. It has two sentences."
    summary = summarize_extractive(text, "en", ExtractiveOptions(words=100, trim=True))
    assert summary.sentences == ["One short story.", "It has two sentences."]
    assert summary.trimmed_words == 0


def test_trim_cuts_at_the_budget_and_counts_the_cut() -> None:
    whole = summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=25))
    trimmed = summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=25, trim=True))
    assert words_of(trimmed.sentences) == 25
    assert trimmed.trimmed_words == words_of(whole.sentences) - 25
    assert trimmed.sentences[-1].endswith("…")
    assert " ".join(trimmed.sentences).rstrip("…") == " ".join(" ".join(whole.sentences).split()[:25])


def test_trim_to_words_keeps_whole_sentences_that_fit() -> None:
    assert trim_to_words(["a b c.", "d e."], 5) == (["a b c.", "d e."], 0)
    assert trim_to_words(["a b c.", "d e f g."], 5) == (["a b c.", "d e…"], 2)
    assert trim_to_words(["a b c.", "d e.", "f g h."], 3) == (["a b c."], 5)


def test_arabic_budget() -> None:
    text = (
        "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير.\n\n"
        "وقال الوزير إن المشروع كلف خمسين مليون دينار وإن العمل بدأ قبل عامين.\n\n"
        "وأضاف: شكرا.\n\n"
        "ومن المتوقع أن يخدم المستشفى الجديد أكثر من مليون نسمة في المدينة وضواحيها."
    )
    summary = summarize_extractive(text, "ar", ExtractiveOptions(words=20))
    assert summary.indices[0] == 0 and words_of(summary.sentences) >= 20
    assert all(sentence in text for sentence in summary.sentences)


def test_deterministic() -> None:
    runs = {tuple(summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=33)).indices) for _ in range(3)}
    assert len(runs) == 1


@pytest.mark.parametrize("words", [0, -3, True, 2.5, "10"])
def test_bad_budgets_are_refused(words: object) -> None:
    with pytest.raises(InvalidInputError, match="words must be a whole number"):
        summarize_extractive(ARTICLE, "en", ExtractiveOptions(words=words))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="words must be a whole number"):
        SummaryOptions(lang="en", words=words)  # type: ignore[arg-type]


def test_summary_options_trim_must_be_a_flag() -> None:
    with pytest.raises(InvalidInputError, match="trim must be true or false"):
        SummaryOptions(lang="en", words=10, trim="yes")  # type: ignore[arg-type]
