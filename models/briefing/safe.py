"""Making untrusted text inert: bidi controls, control characters, URLs and relative links.

Everything a briefing holds came from a scraped page or a model, so every renderer passes every
string through `clean_text` and every link through `safe_url` / `safe_link` before escaping it
for its own format.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

# Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they can reorder what a reader
# sees (a "trojan source" filename or headline); the renderers isolate text with <bdi>/dir instead.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls other than tab and newline: invalid in HTML and invisible everywhere.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WHITESPACE_RUN = re.compile(r"\s+")
SAFE_SCHEMES = ("http", "https")
# Characters kept as they are in a URL's path, query and fragment; everything else is percent-encoded
# (quotes, angle brackets, parentheses, backslashes, spaces, backticks, non-ASCII ...).
_URL_SAFE = "/:@!$&*+,;=%~-._?#"


def clean_text(text: str) -> str:
    """`text` without bidi embedding/override/isolate characters and control characters.

    Newlines and tabs are kept; use `one_line` where a value must stay on one line.
    """
    return _CONTROLS.sub("", BIDI_CONTROLS.sub("", text))


def one_line(text: str) -> str:
    """`clean_text`, with every run of whitespace (newlines included) collapsed to one space."""
    return _WHITESPACE_RUN.sub(" ", clean_text(text)).strip()


def safe_url(url: str) -> str | None:
    """An absolute http(s) URL safe to put in a link, or None for anything else.

    javascript:, data:, vbscript:, scheme-relative (//host) and relative URLs give None, whatever
    their case or the whitespace and control characters hidden in them. The result is
    percent-encoded so it holds no quote, angle bracket, parenthesis, backslash or space.
    """
    text = clean_text(url).strip()
    try:
        parts = urlsplit(text)  # drops tabs and newlines, as browsers do ("java\nscript:")
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    netloc = parts.netloc
    if not re.fullmatch(r"[A-Za-z0-9.\-:\[\]@%_~!$&*+,;=]+", netloc):
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        if not re.fullmatch(r"[A-Za-z0-9.\-:\[\]@]+", netloc):
            return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def safe_link(link: str) -> str | None:
    """A link for a digest entry: an absolute http(s) URL (see `safe_url`) or a relative path.

    Anything else is taken as a file path relative to the digest and percent-encoded as one, so
    `javascript:alert(1)` becomes the harmless relative path `javascript%3Aalert%281%29`. Windows
    separators become `/`; a leading `//` (which would leave the site) is reduced to `/`.
    None for an empty link.
    """
    text = clean_text(link).strip()
    if not text:
        return None
    absolute = safe_url(text)
    if absolute is not None:
        return absolute
    # A path keeps every character of the file's name (bidi controls included, which a file may
    # well hold): percent-encoded, they are inert in the link and it still finds the file.
    path = link.strip().replace("\\", "/")
    path = re.sub(r"^/{2,}", "/", path)
    return quote(path, safe="/")
