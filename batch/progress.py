"""Progress of a run: a bar with articles per second and ETA on a terminal, log lines otherwise.

Thread-safe: the scanner reports articles found, the writer articles finished.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import Any, TextIO

KINDS = ("processed", "skipped", "duplicates", "failed")


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


class Progress:
    """Counts of a run and their display.

    quiet: show nothing. every: seconds between log lines when `stream` is not a terminal.
    bar: force the terminal bar on (True) or off (False); None asks `stream.isatty()`.
    """

    def __init__(
        self, quiet: bool = False, every: float = 10.0, stream: TextIO | None = None, bar: bool | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.every = every
        self.found = 0
        self.scan_done = False
        self.counts = dict.fromkeys(KINDS, 0)
        self.started = time.monotonic()
        self._refreshed = 0.0
        self._closed = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._bar: Any = None
        use_bar = bar if bar is not None else _isatty(self.stream)
        if not quiet and use_bar:
            from tqdm import tqdm

            # A terminal that reports no width (some ptys) would get an empty bar: fall back to 100.
            width = shutil.get_terminal_size((100, 20)).columns or 100
            self._bar = tqdm(total=0, unit="article", file=self.stream, ncols=width, desc="batch")
        elif not quiet:
            self._ticker = threading.Thread(target=self._tick, name="batch-progress", daemon=True)
            self._ticker.start()

    @property
    def finished(self) -> int:
        return sum(self.counts.values())

    def add_found(self, count: int = 1) -> None:
        with self._lock:
            self.found += count
            if self._bar is not None:
                self._bar.total = self.found
                now = time.monotonic()
                if now - self._refreshed >= 0.5:  # a terminal write per article found is too many
                    self._refreshed = now
                    self._bar.refresh()

    def scan_finished(self) -> None:
        with self._lock:
            self.scan_done = True

    def advance(self, kind: str, count: int = 1) -> None:
        with self._lock:
            self.counts[kind] += count
            if self._bar is not None:
                self._bar.set_postfix(failed=self.counts["failed"], refresh=False)
                self._bar.update(count)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.finished / elapsed
        total = f"{self.found}" + ("" if self.scan_done else "+")
        text = (
            f"batch: {self.finished}/{total} articles ({self.counts['processed']} done, "
            f"{self.counts['skipped']} unchanged, {self.counts['duplicates']} duplicates, "
            f"{self.counts['failed']} failed), {rate:.2f} articles/s"
        )
        remaining = self.found - self.finished
        if rate > 0 and remaining > 0:
            text += f", ETA {_duration(remaining / rate)}" + ("" if self.scan_done else " (still scanning)")
        return text

    def _tick(self) -> None:
        while not self._stop.wait(self.every):
            with self._lock:
                print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        """Stop the display; off a terminal, log the final line once."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            elif not self.quiet:
                print(self.line(), file=self.stream, flush=True)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
