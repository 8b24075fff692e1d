"""`tarjama brief`, called as a user calls it, with the tiny models configured through TARJAMA_*."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.briefing import Briefing
from models.cli.main import main
from tests.models.briefing.htmlcheck import assert_inert_html, parse, text_outside

pytestmark = pytest.mark.usefixtures("tiny_environ")
FAST_FLAGS = ["--beam-size", "1", "--sentences", "2", "--backend", "ctranslate2"]


@pytest.mark.shared
def test_brief_seed_writes_an_html_page(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = shared_dir / "samples" / "seed-article-ar.txt"
    output = tmp_path / "x.html"
    assert main(["brief", str(seed), "--format", "html", "--output", str(output), *FAST_FLAGS]) == 0
    assert capsys.readouterr().out == ""
    page = output.read_text(encoding="utf-8")
    assert_inert_html(page)
    assert 'dir="rtl" lang="ar"' in page and 'dir="ltr" lang="en"' in page
    parser = parse(page)
    assert any(e.tag == "h1" and e.attrs.get("lang") == "ar" for e in parser.elements)
    headings = [" ".join(e.text) for e in parser.elements if e.tag == "h2"]
    assert "الملخص" in headings and "Summary" in headings
    outside = text_outside(parser, lambda e: e.tag == "details")
    assert "مساعد بوتين" in outside
    for boilerplate in (
        "gettyimages 2248985695 jpg",
        "Leave a Reply",
        "Your email address will not be published",
    ):
        assert boilerplate not in outside


def test_brief_json_to_stdout_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "story.txt"
    article.write_text(
        "Storm closes schools across the region\n\n"
        "Schools across the region closed on Monday as a storm brought heavy snow. Officials said roads were "
        "dangerous.\n\nThe weather service expects the storm to pass by Wednesday.\n\nShare on Facebook",
        encoding="utf-8",
    )
    assert main(["brief", str(article), "--format", "json", "--id", "storm-1", *FAST_FLAGS]) == 0
    briefing = Briefing.from_dict(json.loads(capsys.readouterr().out))
    assert (briefing.id, briefing.source_lang, briefing.source["path"]) == ("storm-1", "en", str(article))
    assert briefing.title["en"] == "Storm closes schools across the region"
    assert len(briefing.paragraphs) == 2 and briefing.paragraphs[1].en.startswith("The weather service")
    assert [item.reason for item in briefing.removed] == ["share"]
    assert main(["brief", str(article), "--format", "md", *FAST_FLAGS]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Storm closes schools across the region\n")
    assert "**¶ 2**" in markdown


def test_brief_legacy_encoding_is_read_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "old.txt"
    text = (
        "عنوان الخبر القديم\n\n"
        "قال المسؤول إن المحادثات كانت مفيدة للغاية وبناءة، لكن لم يتم التوصل إلى تسوية."
    )
    article.write_bytes(text.encode("windows-1256"))
    assert main(["brief", str(article), "--format", "json", *FAST_FLAGS]) == 0
    briefing = Briefing.from_dict(json.loads(capsys.readouterr().out))
    assert briefing.source_lang == "ar" and "windows-1256" in briefing.warnings[0]
    assert briefing.paragraphs[0].ar.startswith("قال المسؤول")


def test_brief_page_without_main_text_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav><footer>Leave a Reply</footer></body></html>")
    output = tmp_path / "out.html"
    assert main(["brief", str(page), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "no article text found" in err and "Traceback" not in err
    assert not output.exists()


def test_brief_missing_file_and_bad_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["brief", str(tmp_path / "nope.txt"), "--sentences", "0"]) == 1
    assert "--sentences must be 1 to 50" in capsys.readouterr().err


def test_brief_writes_a_docx_with_the_json_briefing_paragraphs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    article = tmp_path / "storm.txt"
    article.write_text(
        "Storm closes schools\n\nSchools closed on Monday as a storm brought snow.\n\nRoads were dangerous.",
        encoding="utf-8",
    )
    assert main(["brief", str(article), "--format", "json", *FAST_FLAGS]) == 0
    briefing = Briefing.from_dict(json.loads(capsys.readouterr().out))
    output = tmp_path / "storm.docx"
    assert main(["brief", str(article), "--format", "docx", "-o", str(output), *FAST_FLAGS]) == 0
    assert capsys.readouterr().out == ""
    document = docx.Document(str(output))
    rows = document.tables[0].rows[1:]
    assert [row.cells[0].text for row in rows] == [pair.en for pair in briefing.paragraphs]
    assert document.paragraphs[0].text == "Storm closes schools"


def test_brief_docx_to_a_terminal_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "storm.txt"
    article.write_text("Schools closed on Monday as a storm brought snow.", encoding="utf-8")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["brief", str(article), "--format", "docx"]) == 1
    assert "--format docx writes a binary file" in capsys.readouterr().err
