"""`tarjama summarize`, called as a user calls it (tiny models from the environment)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from models.cli.main import main
from models.summarize.extractive import ExtractiveOptions, summarize_extractive
from models.synthetic.corpus import ENGLISH_LINES

ENGLISH = "\n\n".join(" ".join(ENGLISH_LINES[i : i + 4]) for i in range(0, 16, 4))
# Tiny models, one thread, short outputs: what every model-running call here adds.
FAST = ["--beam-size", "1", "--threads", "1"]


@pytest.fixture
def seed_file(shared_dir: Path) -> Path:
    return shared_dir / "samples" / "seed-article-ar.txt"


def lines_of(out: str) -> list[str]:
    return out.rstrip("\n").split("\n") if out else []


@pytest.mark.usefixtures("tiny_environ")
def test_plain_summary_in_the_article_language(
    seed_file: Path, seed_article: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", "--sentences", "2", str(seed_file)]) == 0
    expected = summarize_extractive(seed_article, "ar", ExtractiveOptions(sentences=2)).sentences
    assert lines_of(capsys.readouterr().out) == expected


@pytest.mark.usefixtures("tiny_environ")
@pytest.mark.parametrize("route", ["summarize-first", "translate-first"])
def test_cross_lingual_json(seed_file: Path, capsys: pytest.CaptureFixture[str], route: str) -> None:
    args = ["summarize", "--lang", "en", "--sentences", "2", "--route", route, "--json", *FAST]
    assert main([*args, "--backend", "ctranslate2", str(seed_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["lang"], data["source_lang"], data["method"], data["route"]) == (
        "en",
        "ar",
        "extractive",
        route,
    )
    assert set(data["models"]) == {"ar-en"}
    assert 1 <= len(data["sentences"]) <= 2
    assert data["text"] == " ".join(s for s in data["sentences"] if s)


@pytest.mark.usefixtures("tiny_environ")
def test_abstractive_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode())))
    args = ["summarize", "-", "--method", "abstractive", "--max-new-tokens", "8", "--json", *FAST]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["lang"], data["method"], data["route"]) == ("en", "abstractive", "none")
    assert set(data["models"]) == {"summary-en"}
    assert data["sentences"] and data["stats"]["chunks"] >= 1


@pytest.mark.usefixtures("tiny_environ")
def test_jsonl_gives_k_sentences_per_line(
    tmp_path: Path, seed_article: str, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"id": "a1", "text": seed_article, "k": 1},
        {"id": 2, "text": seed_article, "k": 4},
        {"id": "en", "text": ENGLISH},  # no k: --sentences
        {"id": "empty", "text": "  ", "k": 3},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8"
    )
    assert main(["summarize", "--jsonl", "--sentences", "2", str(source)]) == 0
    out = [json.loads(line) for line in lines_of(capsys.readouterr().out)]
    assert [line["id"] for line in out] == ["a1", 2, "en", "empty"]
    assert [len(line["summary"]) for line in out] == [1, 4, 2, 0]
    assert all(set(line) == {"id", "summary"} for line in out)
    assert out[1]["summary"] == summarize_extractive(seed_article, "ar", ExtractiveOptions(4)).sentences


@pytest.mark.usefixtures("tiny_environ")
def test_jsonl_words_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = [
        {"id": "w", "text": ENGLISH, "words": 30},
        {"id": "k", "text": ENGLISH, "k": 1},  # a line's k wins over --words
        {"id": "flag", "text": ENGLISH},  # --words
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assert main(["summarize", "--jsonl", "--words", "15", str(source)]) == 0
    out = {line["id"]: line["summary"] for line in map(json.loads, lines_of(capsys.readouterr().out))}
    assert out["w"] == summarize_extractive(ENGLISH, "en", ExtractiveOptions(words=30)).sentences
    assert sum(len(s.split()) for s in out["w"]) >= 30
    assert len(out["k"]) == 1
    assert out["flag"] == summarize_extractive(ENGLISH, "en", ExtractiveOptions(words=15)).sentences


@pytest.mark.usefixtures("tiny_environ")
def test_words_and_trim_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ENGLISH, encoding="utf-8")
    assert main(["summarize", "--words", "20", "--trim", "--json", str(source)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["text"].split()) == 20
    assert data["stats"]["trimmed_words"] > 0 and data["sentences"][-1].endswith("…")


@pytest.mark.usefixtures("tiny_environ")
def test_trim_without_a_budget_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ENGLISH, encoding="utf-8")
    assert main(["summarize", "--trim", str(source)]) == 1
    captured = capsys.readouterr()
    assert "--trim" in captured.err and "--words" in captured.err and captured.out == ""


@pytest.mark.usefixtures("tiny_environ")
def test_bad_words_flag_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ENGLISH, encoding="utf-8")
    assert main(["summarize", "--words", "0", str(source)]) == 1
    err = capsys.readouterr().err
    assert "words must be a whole number" in err and "Traceback" not in err


@pytest.mark.usefixtures("tiny_environ")
def test_jsonl_cross_lingual_keeps_k(
    tmp_path: Path, seed_article: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": seed_article, "k": 3}), encoding="utf-8")
    assert main(["summarize", "--jsonl", "--lang", "en", *FAST, "--backend", "ctranslate2", str(source)]) == 0
    (line,) = [json.loads(x) for x in lines_of(capsys.readouterr().out)]
    assert len(line["summary"]) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "One. Two."}\nnot json\n', "line 2: not valid JSON"),
        ('{"id": 1, "text": "One."}\n\n["text"]\n', 'line 3: expected an object with a string "text"'),
        ('{"id": 1, "text": 5}\n', "line 1: expected"),
        ('{"id": 1, "text": "One.", "k": 0}\n', 'line 1: "k" must be a whole number'),
        ('{"id": 1, "text": "One.", "k": "two"}\n', 'line 1: "k" must be a whole number'),
        ('{"id": 1, "text": "One."}\n{"text": "Two.", "words": 0}\n', 'line 2: "words" must be a whole'),
        ('{"id": 1, "text": "One.", "words": 2.5}\n', 'line 1: "words" must be a whole number'),
    ],
)
def test_malformed_jsonl_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(content, encoding="utf-8")
    assert main(["summarize", "--jsonl", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # every line is checked before anything is written
    assert message in captured.err and str(source) in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "generative"], "invalid choice"),
        (["--lang", "fr"], "invalid choice"),
        (["--route", "sideways"], "invalid choice"),
        (["--json", "--jsonl"], "not allowed with"),
    ],
)
def test_unknown_choices_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    source = tmp_path / "in.txt"
    source.write_text("One sentence.", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["summarize", *args, str(source)])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sentences", "0"], "sentences must be a whole number of at least 1"),
        (["--ratio", "1.5"], "ratio must be a number above 0 and at most 1"),
        (["--method", "abstractive", "--max-new-tokens", "0"], "max_new_tokens must be"),
    ],
)
def test_bad_values_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    source = tmp_path / "in.txt"
    source.write_text("One sentence. Another one.", encoding="utf-8")
    assert main(["summarize", *args, str(source)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().err
