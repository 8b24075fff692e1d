"""`tarjama eval` as a user calls it: bad input is one line and exit 2; --compare; translating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.cli.main import main
from tests.models.eval.conftest import REFERENCES, SOURCES, write_folder


def run_eval(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["eval", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tarjama eval: error: ")
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]


def test_missing_folder(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, en, _ = folders
    code, out, err = run_eval(
        ["translation", "--source", str(tmp_path / "nope"), "--reference", str(en)], capsys
    )
    assert_one_line_error(code, err, "nope", "no such file or folder")
    assert out == ""


def test_folders_whose_file_names_differ(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, _, _ = folders
    other = write_folder(tmp_path / "other", {"a.txt": ["x"], "z.txt": ["y"]})
    code, _, err = run_eval(["translation", "--source", str(ar), "--reference", str(other)], capsys)
    assert_one_line_error(code, err, "file names differ", "b.txt", "z.txt")


def test_an_empty_reference(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, _, _ = folders
    refs = write_folder(tmp_path / "refs", REFERENCES)
    (refs / "b.txt").write_text("\n  \n", encoding="utf-8")
    code, _, err = run_eval(["translation", "--source", str(ar), "--reference", str(refs)], capsys)
    assert_one_line_error(code, err, "b.txt", "empty reference")


def test_an_empty_reference_line(
    line_files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    src, ref, hyp = line_files
    lines = ref.read_text(encoding="utf-8").split("\n")
    lines[1] = ""
    ref.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = run_eval(
        ["translation", "--source", str(src), "--reference", str(ref), "--hypothesis", str(hyp)], capsys
    )
    assert_one_line_error(code, err, "line 2", "empty reference")


def test_a_reference_that_is_not_utf8(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, _, _ = folders
    refs = write_folder(tmp_path / "refs", REFERENCES)
    (refs / "c.txt").write_bytes("Rain fell in the café.".encode("latin-1"))
    code, _, err = run_eval(["translation", "--source", str(ar), "--reference", str(refs)], capsys)
    assert_one_line_error(code, err, "c.txt", "not valid UTF-8 at byte offset 20")


def test_line_files_of_different_lengths(
    line_files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    src, ref, hyp = line_files
    hyp.write_text("only one line\n", encoding="utf-8")
    code, _, err = run_eval(
        ["translation", "--source", str(src), "--reference", str(ref), "--hypothesis", str(hyp)], capsys
    )
    assert_one_line_error(code, err, "1 lines for 6")


def test_malformed_jsonl_and_unknown_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "set.jsonl"
    bad.write_text('{"id": "1", "source": "x", "reference": "y"}\n{not json\n', encoding="utf-8")
    code, _, err = run_eval(["translation", "--source", str(bad)], capsys)
    assert_one_line_error(code, err, "line 2", "not valid JSON")
    bad.write_text('{"id": "1", "source": "x", "reference": "y"}\n', encoding="utf-8")
    code, _, err = run_eval(["translation", "--source", str(bad), "--set", "TARJAMA_NO_SUCH=1"], capsys)
    assert_one_line_error(code, err, "unknown setting", "TARJAMA_NO_SUCH")
    code, _, err = run_eval(["translation", "--source", str(bad), "--set", "TARJAMA_BEAM_SIZE=0"], capsys)
    assert_one_line_error(code, err, "bad settings", "beam-size")


def test_summary_references_that_are_empty_or_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = write_folder(tmp_path / "articles", {"1.txt": ["An article."]})
    refs = tmp_path / "refs.jsonl"
    refs.write_text('{"id": "1.txt", "reference": "  "}\n', encoding="utf-8")
    code, _, err = run_eval(["summary", "--articles", str(articles), "--references", str(refs)], capsys)
    assert_one_line_error(code, err, "line 1", "empty reference")
    code, _, err = run_eval(
        ["summary", "--articles", str(articles), "--references", str(tmp_path / "none.jsonl")], capsys
    )
    assert_one_line_error(code, err, "none.jsonl", "no such file")


def test_a_paragraph_count_mismatch_is_reported_never_padded(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en, _ = folders
    hyp = write_folder(
        tmp_path / "h", dict(REFERENCES) | {"c.txt": ["Rain fell in the city. Schools were closed."]}
    )
    code, out, _ = run_eval(
        ["translation", "--source", str(ar), "--reference", str(en), "--hypothesis", str(hyp)], capsys
    )
    assert code == 0
    assert "c.txt: paragraph counts differ (source 3, reference 3, hypothesis 1)" in out
    assert "2 of 3 documents scored" in out
    code, out, _ = run_eval(
        [
            "translation",
            "--source",
            str(ar),
            "--reference",
            str(en),
            "--hypothesis",
            str(hyp),
            "--json",
            "--mismatched",
            "join",
        ],
        capsys,
    )
    result = json.loads(out)
    assert result["scored_documents"] == 3
    joined = next(d for d in result["systems"][0]["documents"] if d["id"] == "c.txt")
    assert joined["joined"] is True and joined["segments"] == 1
    assert result["misaligned"] == [{"id": "c.txt", "source": 3, "reference": 3, "hypothesis": 1}]


@pytest.mark.usefixtures("tiny_environ")
def test_compare_two_tiny_model_settings_gives_both_rows_and_a_p_value(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en, _ = folders
    report = tmp_path / "out" / "report.html"
    argv = ["translation", "--source", str(ar), "--reference", str(en), "--limit", "2"]
    argv += [
        "--set",
        "TARJAMA_BACKEND=transformers",
        "--compare",
        "TARJAMA_BEAM_SIZE=1",
        "TARJAMA_BEAM_SIZE=2",
    ]
    code, out, err = run_eval([*argv, "--html", str(report)], capsys)
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("TARJAMA_BEAM_SIZE=") and "%" in line]
    assert len(rows) == 2
    assert "paired bootstrap resampling" in out
    code, out, err = run_eval([*argv, "--json"], capsys)
    result = json.loads(out)
    assert [s["label"] for s in result["systems"]] == ["TARJAMA_BEAM_SIZE=1", "TARJAMA_BEAM_SIZE=2"]
    assert [s["settings"]["beam_size"] for s in result["systems"]] == ["1", "2"]
    for system in result["systems"]:
        assert system["speed"]["documents"] == 2 and system["speed"]["translate_s"] > 0
        assert set(system["corpus"]) == {"BLEU", "chrF++", "TER"}
    for metric in result["comparison"]["metrics"].values():
        assert 0 < metric["p_value"] <= 1
        assert isinstance(metric["significant"], bool)
    page = report.read_text(encoding="utf-8")
    assert "<svg" in page and "<circle" in page  # histogram and the two-system scatter
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in page


@pytest.mark.usefixtures("tiny_environ")
def test_translating_saves_output_that_rescores_the_same(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.models.eval.test_scores import sacrebleu_cli

    ar, en, _ = folders
    saved = tmp_path / "saved"
    argv = ["translation", "--source", str(ar), "--reference", str(en), "--limit", "2", "--json"]
    code, out, err = run_eval([*argv, "--set", "backend=transformers", "--save", str(saved)], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert result["direction"] == "ar-en"
    system = result["systems"][0]
    assert system["flags"]["unit"] == "segment"
    assert system["flags"]["units"] >= len(SOURCES["a.txt"]) + len(SOURCES["b.txt"])
    assert [d["id"] for d in system["documents"]] == ["a.txt", "b.txt"]
    assert result["comet"]["message"].startswith("not computed")
    assert sorted(p.name for p in (saved / "system-1").iterdir()) == ["a.txt", "b.txt"]
    theirs = sacrebleu_cli(saved / "reference.txt", saved / "system-1.txt", 4)
    code, out, err = run_eval([*argv, "--hypothesis", str(saved / "system-1")], capsys)
    assert code == 0, err
    again = json.loads(out)["systems"][0]["corpus"]
    for name in ("BLEU", "chrF++", "TER"):
        assert again[name]["score"] == system["corpus"][name]["score"]
        assert round(again[name]["score"], 4) == theirs[name]["score"]


def test_a_jsonl_set_with_only_some_hypotheses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        '{"id": "1", "source": "x", "reference": "y", "hypothesis": "y"}\n'
        '{"id": "2", "source": "x", "reference": "y"}\n',
        encoding="utf-8",
    )
    code, out, err = run_eval(["translation", "--source", str(path)], capsys)
    assert_one_line_error(code, err, "some documents have a hypothesis", "first without: 2")
    assert out == ""


def test_compare_configurations_are_settings_or_a_model() -> None:
    from models.errors import ConfigurationError
    from models.eval.systems import parse_config

    settings = parse_config("TARJAMA_BEAM_SIZE=1, backend=transformers")
    assert settings.overrides == {"beam_size": "1", "backend": "transformers"} and settings.model is None
    model = parse_config("/models/nllb-200-distilled-600M")
    assert model.model == "/models/nllb-200-distilled-600M" and model.overrides == {}
    with pytest.raises(ConfigurationError, match="unknown setting"):
        parse_config("TARJAMA_BEAM=4")


def test_a_report_that_cannot_be_written(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en, hyp = folders
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    argv = ["translation", "--source", str(ar), "--reference", str(en), "--hypothesis", str(hyp)]
    code, _, err = run_eval([*argv, "--html", str(blocker / "report.html")], capsys)
    assert_one_line_error(code, err, "report.html", "cannot write the report")
    code, _, err = run_eval([*argv, "--save", str(blocker / "saved")], capsys)
    assert_one_line_error(code, err, "saved", "cannot write the outputs")


def test_without_the_eval_extra_the_message_says_what_to_install(
    folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "sacrebleu" else real(name, *a)
    )
    ar, en, hyp = folders
    code, _, err = run_eval(
        ["translation", "--source", str(ar), "--reference", str(en), "--hypothesis", str(hyp)], capsys
    )
    assert_one_line_error(code, err, "sacrebleu is not installed", "tarjama[eval]")
