"""`tarjama translate` and `tarjama models`, called as a user calls them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.cli.main import main
from models.text.normalize import normalize
from models.text.segment import split_paragraphs


@pytest.mark.usefixtures("tiny_environ")
@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_translate_seed_article_prints_one_paragraph_per_input_paragraph(
    tiny_models: dict[str, Path], shared_dir: Path, capsys: pytest.CaptureFixture[str], backend: str
) -> None:
    seed = shared_dir / "samples" / "seed-article-ar.txt"
    code = main(
        [
            "translate",
            "--model",
            str(tiny_models["marian-ar-en"]),
            "--backend",
            backend,
            "--beam-size",
            "1",
            str(seed),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    expected = len(split_paragraphs(normalize(seed.read_text(encoding="utf-8"))))
    assert len(out.rstrip("\n").split("\n\n")) == expected


@pytest.mark.usefixtures("tiny_environ")
def test_translate_json_has_segments_with_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Hello there. How are you?\n\nSecond paragraph.", encoding="utf-8")
    assert main(["translate", "--json", "--beam-size", "1", str(source)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["source_lang"], data["target_lang"]) == ("en", "ar")
    assert [len(p["segments"]) for p in data["paragraphs"]] == [2, 1]
    assert all(isinstance(s["flags"], list) for p in data["paragraphs"] for s in p["segments"])


@pytest.mark.usefixtures("tiny_environ")
def test_invalid_utf8_names_file_and_offset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("نص".encode() + b"\xff\xfe rest")
    assert main(["translate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "byte offset 4" in err
    assert "Traceback" not in err


def test_missing_model_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("TARJAMA_AR_EN_MODEL", "Helsinki-NLP/opus-mt-ar-en")
    source = tmp_path / "in.txt"
    source.write_text("نص عربي.", encoding="utf-8")
    assert main(["translate", str(source)]) == 1
    err = capsys.readouterr().err
    assert "Helsinki-NLP/opus-mt-ar-en" in err and "tarjama models pull" in err
    assert "Traceback" not in err


def test_unsupported_pair_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("text", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["translate", "--target", "fr", str(source)])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.usefixtures("tiny_environ")
def test_models_list_shows_presence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TARJAMA_SUMMARY_MODEL_AR", "csebuetnlp/mT5_multilingual_XLSum")
    assert main(["models", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert "present" in lines[0] and "present" in lines[1]
    assert "missing" in lines[3] and "tarjama models pull" in lines[3]
