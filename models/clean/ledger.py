"""The account of an HTML page's cleaning: every text block of the page is either in the article, its
headline, or in `CleanedArticle.removed` with a reason.

The main-text extractor returns lines, the page has blocks (`models.clean.page`); lines are aligned to
blocks in document order by their letters and digits (`match_key`). Then:

- a kept line that sits in page furniture (a comment form, a share bar, a footer) is removed with that
  furniture's reason, unless that furniture holds a large share of the kept text (then the container
  is a badly named article wrapper, not furniture);
- a block no line accounts for was left out by the extractor; it is recorded with the reason a line
  rule gives it (`classify_line`), else its furniture's, else "page_furniture".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.clean.page import HEADER, Block, match_key
from models.clean.rules import classify_line, looks_like_bio
from models.clean.types import RemovedText

MIN_CONTAINED = 15
"""A line is found inside a longer block (or a block inside a longer line) only when the shorter
one has at least this many letters and digits; shorter ones must match whole."""

MAX_CLASSIFIED_CHARS = 300
"""Left-out blocks longer than this are recorded as "page_furniture" without asking the line rules,
which name short lines only (and cost time on every block of every page)."""

MAX_FURNITURE_SHARE = 0.3
"""Furniture holding more than this share of the extractor's text is taken for the article's own
container, and its lines are kept."""


@dataclass
class Alignment:
    """Lines aligned to blocks.

    Args:
        line_blocks: for each line, the index of the first block it was found in (None: not found).
        accounted: for each block, whether some line accounts for it.
    """

    line_blocks: list[int | None]
    accounted: list[bool]


def align(lines: Sequence[str], blocks: Sequence[Block]) -> Alignment:
    """Align extractor lines to page blocks, both in document order (see the module docstring)."""
    keys = [block.key for block in blocks]
    accounted = [False] * len(blocks)
    line_blocks: list[int | None] = []
    pointer = 0
    for line in lines:
        key = match_key(line)
        found = _find(key, keys, pointer) if key else None
        line_blocks.append(found)
        if found is None:
            continue
        accounted[found] = True
        pointer = found + 1
        # A line made of several blocks (inline runs, table cells) accounts for all of them.
        while pointer < len(keys) and keys[pointer] and keys[pointer] in key:
            accounted[pointer] = True
            pointer += 1
    return Alignment(line_blocks, accounted)


def _find(key: str, keys: Sequence[str], start: int) -> int | None:
    for index in range(start, len(keys)):
        block = keys[index]
        if not block:
            continue
        if block == key:
            return index
        if len(key) >= MIN_CONTAINED and key in block:
            return index
        if len(block) >= MIN_CONTAINED and block in key:
            return index
    return None


def furniture_lines(lines: Sequence[str], blocks: Sequence[Block], alignment: Alignment) -> dict[int, str]:
    """Kept lines that sit in page furniture, as line index -> reason (see the module docstring)."""
    total = sum(len(line) for line in lines) or 1
    held: dict[int, int] = {}
    for line, index in zip(lines, alignment.line_blocks, strict=True):
        if index is not None:
            for number, _ in blocks[index].furniture:
                held[number] = held.get(number, 0) + len(line)
    found: dict[int, str] = {}
    for position, index in enumerate(alignment.line_blocks):
        if index is None:
            continue
        for number, reason in reversed(blocks[index].furniture):  # innermost first
            if reason != HEADER and held[number] / total <= MAX_FURNITURE_SHARE:
                rule = classify_line(lines[position]) if reason in _GENERIC else None
                found[position] = rule.reason if rule is not None else reason
                break
    return found


def left_out(
    blocks: Sequence[Block], alignment: Alignment, title: str | None
) -> list[tuple[int, RemovedText]]:
    """Blocks no line accounts for, as (block index, removal), the headline's first repeat excepted."""
    title_key = match_key(title) if title else None
    removed: list[tuple[int, RemovedText]] = []
    for index, block in enumerate(blocks):
        if alignment.accounted[index] or not block.key:
            continue
        if title_key is not None and block.key == title_key:
            title_key = None
            continue
        removed.append((index, RemovedText(block.text, _reason(block))))
    return removed


def _reason(block: Block) -> str:
    # Named furniture gives the reason; the line rules (slower) only for text outside any, or in a
    # footer or comment area, where they tell copyright, terms and moderation lines apart.
    named = block.furniture[-1][1] if block.furniture else None
    if named == HEADER:
        named = "navigation"
    if named is not None and named not in _GENERIC:
        return named
    if len(block.text) > MAX_CLASSIFIED_CHARS:
        return "page_furniture"
    found = classify_line(block.text)
    if found is not None:
        return found.reason
    if looks_like_bio(block.text):
        return "author_bio"
    return named or "page_furniture"


_GENERIC = ("page_furniture", "comment_form")
"""Furniture whose lines the rules name more precisely (a footer's copyright line is "legal", a
comment area's moderation notice "comment_policy")."""


def in_page_order(
    line_removals: Sequence[tuple[int, RemovedText]],
    alignment: Alignment,
    block_removals: Sequence[tuple[int, RemovedText]],
) -> list[RemovedText]:
    """Removals of lines (by line index) and of left-out blocks (by block index) merged in page order;
    a line not found in the page takes the place after the line before it."""
    placed: list[tuple[float, int, RemovedText]] = []
    last = -1.0
    positions: list[float] = []
    for index in alignment.line_blocks:
        last = float(index) if index is not None else last + 0.001
        positions.append(last)
    for order, (line, removal) in enumerate(line_removals):
        placed.append((positions[line] if line < len(positions) else last, order, removal))
    for order, (block, removal) in enumerate(block_removals):
        placed.append((float(block) - 0.0001, len(line_removals) + order, removal))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [removal for _, _, removal in placed]
