"""Do-not-translate spans: text that must come back byte for byte.

Kinds (all on by default, chosen with `Settings.protect_spans` or per request):

- ``url``: ``http://``, ``https://`` and ``www.`` addresses (trailing punctuation stays outside);
- ``email``: e-mail addresses;
- ``handle``: ``@name`` social-media handles;
- ``hashtag``: ``#tag`` hashtags (Arabic tags too);
- ``marker``: text an editor wraps in double square brackets, ``[[like this]]``. The brackets
  are markup: they are removed, and what is inside comes back untranslated.

Text that already looks like one of tarjama's placeholders (``__T1__``) is always protected, so
it can never be confused with one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from models.errors import InvalidInputError

KINDS: tuple[str, ...] = ("url", "email", "handle", "hashtag", "marker")
DEFAULT_KINDS = frozenset(KINDS)

MARKER_OPEN, MARKER_CLOSE = "[[", "]]"

_PATTERNS: dict[str, re.Pattern[str]] = {
    "url": re.compile(r"(?:https?://|www\.)[^\s<>\"\[\]]+", re.IGNORECASE),
    "email": re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "handle": re.compile(r"(?<![\w@])@[A-Za-z0-9_]{1,30}\b"),
    "hashtag": re.compile(r"(?<![\w#&])#\w+"),
    "marker": re.compile(r"\[\[(.+?)\]\]", re.DOTALL),
    "placeholder": re.compile(r"_{1,2} ?[Tt] ?\d{1,4} ?_{1,2}"),
}
_TRAILING = ".,;:!?)'\"،؛؟»”"


@dataclass(frozen=True)
class Span:
    """[start, end) of the protected text; `keep` is what comes back (a marker's inside)."""

    start: int
    end: int
    kind: str
    keep: str


def parse_kinds(value: str | Iterable[str] | None) -> frozenset[str]:
    """Kinds from a comma-separated string or a list; None gives the defaults, "" or "none" none."""
    if value is None:
        return DEFAULT_KINDS
    items = value.split(",") if isinstance(value, str) else list(value)
    kinds = {item.strip().lower() for item in items if item.strip()} - {"none"}
    unknown = kinds - set(KINDS)
    if unknown:
        raise InvalidInputError(
            f"unknown protected-span kind(s) {', '.join(sorted(unknown))}; use {', '.join(KINDS)}"
        )
    return frozenset(kinds)


def find_spans(text: str, kinds: Iterable[str] = DEFAULT_KINDS) -> list[Span]:
    """Protected spans in `text`, in order, never overlapping (the earliest, then longest, wins)."""
    found: list[Span] = []
    for kind in ("placeholder", *sorted(set(kinds))):
        for match in _PATTERNS[kind].finditer(text):
            start, end = match.span()
            if kind == "marker":
                keep = match.group(1)
            else:
                while end > start + 1 and text[end - 1] in _TRAILING:
                    end -= 1
                keep = text[start:end]
            found.append(Span(start, end, kind, keep))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    result: list[Span] = []
    for span in found:
        if result and span.start < result[-1].end:
            continue
        result.append(span)
    return result
