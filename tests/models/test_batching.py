from __future__ import annotations

from models.batching import plan_batches


def test_every_index_once_longest_first_within_budget() -> None:
    lengths = [5, 50, 7, 30, 30, 2, 120]
    batches = plan_batches(lengths, batch_tokens=100, max_batch_size=3)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert flat[0] == 6  # the longest goes first
    for batch in batches:
        assert len(batch) <= 3
        if len(batch) > 1:
            assert max(lengths[i] for i in batch) * len(batch) <= 100


def test_empty() -> None:
    assert plan_batches([], 100, 8) == []
