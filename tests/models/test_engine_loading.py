"""The engine loads each model once, behind a per-model future: loading one never blocks another."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import models.engine as engine_module
from models.engine import Engine
from models.errors import ModelLoadError


class FakeModel:
    def __init__(self, spec: str) -> None:
        self.name = spec
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_a_slow_load_does_not_block_another_model(
    tiny_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    loads: list[str] = []

    def load(spec: str, settings: Any, *, backend: Any = None, shortlist: Any = None) -> FakeModel:
        loads.append(spec)
        if spec == "slow":
            started.set()
            if not release.wait(10):
                raise RuntimeError("never released")
        return FakeModel(spec)

    monkeypatch.setattr(engine_module, "load_model", load)
    engine = Engine(tiny_settings, model_overrides={"summary-en": "slow", "summary-ar": "fast"})
    with ThreadPoolExecutor(3) as pool:
        slow = pool.submit(engine.model, "summary-en")
        assert started.wait(10)
        waiter = pool.submit(engine.model, "summary-en")  # waits for the same load
        fast = engine.model("summary-ar")  # not held up by the slow load
        assert fast.name == "fast" and not slow.done()
        assert set(engine.loaded()) == {"summary-ar"}
        release.set()
        assert slow.result(10) is waiter.result(10)
    assert loads.count("slow") == 1
    engine.close()
    assert fast.closed and engine.loaded() == {}


def test_a_failed_load_is_tried_again(tiny_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def load(spec: str, settings: Any, *, backend: Any = None, shortlist: Any = None) -> FakeModel:
        attempts.append(spec)
        if len(attempts) == 1:
            raise ModelLoadError("broken files")
        return FakeModel(spec)

    monkeypatch.setattr(engine_module, "load_model", load)
    engine = Engine(tiny_settings, model_overrides={"summary-en": "flaky"})
    with pytest.raises(ModelLoadError):
        engine.model("summary-en")
    assert engine.loaded() == {}
    assert engine.model("summary-en").name == "flaky"
    assert len(attempts) == 2
