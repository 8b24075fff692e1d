"""Format guessing, Markdown and JSON records, options and errors."""

from __future__ import annotations

import json

import pytest

from models.clean import CleanedArticle, JsonFields, RemovedText, clean_article, guess_format
from models.errors import InvalidInputError, NoMainTextError

BODY = [
    "Officials said on Tuesday that the new bridge over the river would open to traffic next spring.",
    "The work took more than three years and cost hundreds of millions of dollars, the spokesman added.",
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<html><body><p>Hi</p></body></html>", "html"),
        ("<p>One</p>\n<p>Two</p>", "html"),
        ("<div class='x'>text</div>", "html"),
        ('{"title": "T", "body": "B"}', "json"),
        ("# Heading\n\nText", "markdown"),
        ("Some [link](https://example.com) here", "markdown"),
        ("Plain text.\n\nMore text with a #hashtag.", "text"),
        ("[1, 2, 3]", "text"),
        ("Price < 5 and > 3", "text"),
    ],
)
def test_guess_format(content: str, expected: str) -> None:
    assert guess_format(content) == expected


def test_markdown_markup_is_stripped_and_images_removed_as_captions() -> None:
    markdown = "\n".join(
        [
            "# New bridge to open next spring",
            "",
            "![The bridge under construction](https://example.com/bridge.jpg)",
            "*Photo: Getty Images*",
            "",
            "**By John Smith**",
            "",
            "Officials said on **Tuesday** that the [new bridge](https://example.com/b) over the river would "
            "open to traffic next spring.",
            "",
            "## Cost",
            "",
            "The work took more than three years and cost hundreds of millions of dollars, "
            "the _spokesman_ added.",
            "",
            "Read more: [Storm kills 40](https://example.com/storm)",
        ]
    )
    article = clean_article(markdown)
    assert article.format == "markdown"
    assert article.title == "New bridge to open next spring"
    assert article.paragraphs == [BODY[0], "Cost", BODY[1]]
    assert RemovedText("The bridge under construction", "caption") in article.removed
    assert RemovedText("Photo: Getty Images", "caption") in article.removed
    assert RemovedText("By John Smith", "byline") in article.removed
    assert RemovedText("Read more: Storm kills 40", "read_more") in article.removed
    assert article.metadata["author"] == "John Smith"


def test_json_record_with_default_fields() -> None:
    record = {
        "id": 17,
        "headline": "New bridge to open next spring",
        "content": "\n\n".join(["Share", *BODY, "Leave a Reply"]),
        "url": "https://example.com/bridge",
        "author": {"name": "John Smith"},
        "date": "2025-12-03",
    }
    article = clean_article(json.dumps(record))
    assert article.format == "json"
    assert article.title == "New bridge to open next spring"
    assert article.paragraphs == BODY
    assert article.metadata == {
        "id": "17",
        "url": "https://example.com/bridge",
        "author": "John Smith",
        "date": "2025-12-03",
        "format": "json",
        "body_format": "text",
    }
    assert [item.reason for item in article.removed] == ["share", "comment_form"]


def test_json_record_with_configured_fields_list_body_and_repeated_title() -> None:
    record = {"data": {"name": "Bridge opens", "paragraphs": ["Bridge opens", *BODY]}, "link": "u"}
    fields = JsonFields(title=("data.name",), body=("data.paragraphs",), url=("link",))
    article = clean_article(json.dumps(record), format="json", fields=fields)
    assert article.title == "Bridge opens"
    assert article.paragraphs == BODY
    assert article.metadata["url"] == "u"


def test_json_record_with_html_body() -> None:
    body = "".join(f"<p>{text}</p>" for text in BODY)
    article = clean_article(json.dumps({"title": "Bridge opens next spring", "body": body}))
    assert article.paragraphs == BODY
    assert article.metadata["body_format"] == "html"


def test_json_without_body_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="no article text"):
        clean_article('{"title": "T"}')
    with pytest.raises(InvalidInputError, match="one object"):
        clean_article("[1, 2]", format="json")


def test_unknown_format_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="unknown input format"):
        clean_article("text", format="pdf")


@pytest.mark.parametrize(
    "content",
    [
        "",
        "   \n\n",
        "Share\n\nLeave a Reply\n\nName *",
        "<html><body><nav>Home | News</nav><p>Share</p><form>Leave a Reply</form></body></html>",
    ],
)
def test_nothing_left_raises_no_main_text(content: str) -> None:
    with pytest.raises(NoMainTextError, match="no article text found"):
        clean_article(content)


def test_format_override_reads_markup_as_text() -> None:
    article = clean_article("# Not a heading, just text with a hash sign\n\n" + BODY[0], format="text")
    assert article.format == "text"
    assert article.title == "# Not a heading, just text with a hash sign"
    assert article.paragraphs == [BODY[0]]


def test_a_lone_short_line_is_text_not_a_title() -> None:
    article = clean_article("Officials say the bridge opens next spring")
    assert article.title is None
    assert article.paragraphs == ["Officials say the bridge opens next spring"]


def test_to_dict_is_json_ready() -> None:
    article = CleanedArticle("T", ["P"], [RemovedText("Share", "share")], {"format": "text"}, "text")
    data = json.loads(json.dumps(article.to_dict()))
    assert data == {
        "title": "T",
        "paragraphs": ["P"],
        "removed": [{"text": "Share", "reason": "share"}],
        "metadata": {"format": "text"},
        "format": "text",
        "text": "T\n\nP",
    }
