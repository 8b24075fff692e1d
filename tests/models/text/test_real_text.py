"""Segmentation of real Arabic news from ../shared: nothing lost, and sentences end at marks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.text.chunk import chunk_sentence
from models.text.normalize import normalize
from models.text.segment import split_document, split_paragraphs, split_sentences

pytestmark = pytest.mark.shared

# A sentence that is not the last of its paragraph ends with a mark, maybe then closing quotes.
_ENDS_AT_MARK = re.compile(r"[.!?؟…۔][\"'”’»“«)\]]*\Z")


def _check_paragraphs(text: str) -> int:
    count = 0
    for paragraph in split_paragraphs(normalize(text)):
        sentences = split_sentences(paragraph)
        assert " ".join(sentences) == " ".join(paragraph.split())
        assert all(s and s == s.strip() and "\n" not in s for s in sentences)
        for sentence in sentences[:-1]:
            assert _ENDS_AT_MARK.search(sentence), sentence
        count += len(sentences)
    return count


def test_seed_article(seed_article_text: str) -> None:
    assert _check_paragraphs(seed_article_text) > 10
    sentences = [s for p in split_document(normalize(seed_article_text)) for s in p]
    assert "وأضاف: “سيستمر العمل”." in sentences
    quoted = "وقال أوشاكوف: “تبدو بعض المقترحات الأميركية مقبولة إلى حد ما، رغم أنها بحاجة إلى المناقشة”،"
    assert any(s.startswith(quoted) for s in sentences)


def test_ntrex_arabic_articles(ntrex_dir: Path) -> None:
    files = sorted((ntrex_dir / "ar").glob("*.txt"))
    assert files
    total = sum(_check_paragraphs(f.read_text(encoding="utf-8")) for f in files)
    assert total > len(files) * 5


def test_ntrex_arabic_and_english_sentence_counts_agree(ntrex_dir: Path) -> None:
    # The Arabic files are translations of the English ones, mostly sentence by sentence, so
    # over- or under-splitting either side shows up as a gap between the totals.
    def count(lang: str) -> int:
        paths = sorted((ntrex_dir / lang).glob("*.txt"))
        return sum(len(s) for f in paths for s in split_document(normalize(f.read_text(encoding="utf-8"))))

    arabic, english = count("ar"), count("en")
    assert 0.9 <= arabic / english <= 1.05


def test_ntrex_chunking_loses_nothing(ntrex_dir: Path) -> None:
    def words(text: str) -> int:
        return len(text.split())

    for path in sorted((ntrex_dir / "ar").glob("*.txt"))[:20]:
        for paragraph in split_document(normalize(path.read_text(encoding="utf-8"))):
            for sentence in paragraph:
                chunks = chunk_sentence(sentence, words, 8)
                assert " ".join(chunks) == sentence
                assert all(words(c) <= 8 for c in chunks)
