"""Progress: a bar on a terminal, periodic lines elsewhere, nothing with --quiet."""

from __future__ import annotations

import io
import time

from batch.progress import Progress


def test_log_lines_off_a_terminal_with_rate_and_eta() -> None:
    stream = io.StringIO()
    progress = Progress(every=0.05, stream=stream)
    progress.add_found(10)
    progress.advance("processed", 3)
    progress.advance("failed")
    time.sleep(0.2)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 2, "periodic lines, then a final one"
    assert "batch: 4/10+ articles (3 done, 0 unchanged, 0 duplicates, 1 failed)" in lines[0]
    assert "articles/s" in lines[0] and "ETA" in lines[0]
    progress.scan_finished()
    assert "4/10 articles" in progress.line()


def test_quiet_shows_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(quiet=True, every=0.01, stream=stream)
    progress.add_found(2)
    progress.advance("skipped", 2)
    time.sleep(0.05)
    progress.close()
    assert stream.getvalue() == ""


def test_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, bar=True)
    progress.add_found(4)
    progress.scan_finished()
    progress.advance("processed", 4)
    progress.close()
    progress.close()  # closing twice is harmless
    text = stream.getvalue()
    assert "4/4" in text and "article/s" in text
