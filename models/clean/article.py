"""`clean_article`: from scraped text, HTML, Markdown or a JSON record to the article's main text."""

from __future__ import annotations

import unicodedata

from models.clean.boilerplate import FilterResult, filter_boilerplate, split_blocks
from models.clean.formats import guess_format
from models.clean.html import HtmlExtraction, extract_html
from models.clean.jsonrec import parse_json_object, read_record
from models.clean.ledger import align, furniture_lines, in_page_order, left_out
from models.clean.markdown import strip_markdown
from models.clean.page import INVISIBLE, match_key
from models.clean.types import FORMATS, CleanedArticle, JsonFields, RemovedText
from models.errors import InvalidInputError, NoMainTextError
from models.text.normalize import normalize


def clean_article(content: str, *, format: str = "auto", fields: JsonFields | None = None) -> CleanedArticle:
    """The main text of an article with its title and metadata, boilerplate removed.

    Args:
        content: the article as text: scraped plain text, an HTML page, Markdown, or a JSON record.
        format: "auto" (guess from the content), "text", "html", "markdown" or "json".
        fields: for JSON records, which keys hold the title, body, id, url, author and date
            (`JsonFields()` defaults: title/headline, body/text/content, id, url, author, date).

    Raises:
        InvalidInputError: an unknown format, or a JSON input that is not an object with a body.
        NoMainTextError: nothing is left once boilerplate is removed.
    """
    if format != "auto" and format not in FORMATS:
        raise InvalidInputError(f"unknown input format {format!r}; use auto, {', '.join(FORMATS)}")
    chosen = guess_format(content) if format == "auto" else format
    if chosen != "html":  # an HTML page's text is normalised once extracted (much less to go over)
        content = normalize(content)
    article = _clean_json(content, fields) if chosen == "json" else _clean_document(content, chosen)
    if not article.paragraphs:
        raise NoMainTextError(
            f"{chosen} input: no article text found once captions, bylines, menus and comment forms "
            "were removed; check that the input is an article (or pass --format to read it differently)"
        )
    return article


def _clean_document(content: str, format: str, title: str | None = None) -> CleanedArticle:
    """Clean text, HTML or Markdown; `title` is a headline known from elsewhere (a JSON field)."""
    removed: list[RemovedText] = []
    metadata: dict[str, str] = {}
    if format == "html":
        extraction = extract_html(content)
        metadata.update(extraction.metadata)
        metadata["format"] = format
        return _clean_html(extraction, title or extraction.title, metadata)
    if format == "markdown":
        markdown = strip_markdown(content)
        blocks = split_blocks(markdown.text)
        title = title or markdown.title
        removed.extend(markdown.removed)
        metadata.update(markdown.metadata)
    else:
        blocks = split_blocks(content)
    result: FilterResult = filter_boilerplate(blocks, title=title)
    if result.author and "author" not in metadata:
        metadata["author"] = result.author
    if result.date and "date" not in metadata:
        metadata["date"] = result.date
    metadata["format"] = format
    return CleanedArticle(
        title=result.title,
        paragraphs=result.paragraphs,
        removed=removed + result.removed,
        metadata=metadata,
        format=format,
    )


def _clean_html(extraction: HtmlExtraction, title: str | None, metadata: dict[str, str]) -> CleanedArticle:
    """The extractor's lines through the furniture check and the boilerplate filter; every page block
    left out is accounted for in `removed` (see `models.clean.ledger`)."""
    lines = [_normalized(line) for line in extraction.lines]
    title = _normalized(title) if title else None
    metadata.update({key: _normalized(value) for key, value in metadata.items()})
    alignment = align(lines, extraction.blocks)
    title_key = match_key(title) if title else None
    furniture: dict[int, str] = {}
    if extraction.extractor == "trafilatura":
        furniture = {
            index: reason
            for index, reason in furniture_lines(lines, extraction.blocks, alignment).items()
            if match_key(lines[index]) != title_key
        }
    kept = [index for index in range(len(lines)) if index not in furniture]
    result = filter_boilerplate([[lines[index]] for index in kept], title=title)
    line_removals = [(index, RemovedText(lines[index], reason)) for index, reason in furniture.items()]
    pointer = 0
    for removal in result.removed:  # the filter's removals, in order, back to their lines
        while pointer < len(kept) and lines[kept[pointer]] != removal.text:
            pointer += 1
        line_removals.append((kept[pointer] if pointer < len(kept) else len(lines), removal))
        pointer += 1
    line_removals.sort(key=lambda item: item[0])
    block_removals = [
        (index, _normalized_removal(removal))
        for index, removal in left_out(extraction.blocks, alignment, result.title or title)
    ]
    if result.author and "author" not in metadata:
        metadata["author"] = result.author
    if result.date and "date" not in metadata:
        metadata["date"] = result.date
    return CleanedArticle(
        title=result.title,
        paragraphs=result.paragraphs,
        removed=in_page_order(line_removals, alignment, block_removals),
        metadata=metadata,
        format="html",
    )


def _normalized(line: str) -> str:
    """`normalize(line)` for one extracted line, page block, headline or metadata value: these come
    with their spaces collapsed, and such a line in NFC without invisible characters is its own normal
    form (no line endings or space runs left to change), so it skips normalize's passes."""
    if " ".join(line.split()) == line and (
        line.isascii() or (unicodedata.is_normalized("NFC", line) and INVISIBLE.search(line) is None)
    ):
        return line
    return normalize(line)


def _normalized_removal(removal: RemovedText) -> RemovedText:
    """A left-out page block's removal with its text normalised (the same record when already normal,
    as most are)."""
    text = _normalized(removal.text)
    return removal if text is removal.text else RemovedText(text, removal.reason)


def _clean_json(content: str, fields: JsonFields | None) -> CleanedArticle:
    record = parse_json_object(content)
    if record is None:
        raise InvalidInputError("JSON input must be one object with the article's fields (title, body, ...)")
    parsed = read_record(record, fields)
    body_format = guess_format(parsed.body)
    if body_format == "json":
        body_format = "text"
    title = normalize(parsed.title) if parsed.title else None
    article = _clean_document(parsed.body, body_format, title=title)
    metadata = dict(article.metadata)
    metadata.update(parsed.metadata)  # the record's own fields win over what the body suggested
    metadata["format"] = "json"
    metadata["body_format"] = body_format
    article.metadata = metadata
    article.format = "json"
    return article
