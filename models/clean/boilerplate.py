"""Position-aware boilerplate removal over the lines of an article.

The line rules of `models.clean.rules` say what a line looks like on its own; this module decides with
the line's place in the page:

- lead-in: before the first body paragraph, lines in another script than the article (an English
  photo-agency caption over an Arabic story) and short labels before the headline are removed, and the
  headline is found (the first substantial short line without a closing full stop);
- headings such as "Read more" / "اقرأ أيضا" / "Related" take the headline-like lines right after them;
- tail: once a strong tail heading ("Author", "More From Author", "Leave a Reply", the comment-form
  notice) appears after the body has begun, everything after it is page furniture, each line removed
  with the reason of the heading it falls under (a name after "Author" is a byline, a paragraph there an
  author bio);
- a trailing author bio with no heading ("X is an award-winning reporter ...") after the last body
  paragraph is removed with the name line before it.

Body paragraphs are never removed before a strong tail heading: line rules skip long lines, and the
position rules only touch lines that are not clearly body text in the article's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.clean.rules import (
    LineClass,
    classify_line,
    ends_sentence,
    line_key,
    looks_like_bio,
    looks_like_name,
    script_of,
    strip_bullets,
    strip_marks,
    word_count,
)
from models.clean.types import RemovedText

MAX_TITLE_CHARS = 200
"""A headline is shorter than this."""

MIN_BODY_WORDS = 8
"""A line in the article's language with at least this many words (or a full sentence of at least
`MIN_SENTENCE_WORDS`) is body text."""

MIN_SENTENCE_WORDS = 4
MAX_FOLLOWERS = 12
"""At most this many headline-like lines are taken after a "Read more" / "Related" heading."""


@dataclass
class FilterResult:
    """What `filter_boilerplate` kept and removed.

    Args:
        title: the headline found or confirmed, or None.
        paragraphs: kept body paragraphs in order.
        removed: removed lines in document order, with reasons.
        author: an author named by a byline or an author box, if any.
        date: a date line found before the body, if any.
    """

    title: str | None
    paragraphs: list[str]
    removed: list[RemovedText] = field(default_factory=list)
    author: str | None = None
    date: str | None = None


@dataclass
class _Unit:
    text: str
    block: int
    cls: LineClass | None
    reason: str | None = None
    dropped: bool = False  # removed without a record (a repeat of the title)


def split_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of a text, each a list of its non-empty stripped lines.

    Like `models.text.segment.split_paragraphs`, a text without any blank line has one block per line
    (scraped news often has one paragraph per line).

    Args:
        text: plain text with `\\n` line ends.
    """
    lines = [line.strip() for line in text.strip().split("\n")]
    if all(lines):
        return [[line] for line in lines if line]
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_wrapped(lines: list[str]) -> bool:
    """True when a multi-line block is one paragraph hard-wrapped over lines (rather than a list of
    separate lines such as paragraphs, captions or menu items)."""
    if len(lines) < 2:
        return False
    inner = lines[:-1]
    wrapped = sum(len(line) >= 40 and not ends_sentence(line) for line in inner)
    return wrapped * 2 > len(inner)


def _units(blocks: list[list[str]]) -> list[_Unit]:
    units: list[_Unit] = []
    for index, lines in enumerate(blocks):
        if _is_wrapped(lines):
            text = " ".join(lines)  # joined as models.text.segment.split_paragraphs does
            units.append(_Unit(text, index, classify_line(text)))
        else:
            units.extend(_Unit(line, index, classify_line(line)) for line in lines)
    return units


def _article_lang(units: list[_Unit]) -> str | None:
    counts: dict[str, int] = {}
    for unit in units:
        if unit.cls is None:
            lang = script_of(unit.text)
            if lang:
                counts[lang] = counts.get(lang, 0) + len(unit.text)
    return max(counts, key=lambda k: counts[k]) if counts else None


def _is_body(unit: _Unit, lang: str | None) -> bool:
    if unit.cls is not None or unit.reason is not None:
        return False
    if lang is not None and script_of(unit.text) != lang:
        return False
    words = word_count(unit.text)
    return words >= MIN_BODY_WORDS or (words >= MIN_SENTENCE_WORDS and ends_sentence(unit.text))


def _is_title_like(text: str) -> bool:
    clean = strip_marks(text)
    if not clean or len(clean) >= MAX_TITLE_CHARS:
        return False
    if clean.endswith((".", "…", ":", "：", "،", ",", ";", "؛")):
        return False
    return word_count(clean) >= 3 or len(clean) >= 20


def _is_headline_like(unit: _Unit) -> bool:
    clean = strip_marks(unit.text)
    return (
        unit.cls is None
        and 0 < word_count(clean) <= 20
        and len(clean) < MAX_TITLE_CHARS
        and not ends_sentence(clean)
    )


