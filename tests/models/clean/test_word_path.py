"""`classify_line`'s path for one ASCII word ("Politics", "2025") gives what every rule would: checked
on the rules' own words (phrase sets and pattern literals), those words joined without spaces, cased,
with digits around them, and on every such word the dev pages hold."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

from models.clean import notices, rules
from models.clean.page import parse_html, read_page
from models.clean.rules import LineClass, classify_line, line_key, strip_marks

PAGES = Path(__file__).parent / "pages"
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def _every_rule(line: str) -> LineClass | None:
    """What the rules say with none skipped: every prefix pattern tried, no word path."""
    clean = strip_marks(line)
    key = line_key(clean)
    return (
        rules._classify_phrase(key)
        or rules._classify_notice(clean, key, 1, True)
        or rules._classify_pattern(clean, key, 1, True)
    )


def _rule_texts() -> list[str]:
    """Every phrase of the rules' sets and the source of every pattern of both rule modules."""
    texts: list[str] = []
    for module in (rules, notices):
        for value in vars(module).values():
            if isinstance(value, frozenset):
                texts += [str(phrase) for phrase in value]
            elif isinstance(value, re.Pattern):
                texts.append(value.pattern)
            elif isinstance(value, rules.Words):
                texts += list(value.words)
    texts += list(rules.COMMENT_PREFIXES)
    return texts


def _candidates() -> set[str]:
    texts = _rule_texts()
    words = {word for text in texts for word in _ASCII_WORD.findall(text)}
    words |= {"".join(_ASCII_WORD.findall(text)) for text in texts}  # "privacypolicy", "readmore"
    words.discard("")
    found = set(words)
    for word in words:
        found |= {word.upper(), word.title(), f"{word}2025", f"2025{word}", f"{word}12", f"12{word}"}
    short = sorted(word for word in words if len(word) <= 12)
    found |= {a + b for a, b in product(short, repeat=2)}
    return found


def test_the_word_path_agrees_with_every_rule() -> None:
    candidates = sorted(_candidates())
    assert len(candidates) > 10_000
    differ = [word for word in candidates if classify_line.__wrapped__(word) != _every_rule(word)]
    assert differ == []
    named = {word: classify_line.__wrapped__(word) for word in candidates}
    reasons = {found.reason for found in named.values() if found is not None}
    # The words exercise each rule the path keeps: phrases, image extensions, datelines.
    assert {"legal", "cookie_notice", "caption", "byline", "share", "navigation"} <= reasons


def test_the_word_path_agrees_on_the_dev_pages() -> None:
    lines = []
    for page in sorted(PAGES.glob("**/*.html")):
        root = parse_html(page.read_text(encoding="utf-8"))
        assert root is not None
        lines += [
            block.text for block in read_page(root).blocks if block.text.isascii() and block.text.isalnum()
        ]
    assert len(lines) > 100
    assert [classify_line.__wrapped__(line) for line in lines] == [_every_rule(line) for line in lines]
