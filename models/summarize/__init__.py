"""Summaries: model-free extractive summaries (this package's `extractive` module) and the matching
helpers they use (`arabic`)."""

from __future__ import annotations

from models.summarize.extractive import (
    ExtractiveOptions,
    ExtractiveSummary,
    segment_for_summary,
    summarize_extractive,
)

__all__ = ["ExtractiveOptions", "ExtractiveSummary", "segment_for_summary", "summarize_extractive"]
