"""Clean articles stay whole: on the 246 NTREX articles (Arabic and English) nothing is removed and the
title plus paragraphs are exactly the text's paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.clean import clean_article
from models.text.normalize import normalize
from models.text.segment import split_paragraphs

pytestmark = pytest.mark.shared


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_ntrex_articles_are_kept_verbatim(shared_dir: Path, lang: str) -> None:
    files = sorted((shared_dir / "corpus" / "ntrex128-ar-en" / lang).glob("*.txt"))
    assert len(files) > 100
    titled = 0
    for path in files:
        text = normalize(path.read_text(encoding="utf-8"))
        article = clean_article(text)
        assert article.removed == [], path.name
        assert ([article.title] if article.title else []) + article.paragraphs == split_paragraphs(text), (
            path.name
        )
        titled += article.title is not None
    assert titled > len(files) * 0.8  # headlines ending with a full stop are left in the body
