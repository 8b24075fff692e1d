"""Small measurement helpers: percentiles, rates, ratios and resident memory.

Nothing here imports torch; the helpers are shared by the rows (run in their own processes) and by
the service benchmark (which watches another process).
"""

from __future__ import annotations

import math
import os
import resource
import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType

MB = 1024 * 1024


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0..100) of `values`, linearly interpolated between closest ranks.

    The same definition as numpy's default (`method="linear"`). An empty sequence gives NaN.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return ordered[low] + (ordered[high] - ordered[low]) * fraction


def rate(count: float, seconds: float) -> float:
    """`count` per second; 0 when no time was measured."""
    return count / seconds if seconds > 0 else 0.0


def ratio(value: float | None, reference: float | None) -> float | None:
    """`value / reference`, or None when either is unknown or the reference is not positive."""
    if value is None or reference is None or reference <= 0 or math.isnan(value) or math.isnan(reference):
        return None
    return value / reference


def peak_rss_bytes() -> int:
    """This process's resident-set high-water mark since it started, in bytes.

    Linux: `VmHWM` from /proc/self/status, which starts afresh at `exec`. (`getrusage`'s ru_maxrss
    does not: a child inherits the high-water mark of the process it was forked from, so a row
    started by a large parent would report the parent's peak.) Elsewhere: `getrusage`.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # kilobytes on Linux


def rss_bytes(pid: int | None = None, children: bool = False) -> int:
    """Current resident set of `pid` (default: this process), with its children's when asked."""
    import psutil

    try:
        process = psutil.Process(pid or os.getpid())
        total = int(process.memory_info().rss)
        if children:
            for child in process.children(recursive=True):
                try:
                    total += int(child.memory_info().rss)
                except psutil.Error:
                    continue
        return total
    except psutil.Error:
        return 0


class RssSampler:
    """Samples the resident set of a process (and its children) in a background thread.

    Use as a context manager around the work to watch; `peak` is the largest sample (bytes) and
    `samples` how many were taken. Sampling every 0.1 s costs a few microseconds of GIL a time.
    """

    def __init__(self, pid: int | None = None, interval_s: float = 0.1, children: bool = True) -> None:
        self.pid = pid or os.getpid()
        self.interval_s = interval_s
        self.children = children
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample(self) -> int:
        value = rss_bytes(self.pid, self.children)
        self.peak = max(self.peak, value)
        self.samples += 1
        return value

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def __enter__(self) -> RssSampler:
        self.sample()
        self._thread = threading.Thread(target=self._loop, name="bench-rss", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()


class Stopwatch:
    """`with Stopwatch() as watch: ...` then `watch.seconds` (perf_counter)."""

    seconds: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start
