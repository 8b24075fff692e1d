"""Fixtures for the synthetic-model tests: offline hub, one torch thread."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _offline_single_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test runs with the hub offline and torch on one thread (tiny models, busy CPUs)."""
    import huggingface_hub.constants

    from models.synthetic.suite import single_thread

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with single_thread():
        yield
