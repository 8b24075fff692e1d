"""Every command reads its input the same way: legacy Arabic encodings with a warning, a directory
named as such, and empty input refused before any model loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.cli.main import main

ARABIC = "قال الوزير إن الاجتماع انتهى. وأضاف أن المحادثات ستستمر غدا."


@pytest.mark.parametrize("encoding", ["windows-1256", "iso-8859-6"])
@pytest.mark.parametrize("command", [["segment"], ["clean"], ["translate", "--source", "ar"], ["summarize"]])
@pytest.mark.usefixtures("tiny_environ")
def test_legacy_arabic_encodings_are_read_with_a_warning_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], encoding: str
) -> None:
    source = tmp_path / "legacy.txt"
    source.write_bytes(ARABIC.encode(encoding))
    assert main([*command, str(source)]) == 0
    captured = capsys.readouterr()
    assert f"decoded as {encoding}" in captured.err and "legacy.txt" in captured.err
    assert captured.out.strip()
    if command == ["segment"]:
        assert captured.out.splitlines()[0] == "قال الوزير إن الاجتماع انتهى."


@pytest.mark.parametrize("command", ["translate", "summarize", "segment", "clean", "brief"])
def test_a_directory_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "is a directory" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("command", "verb"), [("translate", "translate"), ("summarize", "summarize")])
@pytest.mark.parametrize("content", ["", "  \n\n \t\n"])
def test_empty_input_is_refused_before_any_model_loads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    verb: str,
    content: str,
) -> None:
    import models.engine

    def no_engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("a model engine was built for empty input")

    monkeypatch.setattr(models.engine, "Engine", no_engine)
    source = tmp_path / "empty.txt"
    source.write_text(content, encoding="utf-8")
    assert main([command, str(source)]) == 1
    err = capsys.readouterr().err
    assert f"is empty: nothing to {verb}" in err and str(source) in err