class _Filter:
    def __init__(self, blocks: list[list[str]], title: str | None, find_title: bool) -> None:
        self.units = _units(blocks)
        self.lang = _article_lang(self.units)
        self.title = title
        self.find_title = find_title and title is None
        self.found_title = False
        self.author: str | None = None
        self.date: str | None = None

    def run(self) -> FilterResult:
        for unit in self.units:
            if unit.cls is not None:
                self._remove(unit, unit.cls.reason)
        self._lead_in()
        tail = self._tail_start()
        self._followers(len(self.units) if tail is None else tail)
        if tail is not None:
            self._tail(tail)
        self._trailing_bio(len(self.units) if tail is None else tail)
        return self._result()

    def _remove(self, unit: _Unit, reason: str) -> None:
        unit.reason = reason
        if reason != "byline":
            return
        cls = unit.cls
        if cls is not None and cls.author:
            self.author = self.author or cls.author
        elif cls is None and looks_like_name(unit.text):
            self.author = self.author or strip_bullets(unit.text)
        elif cls is not None and not cls.heading and any(ch.isdigit() for ch in unit.text):
            self.date = self.date or strip_bullets(unit.text)

    def _lead_in(self) -> None:
        title_key = line_key(self.title) if self.title else None
        pending_labels: list[_Unit] = []
        for unit in self.units:
            if unit.reason is not None:
                continue
            script = script_of(unit.text)
            if script is None:
                self._remove(unit, "navigation")
                continue
            if self.lang is not None and script != self.lang and word_count(unit.text) <= 15:
                self._remove(unit, "caption")
                continue
            if title_key is not None and line_key(unit.text) == title_key:
                unit.dropped = True  # the known headline repeated at the top of the text
                title_key = None
                continue
            if self.find_title:
                if _is_title_like(unit.text):
                    self.title = strip_bullets(unit.text)
                    self.found_title = True
                    unit.dropped = True
                    self.find_title = False
                    for label in pending_labels:
                        self._remove(label, "navigation")
                    continue
                if word_count(unit.text) < 3 and not ends_sentence(unit.text):
                    pending_labels.append(unit)
                    continue
                self.find_title = False
            if _is_body(unit, self.lang):
                break

    def _tail_start(self) -> int | None:
        seen_body = False
        for index, unit in enumerate(self.units):
            if unit.cls is not None and unit.cls.strong and seen_body:
                return index
            if not unit.dropped and _is_body(unit, self.lang):
                seen_body = True
        return None

    def _followers(self, end: int) -> None:
        """Headline lists after "Read more" / "Related" headings, a name after an early "Author"."""
        index = 0
        while index < end:
            unit = self.units[index]
            index += 1
            if unit.cls is None or not unit.cls.heading:
                continue
            if unit.cls.reason == "byline":
                if (
                    index < end
                    and self.units[index].reason is None
                    and looks_like_name(self.units[index].text)
                ):
                    self._remove(self.units[index], "byline")
                    index += 1
                continue
            taken = 0
            while index < end and taken < MAX_FOLLOWERS:
                follower = self.units[index]
                if follower.reason is None and (
                    not _is_headline_like(follower) or _is_body(follower, self.lang)
                ):
                    break
                if follower.reason is None:
                    self._remove(follower, unit.cls.reason)
                    taken += 1
                index += 1

    def _tail(self, start: int) -> None:
        context = "comment_form"
        for unit in self.units[start:]:
            if unit.cls is not None:
                if unit.cls.heading or unit.cls.strong:
                    context = unit.cls.reason
                self._remove(unit, unit.cls.reason)
                continue
            if unit.dropped:
                continue
            if context == "byline":
                if looks_like_name(unit.text):
                    self._remove(unit, "byline")
                else:
                    self._remove(unit, "author_bio")
                    context = "author_bio"
            else:
                self._remove(unit, context)

    def _trailing_bio(self, end: int) -> None:
        index = end - 1
        while index >= 0 and (self.units[index].reason is not None or self.units[index].dropped):
            index -= 1
        if index < 0 or not looks_like_bio(self.units[index].text):
            return
        self._remove(self.units[index], "author_bio")
        before = index - 1
        if before >= 0 and self.units[before].reason is None and looks_like_name(self.units[before].text):
            self._remove(self.units[before], "byline")

    def _result(self) -> FilterResult:
        paragraphs: list[str] = []
        removed: list[RemovedText] = []
        for unit in self.units:
            if unit.dropped:
                continue
            if unit.reason is not None:
                removed.append(RemovedText(unit.text, unit.reason))
            else:
                paragraphs.append(unit.text)
        title = self.title
        if not paragraphs and title is not None and self.found_title:
            # A lone short line is the text itself, not a headline over nothing.
            paragraphs, title = [title], None
        return FilterResult(title, paragraphs, removed, self.author, self.date)


def filter_boilerplate(
    blocks: list[list[str]], *, title: str | None = None, find_title: bool = True
) -> FilterResult:
    """Remove page furniture from the lines of an article and find its headline.

    Args:
        blocks: the article as blank-line separated blocks of lines (see `split_blocks`); a block of
            hard-wrapped lines is treated as one paragraph, any other block as one paragraph per line.
        title: the headline when the source already gave it (HTML metadata, a JSON field); a repeat of
            it at the top of the text is dropped.
        find_title: look for the headline in the lines when `title` is None.
    """
    return _Filter(blocks, title, find_title).run()
