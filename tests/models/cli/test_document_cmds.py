"""`tarjama translate FILE.docx --output OUT.docx`, and documents as articles of `brief` and `batch`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from models.cli.main import main
from tests.models.documents import builders

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.usefixtures("tiny_environ")
def test_translate_docx_to_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    source = tmp_path / "release.docx"
    source.write_bytes(builders.docx_bytes())
    out = tmp_path / "release.ar.docx"
    assert main(["translate", str(source), "--output", str(out), "--target", "ar", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["format"] == "docx" and summary["target"] == "ar" and summary["blocks"] == 9
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert len(document.tables[0]._cells) == 4
    assert [run.bold for run in document.paragraphs[0].runs][:2] == [None, True]
    assert document.paragraphs[0]._p.pPr.find(f"{W}bidi") is not None


@pytest.mark.usefixtures("tiny_environ")
def test_translate_pdf_writes_docx_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes(builders.pdf_bytes())
    assert main(["translate", str(source), "-o", str(tmp_path / "report.pdf.out")]) == 1
    assert "--output must end in .docx" in capsys.readouterr().err
    assert main(["translate", str(source), "-o", str(tmp_path / "report.docx"), "--target", "ar"]) == 0
    assert "note: Translated from a PDF" in capsys.readouterr().err
    assert (tmp_path / "report.docx").read_bytes()[:2] == b"PK"


@pytest.mark.usefixtures("tiny_environ")
def test_translate_srt_to_stdout_keeps_timings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "news.srt"
    source.write_text(builders.SRT, encoding="utf-8")
    assert main(["translate", str(source), "--target", "ar"]) == 0
    out = capsys.readouterr().out
    assert "00:00:01,000 --> 00:00:03,200" in out and "00:01:02,250 --> 00:01:04,000" in out


@pytest.mark.usefixtures("tiny_environ")
def test_bad_documents_are_one_line_errors_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "broken.docx": b"not a zip",
        "notes.xyz": b"hello",
        "macro.docm": builders.docx_bytes(),
        "locked.pdf": builders.encrypted_pdf_bytes(),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        out = tmp_path / f"out-{name}.docx"
        assert main(["translate", str(tmp_path / name), "-o", str(out)]) == 1, name
        err = capsys.readouterr().err
        assert err.startswith("tarjama: error: ") and err.count("\n") == 1, err
        assert not out.exists()
    (tmp_path / "deck.pptx").write_bytes(builders.pptx_bytes())
    assert main(["translate", str(tmp_path / "deck.pptx")]) == 1
    assert "give --output" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*cases, "deck.pptx"])


@pytest.mark.usefixtures("tiny_environ")
def test_brief_of_a_docx_press_release(tmp_path: Path) -> None:
    source = tmp_path / "release.docx"
    source.write_bytes(builders.docx_bytes())
    out = tmp_path / "brief.json"
    assert main(["brief", str(source), "--format", "json", "-o", str(out), "--sentences", "1"]) == 0
    briefing = json.loads(out.read_text(encoding="utf-8"))
    originals = " ".join(p[briefing["source_lang"]] for p in briefing["paragraphs"])
    assert "on Monday" in originals or "Figure number" in originals


@pytest.mark.usefixtures("tiny_environ")
def test_batch_takes_documents_as_articles(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.docx").write_bytes(builders.docx_bytes())
    (folder / "deck.pptx").write_bytes(builders.pptx_bytes())
    (folder / "broken.odt").write_bytes(b"garbage")
    out = tmp_path / "out"
    assert main(["batch", str(folder), str(out), "--formats", "json", "--workers", "1", "--quiet"]) == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["done"] == 2 and report["counts"]["failed"] == 1
    assert [f["code"] for f in report["failures"]] == ["corrupt_document"]
