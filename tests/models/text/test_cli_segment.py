import io
import json
from pathlib import Path

import pytest

from models.cli.main import main


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_plain_one_sentence_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "عنوان الخبر\n\nقال د. محمد\u200b: “هل انتهى؟” نعم.  انتهى!\r\n\r\nDr. Smith left. Bye."
    path = _write(tmp_path, "a.txt", text.encode())
    assert main(["segment", path]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "عنوان الخبر",
        "قال د. محمد: “هل انتهى؟”",
        "نعم.",
        "انتهى!",
        "Dr. Smith left.",
        "Bye.",
    ]


def test_stdin_and_lang(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"One. Two?")))
    assert main(["segment", "-", "--lang", "en"]) == 0
    assert capsys.readouterr().out == "One.\nTwo?\n"


def test_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        json.dumps({"id": 1, "text": "هل ستأتي؟ نعم!\n\nفقرة ثانية."}, ensure_ascii=False),
        "",
        json.dumps({"id": "b", "text": ""}),
    ]
    path = _write(tmp_path, "in.jsonl", "\n".join(lines).encode())
    assert main(["segment", "--jsonl", path]) == 0
    out = capsys.readouterr().out
    assert "\\u" not in out  # ensure_ascii=False
    assert [json.loads(line) for line in out.splitlines()] == [
        {"id": 1, "sentences": ["هل ستأتي؟", "نعم!", "فقرة ثانية."]},
        {"id": "b", "sentences": []},
    ]


@pytest.mark.parametrize("bad", ['{"id": 2, "text": "x"', '{"id": 2}', '["text"]', '{"text": 5}'])
def test_jsonl_malformed_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    path = _write(tmp_path, "in.jsonl", ('{"id": 1, "text": "ok."}\n\n' + bad + "\n").encode())
    assert main(["segment", "--jsonl", path]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "in.jsonl: line 3" in captured.err


def test_non_utf8_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "latin.txt", b"caf\xe9 na\xefve r\xe9sum\xe9. " * 3)
    assert main(["segment", path]) == 1
    err = capsys.readouterr().err
    assert "latin.txt" in err
    assert "byte offset 3" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err
