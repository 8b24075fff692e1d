"""`python -m models.summarize.devset`: prints ROUGE-1 of every method on a corpus (not a threshold)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.summarize import devset

ARTICLE = """Council approves the bridge budget

The city council approved a new budget for the river bridge on Tuesday after months of debate. \
The bridge will link the two halves of the city.

Work on the bridge is expected to start in the spring. It will take three years, the mayor said.

Critics say the budget is too large. The council rejected their motion by seven votes to two."""


def test_prints_every_method_for_every_proxy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("ar", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "doc.txt").write_text(ARTICLE, encoding="utf-8")
    assert devset.main(["--corpus", str(tmp_path), "--words", "20"]) == 0
    out = capsys.readouterr().out
    assert out.count("proxy") == 3
    rows = [line for line in out.splitlines() if line.startswith(tuple(devset.METHODS))]
    assert len(rows) == 3 * len(devset.METHODS)
    for row in rows:
        f, r = (float(x) for x in row[26:].split()[:2])
        assert 0 <= f <= 1 and 0 <= r <= 1


def test_missing_corpus_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert devset.main(["--corpus", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no corpus" in err


def test_rouge_tokeniser_keeps_arabic() -> None:
    assert devset._Tokenizer().tokenize("قال الوزير: Hello, World!") == ["قال", "الوزير", "hello", "world"]
