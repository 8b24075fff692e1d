"""Result and option types of article cleaning."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FORMATS = ("text", "html", "markdown", "json")
"""Input formats `clean_article` understands (plus "auto", which guesses one of these)."""

REASONS = (
    "caption",
    "photo_credit",
    "byline",
    "author_bio",
    "share",
    "read_more",
    "related",
    "newsletter",
    "comment_form",
    "navigation",
    "advertisement",
    "legal",
    "cookie_notice",
    "comment_policy",
    "page_furniture",
)
"""Reasons a piece of text can be removed for (the `reason` of a `RemovedText`). "legal": copyright,
terms-of-use and privacy lines and links to the site's own pages; "cookie_notice": cookie banners;
"comment_policy": the site's rules for and counters of reader comments; "page_furniture": page text
outside the article's main text (as the HTML extractor found it) that no more specific reason names."""


@dataclass(frozen=True)
class RemovedText:
    """One line or paragraph taken out of an article, with why.

    Args:
        text: the removed text, as it was in the (markup-free) input.
        reason: one of `REASONS`, e.g. "caption", "byline", "comment_form".
    """

    text: str
    reason: str


@dataclass
class CleanedArticle:
    """The main text of an article, with what was removed from around it.

    Args:
        title: the headline, or None when none could be told apart from the body.
        paragraphs: body paragraphs in order, title excluded; never empty.
        removed: boilerplate taken out, in document order, each with a reason.
        metadata: string metadata found in the input: "author", "date", "url", "id", "sitename"
            where known, and always "format" (the format the input was read as).
        format: the format the input was read as: "text", "html", "markdown" or "json".
    """

    title: str | None
    paragraphs: list[str]
    removed: list[RemovedText] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    format: str = "text"

    @property
    def text(self) -> str:
        """The title (when there is one) then the paragraphs, separated by blank lines."""
        blocks = ([self.title] if self.title else []) + self.paragraphs
        return "\n\n".join(blocks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: every field, `removed` as a list of {text, reason}, and `text`."""
        data = asdict(self)
        data["text"] = self.text
        return data


@dataclass(frozen=True)
class JsonFields:
    """Which keys of a JSON record hold what; the first key present (and non-empty) wins.

    Keys may be dotted paths into nested objects ("article.body").

    Args:
        title: keys that may hold the headline.
        body: keys that may hold the article text (a string in any supported format, or a list of
            paragraph strings).
        id: keys that may hold a record identifier (copied to metadata["id"]).
        url: keys that may hold the article address (metadata["url"]).
        author: keys that may hold the author (metadata["author"]).
        date: keys that may hold the publication date (metadata["date"]).
    """

    title: tuple[str, ...] = ("title", "headline")
    body: tuple[str, ...] = ("body", "text", "content")
    id: tuple[str, ...] = ("id",)
    url: tuple[str, ...] = ("url",)
    author: tuple[str, ...] = ("author",)
    date: tuple[str, ...] = ("date",)
