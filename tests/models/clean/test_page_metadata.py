"""Metadata read lazily from JSON-LD: the same fields whichever of them the meta tags leave open."""

from __future__ import annotations

from models.clean.page import parse_html, read_page

LD = """<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-04T10:00:00Z",
"author": {"name": "Lina Haddad"}, "publisher": {"name": "City News"}}</script>"""


def _page(head: str, body: str = "<p>Text of the article.</p>") -> dict[str, str]:
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return read_page(root).metadata


def test_json_ld_fills_every_open_field() -> None:
    metadata = _page(LD)
    assert metadata["author"] == "Lina Haddad"
    assert metadata["date"] == "2025-03-04"
    assert metadata["sitename"] == "City News"


def test_meta_tags_win_and_json_ld_fills_the_rest() -> None:
    metadata = _page('<meta name="author" content="Omar Said">' + LD)
    assert metadata["author"] == "Omar Said"
    assert metadata["date"] == "2025-03-04" and metadata["sitename"] == "City News"


def test_rel_author_then_json_ld_date() -> None:
    # The author comes from the page (no meta, no JSON-LD author); the date still from JSON-LD.
    ld = '<script type="application/ld+json">{"@type": "Article", "datePublished": "2024-01-02"}</script>'
    metadata = _page(ld, '<a rel="author">Sara Ali</a><p>Text of the article.</p>')
    assert metadata["author"] == "Sara Ali"
    assert metadata["date"] == "2024-01-02"
    assert "sitename" not in metadata
