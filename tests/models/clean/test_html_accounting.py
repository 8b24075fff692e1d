"""HTML cleaning accounts for the whole page: what the extractor left out is in `removed` with a
reason, furniture it kept is taken out, and metadata comes from the markup only."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.clean import REASONS, clean_article
from models.clean.ledger import align
from models.clean.page import Block, match_key, parse_html, read_page

PAGES = Path(__file__).parent / "pages"

BODY = [
    "The city council approved a new budget for the river bridge on Tuesday after months of debate.",
    "The bridge will link the two halves of the city for the first time in a century, officials said.",
    "Work on the bridge is expected to start in the spring and take three years, the mayor told reporters.",
]
TITLE = "Council approves the river bridge budget"


def page(article_extra: str = "", head: str = "", after: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    return f"""<html><head><title>{TITLE} | City News</title>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li></ul></nav>
<article><h1>{TITLE}</h1>{paragraphs}{article_extra}</article>{after}
<footer><p>© 2024 City News. All rights reserved.</p>
<p><a>Privacy Policy</a> | <a>Terms of Use</a></p></footer>
</body></html>"""


def test_every_left_out_block_is_recorded_in_page_order() -> None:
    article = clean_article(page())
    assert article.title == TITLE and article.paragraphs == BODY
    removed = [(item.text, item.reason) for item in article.removed]
    assert removed == [
        ("Home", "navigation"),
        ("City", "navigation"),
        ("© 2024 City News. All rights reserved.", "legal"),
        ("Privacy Policy | Terms of Use", "legal"),
    ]
    assert all(item.reason in REASONS for item in article.removed)


def test_no_date_from_a_copyright_year() -> None:
    article = clean_article(page())
    assert "date" not in article.metadata


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2025-03-04T10:00:00Z">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-04"}</script>',
    ],
)
def test_declared_date_is_kept(head: str) -> None:
    assert clean_article(page(head=head)).metadata["date"] == "2025-03-04"


def test_author_and_site_from_json_ld() -> None:
    head = (
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
        '"author": [{"name": "Maria Lopez"}], "publisher": {"name": "City News"}}]}</script>'
    )
    metadata = clean_article(page(head=head)).metadata
    assert metadata["author"] == "Maria Lopez" and metadata["sitename"] == "City News"


def test_kept_lines_inside_furniture_are_removed_with_its_reason() -> None:
    extra = '<div class="comment-policy"><p>Please stay on topic in this thread below the story.</p></div>'
    article = clean_article(page(article_extra=extra))
    assert article.paragraphs == BODY
    assert ("Please stay on topic in this thread below the story.", "comment_form") in [
        (item.text, item.reason) for item in article.removed
    ]


def test_furniture_holding_the_article_is_not_furniture() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    html = f"<html><body><div class='comments-wrapper'><h1>{TITLE}</h1>{paragraphs}</div></body></html>"
    article = clean_article(html)
    assert article.paragraphs == BODY


def test_blocks_carry_their_furniture() -> None:
    root = parse_html(
        "<body><p>Body text here.</p><div class='share-bar'>Share: <a>FB</a><p>inner</p></div>"
        "<aside><ul><li>Related one</li></ul></aside><script>x()</script></body>"
    )
    assert root is not None
    blocks = read_page(root).blocks
    assert [(b.text, [reason for _, reason in b.furniture]) for b in blocks] == [
        ("Body text here.", []),
        ("Share: FB", ["share"]),
        ("inner", ["share"]),
        ("Related one", ["related"]),
    ]


def test_a_blocks_key_is_the_match_key_of_its_text() -> None:
    # The page reader takes a block's key from its single-spaced text by removing spaces.
    odd = "<p>Cafe\u0301 \u200bnews</p><p>الخبر\u200f  العاجل ،</p><p>A\tB  , c</p><li>Ünïcode</li>"
    root = parse_html(f"<body>{odd}</body>")
    assert root is not None
    blocks = read_page(root).blocks
    for html in sorted(PAGES.glob("**/*.html")):
        page_root = parse_html(html.read_text(encoding="utf-8"))
        assert page_root is not None
        blocks += read_page(page_root).blocks
    assert len(blocks) > 1000
    assert [block.key for block in blocks] == [match_key(block.text) for block in blocks]
    assert blocks[0].key == match_key("Café news") and blocks[2].key == "ab,c"


def test_alignment_accepts_lines_made_of_several_blocks() -> None:
    cells = ["First cell of the row", "Second cell of the row"]
    body = "A long paragraph of the article body."
    blocks = [Block("Home"), *map(Block, cells), Block(body)]
    alignment = align([" | ".join(cells), body], blocks)
    assert alignment.line_blocks == [1, 3]
    assert alignment.accounted == [False, True, True, True]


def test_bare_fragment_records_nothing_spurious() -> None:
    article = clean_article("<div><p>Short note.</p></div>")
    assert article.paragraphs == ["Short note."] and article.removed == []


def test_article_header_standfirst_is_kept() -> None:
    standfirst = "Residents have waited a century for a crossing; work starts in spring, the council says."
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    html = (
        f"<html><body><header><nav><a>Home</a></nav></header><article><header><h1>{TITLE}</h1>"
        f"<p>{standfirst}</p></header>{paragraphs}</article></body></html>"
    )
    article = clean_article(html)
    assert standfirst in article.paragraphs
    assert ("Home", "navigation") in [(item.text, item.reason) for item in article.removed]


def test_rules_name_lines_of_a_comment_area_more_precisely() -> None:
    notice = "التعليقات المنشورة لا تعبر عن رأي الموقع وإنما تعبر عن رأي أصحابها."
    other = "Please stay on topic in this thread below the story."
    extra = f'<div class="comments"><p>{notice}</p><p>{other}</p></div>'
    reasons = {item.text: item.reason for item in clean_article(page(article_extra=extra)).removed}
    assert reasons[notice] == "comment_policy"
    assert reasons[other] == "comment_form"
