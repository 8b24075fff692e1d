"""`python -m models.clean.devset DIR`: token P/R/F1 and pages/s per extractor (not a threshold)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.clean import devset

PAGE = """<html><head><title>Bridge budget approved</title></head><body><nav><a>Home</a></nav>
<article><h1>Bridge budget approved</h1>
<p>The city council approved a new budget for the river bridge on Tuesday after months of debate.</p>
<p>The bridge will link the two halves of the city for the first time in a century, officials said.</p>
</article><footer><p>© 2025 City News</p></footer></body></html>"""
GOLD = """Bridge budget approved

The city council approved a new budget for the river bridge on Tuesday after months of debate.

The bridge will link the two halves of the city for the first time in a century, officials said.
"""


def test_prints_each_extractor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "p.txt").write_text(GOLD, encoding="utf-8")
    assert devset.main([str(tmp_path), "--repeat", "1", "--show"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith(tuple(devset.EXTRACTORS))]
    assert len(rows) == len(devset.EXTRACTORS)
    for row in rows:
        p, r, f1, per_s = (float(x) for x in row[30:].split())
        assert min(p, r, f1) >= 0 and max(p, r, f1) <= 1 and per_s > 0


def test_folder_without_pages_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert devset.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no NAME.html" in err


def test_token_bags_fold_arabic() -> None:
    assert devset.tokens("أحمد قال: أحمد") == {"احمد": 2, "قال": 1}
