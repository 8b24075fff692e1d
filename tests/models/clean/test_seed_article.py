"""The seed article (../shared/samples/seed-article-ar.txt): caption, author box and comment form out,
headline and every body paragraph kept exactly."""

from __future__ import annotations

import pytest

from models.clean import clean_article

pytestmark = pytest.mark.shared


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_title_is_the_headline(seed_article: str) -> None:
    article = clean_article(seed_article)
    assert article.format == "text"
    assert article.title is not None
    assert article.title.startswith("مساعد بوتين:")
    assert article.title == _lines(seed_article)[1]


def test_every_body_paragraph_is_kept_exactly(seed_article: str) -> None:
    lines = _lines(seed_article)
    body = lines[2 : lines.index("Author")]
    article = clean_article(seed_article)
    assert len(body) > 20
    assert article.paragraphs == body


def test_caption_author_bio_and_comment_form_are_removed_with_reasons(seed_article: str) -> None:
    article = clean_article(seed_article)
    reasons = {item.text.lstrip("• "): item.reason for item in article.removed}
    assert reasons["gettyimages 2248985695 jpg"] == "caption"
    assert reasons["Author"] == "byline"
    assert reasons["Ali Hussain"] == "byline"
    assert reasons["More From Author"] == "related"
    assert reasons["Leave a Reply"] == "comment_form"
    assert reasons["Your email address will not be published. Required fields are marked *"] == "comment_form"
    bios = [item.text for item in article.removed if item.reason == "author_bio"]
    assert len(bios) == 1 and bios[0].startswith("Ali Hussain is an award-winning news reporter")
    text = article.text
    for junk in ("gettyimages", "Ali Hussain", "award-winning", "Leave a Reply", "email address"):
        assert junk not in text


def test_metadata_names_the_author(seed_article: str) -> None:
    article = clean_article(seed_article)
    assert article.metadata["author"] == "Ali Hussain"
    assert article.metadata["format"] == "text"


def test_text_property_is_title_then_paragraphs(seed_article: str) -> None:
    article = clean_article(seed_article)
    blocks = article.text.split("\n\n")
    assert blocks[0] == article.title
    assert blocks[1:] == article.paragraphs
