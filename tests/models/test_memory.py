"""The decoding memory bound: rows per engine call from a budget, and handing free heap back."""

from __future__ import annotations

from typing import Any

import pytest

from models import memory
from models.memory import BYTES_PER_HYPOTHESIS_TOKEN, rows_per_call

MB = 1024 * 1024


def test_no_budget_or_unknown_vocabulary_means_no_cap() -> None:
    assert rows_per_call(0, 2, 4, 62_834) is None
    assert rows_per_call(384, 2, 4, 0) is None


def test_rows_follow_budget_replicas_beam_and_vocabulary() -> None:
    # The opus-mt shape: 4 x 62,834 x 36 bytes is ~9 MB per row; 384 MB over 2 replicas: 22 rows.
    assert rows_per_call(384, 2, 4, 62_834) == 384 * MB // 2 // (4 * 62_834 * BYTES_PER_HYPOTHESIS_TOKEN)
    assert rows_per_call(384, 2, 4, 62_834) == 22
    assert rows_per_call(384, 1, 4, 62_834) == 44  # one replica takes the whole budget
    assert rows_per_call(384, 2, 1, 62_834) == 89  # greedy: a quarter of the hypotheses
    assert rows_per_call(768, 2, 4, 62_834) == 44


def test_a_tiny_budget_still_decodes_one_row() -> None:
    assert rows_per_call(1, 4, 16, 250_000) == 1


class FakeTrim:
    """Stands in for a ctypes function: takes argtypes/restype, records its calls."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, pad: int) -> int:
        self.calls.append(pad)
        return 1


class FakeLibc:
    def __init__(self, with_trim: bool) -> None:
        self.trim = FakeTrim()
        self.calls = self.trim.calls
        if with_trim:
            self.malloc_trim = self.trim


def _with_libc(monkeypatch: pytest.MonkeyPatch, platform: str, libc: Any) -> None:
    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(memory.sys, "platform", platform)
    monkeypatch.setattr(memory.ctypes, "CDLL", lambda name: libc)


def test_release_trims_every_arena_with_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = FakeLibc(with_trim=True)
    _with_libc(monkeypatch, "linux", libc)
    try:
        assert memory.can_release_memory()
        assert memory.release_free_memory() is True
        assert libc.calls == [0]
    finally:
        memory._malloc_trim.cache_clear()


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_release_is_a_no_op_off_linux(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    libc = FakeLibc(with_trim=True)
    _with_libc(monkeypatch, platform, libc)
    try:
        assert not memory.can_release_memory()
        assert memory.release_free_memory() is False
        assert libc.calls == []
    finally:
        memory._malloc_trim.cache_clear()


def test_release_is_a_no_op_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_libc(monkeypatch, "linux", FakeLibc(with_trim=False))  # e.g. musl
    try:
        assert memory.release_free_memory() is False
    finally:
        memory._malloc_trim.cache_clear()


def test_release_is_a_no_op_when_the_c_library_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(memory.sys, "platform", "linux")

    def refuse(name: str) -> None:
        raise OSError(name)

    monkeypatch.setattr(memory.ctypes, "CDLL", refuse)
    try:
        assert memory.release_free_memory() is False
    finally:
        memory._malloc_trim.cache_clear()
