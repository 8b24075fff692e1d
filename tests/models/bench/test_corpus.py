"""Loading the benchmark articles and cutting them the naive way."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.bench.corpus import first_sentences, load_articles, naive_sentences, paragraphs, training_lines
from models.errors import ConfigurationError


def test_articles_in_file_name_order_and_docs_limit(bench_corpus: Path) -> None:
    articles = load_articles(bench_corpus, "ar")
    assert [a.doc_id for a in articles] == ["doc0", "doc1", "doc2"]
    assert [a.doc_id for a in load_articles(bench_corpus, "ar", 2)] == ["doc0", "doc1"]
    assert all(a.lang == "ar" for a in articles)
    assert len(articles[0].lines()) == 3  # headline and two paragraphs


def test_missing_corpus_and_bad_docs_say_what_to_do(tmp_path: Path, bench_corpus: Path) -> None:
    with pytest.raises(ConfigurationError, match="--corpus"):
        load_articles(tmp_path, "ar")
    with pytest.raises(ConfigurationError, match="--docs"):
        load_articles(bench_corpus, "ar", 0)


def test_naive_split_cuts_after_sentence_marks_in_file_order(bench_corpus: Path) -> None:
    article = load_articles(bench_corpus, "en", 1)[0]
    sentences = naive_sentences([article])
    # headline (no final mark) + 2 + 3 sentences
    assert len(sentences) == 6
    assert sentences[0] == article.lines()[0]
    assert sentences[1].endswith(".") and not sentences[1].endswith(". ")


def test_paragraphs_probes_and_training_lines(bench_corpus: Path) -> None:
    articles = load_articles(bench_corpus, "ar")
    assert len(paragraphs(articles)) == 9
    probes = first_sentences(articles)
    assert len(probes) == 3 and all(p.endswith(".") for p in probes)
    assert len(training_lines(bench_corpus)) == 18
