"""Extractive summaries: k whole sentences of the input, in order; Arabic from ../shared and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import InvalidInputError
from models.summarize import ExtractiveOptions, segment_for_summary, summarize_extractive

EN_ARTICLE = """Bridge to open next spring, officials say

Officials said on Tuesday that the new bridge over the river would open to traffic next spring. The bridge \
will link the two halves of the city for the first time in a century.

The work took more than three years and cost hundreds of millions of dollars, the spokesman added. Delays \
were caused by flooding in 2023.

Residents welcomed the news. "It will change our lives," said one shop owner. Traffic on the old ferry \
route is expected to fall sharply once the bridge opens.

The city council will vote on the final budget for the bridge next month."""


def _corpus_articles(shared_dir: Path, lang: str) -> list[str]:
    files = sorted((shared_dir / "corpus" / "ntrex128-ar-en" / lang).glob("*.txt"))
    assert files, "the NTREX corpus is empty"
    return [path.read_text(encoding="utf-8") for path in files]


@pytest.mark.shared
@pytest.mark.parametrize("k", [1, 3, 5])
def test_arabic_articles_get_k_verbatim_sentences_in_order(shared_dir: Path, k: int) -> None:
    for text in _corpus_articles(shared_dir, "ar")[:40]:
        sentences = segment_for_summary(text, "ar")
        summary = summarize_extractive(text, "ar", ExtractiveOptions(sentences=k))
        assert len(summary.sentences) == min(k, len(sentences))
        assert summary.indices == sorted(set(summary.indices))
        assert summary.sentences == [sentences[i] for i in summary.indices]


@pytest.mark.shared
def test_seed_article_summary_starts_from_the_lead(seed_article: str) -> None:
    from models.clean import clean_article

    article = clean_article(seed_article)
    summary = summarize_extractive("\n\n".join(article.paragraphs), "ar", ExtractiveOptions(sentences=3))
    assert len(summary.sentences) == 3
    assert summary.indices[0] == 0  # the lead sentence carries the news
    assert all(sentence in article.text for sentence in summary.sentences)


@pytest.mark.shared
def test_language_is_detected_when_not_given(shared_dir: Path) -> None:
    text = _corpus_articles(shared_dir, "ar")[0]
    assert summarize_extractive(text).indices == summarize_extractive(text, "ar").indices


def test_english_article() -> None:
    summary = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=2))
    sentences = segment_for_summary(EN_ARTICLE, "en")
    assert len(summary.sentences) == 2
    assert summary.sentences == [sentences[i] for i in summary.indices]
    assert summary.indices[0] == 1  # the lead sentence, not the headline
    assert summary.text == " ".join(summary.sentences)


def test_pre_segmented_sentences_are_used_as_given() -> None:
    sentences = segment_for_summary(EN_ARTICLE, "en")
    from_text = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=3))
    given = summarize_extractive(sentences[1:], "en", ExtractiveOptions(sentences=3))
    assert all(sentence in sentences for sentence in given.sentences)
    assert given.sentences == [sentences[1:][i] for i in given.indices]
    assert len(from_text.sentences) == 3


def test_ratio_option() -> None:
    sentences = segment_for_summary(EN_ARTICLE, "en")
    summary = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=None, ratio=0.5))
    assert len(summary.sentences) == round(0.5 * len(sentences))
    tiny = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=None, ratio=0.01))
    assert len(tiny.sentences) == 1


def test_k_larger_than_the_article_returns_every_sentence() -> None:
    sentences = segment_for_summary(EN_ARTICLE, "en")
    summary = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=100))
    assert summary.sentences == sentences
    assert summary.indices == list(range(len(sentences)))


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_gives_an_empty_summary(text: str) -> None:
    summary = summarize_extractive(text)
    assert summary.sentences == [] and summary.indices == []
    assert summarize_extractive([], "ar").sentences == []


def test_zero_sentences_gives_an_empty_summary() -> None:
    assert summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=0)).sentences == []


def test_near_duplicates_are_not_both_picked() -> None:
    lead = "The government announced a new plan to build ten thousand homes in the capital by 2030."
    sentences = [
        lead,
        lead.replace("announced", "unveiled"),
        "Critics said the plan lacked funding and would take longer than promised.",
        "The housing minister will present the details to parliament next week.",
    ]
    summary = summarize_extractive(sentences, "en", ExtractiveOptions(sentences=2))
    assert summary.indices[0] == 0
    assert 1 not in summary.indices


def test_blank_pre_segmented_sentences_are_picked_last() -> None:
    sentences = [
        "",
        "The minister said the bridge will open next spring after long delays.",
        " ",
        "It rained.",
    ]
    summary = summarize_extractive(sentences, "en", ExtractiveOptions(sentences=2))
    assert summary.indices == [1, 3]


def test_deterministic() -> None:
    first = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=3))
    second = summarize_extractive(EN_ARTICLE, "en", ExtractiveOptions(sentences=3))
    assert first == second


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ExtractiveOptions(sentences=-1), "sentences must be 0 or more"),
        (ExtractiveOptions(sentences=None, ratio=0.0), "ratio must be in"),
        (ExtractiveOptions(sentences=None, ratio=1.5), "ratio must be in"),
        (ExtractiveOptions(sentences=None, ratio=None), "either sentences or ratio"),
    ],
)
def test_invalid_options(options: ExtractiveOptions, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        summarize_extractive(EN_ARTICLE, "en", options)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_200000_characters_are_summarised(shared_dir: Path, lang: str) -> None:
    articles = _corpus_articles(shared_dir, lang)
    text = ""
    while len(text) < 200_000:
        text += "\n\n".join(articles) + "\n\n"
    text = text[:200_000]
    summary = summarize_extractive(text, lang, ExtractiveOptions(sentences=5))
    sentences = segment_for_summary(text, lang)
    assert len(sentences) > 1000  # past the similarity-graph cap
    assert len(summary.sentences) == 5
    assert summary.sentences == [sentences[i] for i in summary.indices]


def test_200000_characters_without_shared_material() -> None:
    paragraphs = [
        f"Report number {i} says the council approved {i * 3} new projects in district {i % 17} "
        f"after a long debate about roads, schools and water supplies for residents."
        for i in range(1400)
    ]
    text = "\n\n".join(paragraphs)
    assert len(text) >= 200_000
    summary = summarize_extractive(text, "en", ExtractiveOptions(sentences=4))
    assert len(summary.sentences) == 4
    assert all(sentence in paragraphs for sentence in summary.sentences)
