"""Summaries: model-free extractive ranking (`extractive`), map-reduce abstractive summaries
(`abstractive`), cross-lingual routes (`crosslingual`) and the one entry point, `summarize`."""

from __future__ import annotations

from models.summarize.abstractive import AbstractiveOptions
from models.summarize.extractive import (
    ExtractiveOptions,
    ExtractiveSummary,
    segment_for_summary,
    summarize_extractive,
)
from models.summarize.facade import summarize
from models.summarize.options import Summary, SummaryOptions

__all__ = [
    "AbstractiveOptions",
    "ExtractiveOptions",
    "ExtractiveSummary",
    "Summary",
    "SummaryOptions",
    "segment_for_summary",
    "summarize",
    "summarize_extractive",
]
