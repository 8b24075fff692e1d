"""Grouping token sequences into model calls by a token budget, longest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.backends import GenerationOptions
    from models.contract import SummaryRow
    from models.loader import LoadedModel


def plan_batches(lengths: Sequence[int], batch_tokens: int, max_batch_size: int) -> list[list[int]]:
    """Indices of `lengths` grouped into batches, sorted by length so padding stays small.

    A batch's cost is its padded size (rows x longest row) and stays within `batch_tokens`, with at
    most `max_batch_size` rows; a single row longer than the budget still gets a batch of its own.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        size = max(lengths[index], 1)
        width = max(longest, size)
        if current and (width * (len(current) + 1) > batch_tokens or len(current) >= max_batch_size):
            batches.append(current)
            current, width = [], size
        current.append(index)
        longest = width
    if current:
        batches.append(current)
    return batches


def generate_rows(
    model: LoadedModel,
    lang: str,
    rows: Sequence[SummaryRow],
    options: GenerationOptions,
    batch_tokens: int,
    max_batch_size: int,
) -> list[str]:
    """Decoded outputs of `model` for `rows` (in order), in token-budget batches.

    Each batch decodes at least the smallest `min_new_tokens` of its rows; `lang` is the target
    language (its prefix token, for coded families).
    """
    outputs = [""] * len(rows)
    lengths = [len(row.tokens) for row in rows]
    for batch in plan_batches(lengths, batch_tokens, max_batch_size):
        least = min(rows[i].min_new_tokens for i in batch)
        generated = model.generate(
            [rows[i].tokens for i in batch], replace(options, min_new_tokens=least), lang
        )
        for index, text in zip(batch, model.decode(generated), strict=True):
            outputs[index] = text
    return outputs
