"""Percentiles, rates, ratios and resident-memory helpers."""

from __future__ import annotations

import math
import os
import time

import pytest

from models.bench.stats import RssSampler, Stopwatch, peak_rss_bytes, percentile, rate, ratio, rss_bytes


def test_percentile_interpolates_between_closest_ranks_like_numpy() -> None:
    values = [15.0, 20.0, 35.0, 40.0, 50.0]
    assert percentile(values, 0) == 15.0
    assert percentile(values, 100) == 50.0
    assert percentile(values, 50) == 35.0
    assert percentile(values, 40) == pytest.approx(29.0)  # numpy.percentile(values, 40)
    assert percentile(values, 95) == pytest.approx(48.0)
    assert percentile(list(reversed(values)), 95) == pytest.approx(48.0)  # order does not matter


def test_percentile_of_one_value_and_of_none() -> None:
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_rate_and_ratio() -> None:
    assert rate(300, 1.5) == 200
    assert rate(10, 0) == 0.0
    assert ratio(500.0, 100.0) == 5.0
    assert ratio(90.0, 100.0) == pytest.approx(0.9)
    assert ratio(None, 1.0) is None
    assert ratio(1.0, 0.0) is None
    assert ratio(1.0, None) is None
    assert ratio(math.nan, 1.0) is None


def test_resident_memory_of_this_process() -> None:
    current = rss_bytes()
    assert current > 1024 * 1024
    assert peak_rss_bytes() >= current * 0.9  # the high-water mark is at least (about) what is resident now
    with RssSampler(os.getpid(), interval_s=0.01) as sampler:
        block = bytearray(32 * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])  # touch every page
        with Stopwatch() as watch:
            while sampler.samples < 3:
                time.sleep(0.005)
    assert sampler.peak >= current
    assert watch.seconds >= 0
    del block
