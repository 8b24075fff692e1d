"""Helpers shared by the synthetic-model tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load(model_dir: Path) -> tuple[Any, Any]:
    """Load tokenizer and model exactly as the application loads a downloaded hub model."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    return AutoTokenizer.from_pretrained(model_dir), AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()


def generate(model: Any, tokenizer: Any, texts: list[str], max_new_tokens: int = 5, **kwargs: Any) -> Any:
    """Greedy-generate ``max_new_tokens`` tokens for ``texts``; returns the id tensor."""
    import torch

    encoded = tokenizer(texts, return_tensors="pt", padding=True)
    with torch.no_grad():
        return model.generate(**encoded, max_new_tokens=max_new_tokens, **kwargs)
