"""The HTML report escapes hostile text and makes bidi controls visible instead of obeying them."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.cli.main import main
from models.eval.html import text
from tests.models.eval.conftest import REFERENCES, SOURCES, write_folder

NAME = "<b onclick=alert(4)>x\u202e.txt"
HOSTILE = 'Evil <script>alert("x")</script> <img src=x onerror=alert(1)> \u202egnp.exe\u202c & more'


def test_text_escapes_markup_and_marks_controls() -> None:
    out = text(HOSTILE)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&amp; more" in out
    assert "\u202e" not in out and "\u202c" not in out
    assert "U+202E" in out and "U+202C" in out


def test_report_of_hostile_documents_is_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = dict(SOURCES) | {NAME: ["\u2067مرحبا\u2069 <script>alert(2)</script>"]}
    references = dict(REFERENCES) | {NAME: [HOSTILE]}
    hypotheses = dict(REFERENCES) | {NAME: ['"><svg onload=alert(3)> \u202dhi']}
    ar = write_folder(tmp_path / "ar", sources)
    en = write_folder(tmp_path / "en", references)
    hyp = write_folder(tmp_path / "hyp", hypotheses)
    report = tmp_path / "report.html"
    code = main(
        [
            "eval",
            "translation",
            "--source",
            str(ar),
            "--reference",
            str(en),
            "--hypothesis",
            str(hyp),
            "--html",
            str(report),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "\u202e" not in out and "x<U+202E>.txt" in out  # the terminal report does not obey it either
    page = report.read_text(encoding="utf-8")
    for raw in ("<script", "<img", "onload=alert(3)>", "<b onclick", "\u202e", "\u202d", "\u2067", "\u2069"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;b onclick=alert(4)&gt;x" in page  # the hostile file name, shown as text
    assert "U+202E" in page and "U+2067" in page
    assert "Content-Security-Policy" in page
    assert "lowest-scoring documents" in page
