"""`tarjama bench` end to end on tiny shapes, rows in this process (a smoke run of the harness)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.bench.fixtures import MARKER, ensure_model
from models.cli.main import main


def test_bench_translation_prints_tables_and_writes_json(
    bench_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "results.json"
    code = main(
        [
            "bench",
            "translation",
            "--shapes",
            "tiny",
            "--in-process",
            "--corpus",
            str(bench_corpus),
            "--work-dir",
            str(tmp_path / "work"),
            "--docs",
            "2",
            "--new-tokens",
            "4",
            "--beam-size",
            "2",
            "--output",
            str(output),
            "--markdown",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "### Translation" in out and "(c) engine ceiling" in out and "### Targets" in out
    data = json.loads(output.read_text(encoding="utf-8"))
    rows = data["rows"]["translation"]
    assert [row["row"] for row in rows] == ["naive", "tarjama", "ceiling", "shortlist"]
    assert all(row["verified"] and row["new_tokens"] == 4 and row["docs"] == 2 for row in rows)
    shortlist = rows[-1]
    assert 0.0 <= shortlist["coverage"] <= 1.0 and "vocabulary map" in shortlist["engine"]
    assert "(d) tarjama with shortlist" in out and "shortlist admits >= 99%" in out
    assert data["machine"]["cores"] >= 1 and data["machine"]["ctranslate2"] != "-"


def test_bench_rejects_bad_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "translation", "--docs", "0"]) == 2  # bad usage, like every bad setting
    assert "--docs" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bench", "service", "--clients", "1,x"])
    assert main(["bench", "translation", "--env", "NOEQUALS"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err
    assert main(["bench", "service", "--against", "=1"]) == 2
    assert "--against takes NAME=VALUE" in capsys.readouterr().err


def test_models_are_built_once_and_rebuilt_when_the_corpus_changes(tmp_path: Path) -> None:
    lines = ["The minister spoke to reporters on Sunday.", "Prices rose again in March."]
    first = ensure_model("opus-mt-ar-en", tmp_path, lines, shapes="tiny")
    stamp = (first / "config.json").stat().st_mtime_ns
    again = ensure_model("opus-mt-ar-en", tmp_path, lines, shapes="tiny")
    assert again == first and (again / "config.json").stat().st_mtime_ns == stamp
    marker = json.loads((first / MARKER).read_text(encoding="utf-8"))
    assert marker["shape"]["d_model"] == 32 and marker["key"] == "opus-mt-ar-en"
    ensure_model("opus-mt-ar-en", tmp_path, [*lines, "A new line."], shapes="tiny")
    assert json.loads((first / MARKER).read_text(encoding="utf-8"))["corpus"] != marker["corpus"]
