"""Each format translated with the tiny models: structure, formatting, direction and language kept."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from models.documents import DocumentOptions, read_document, translate_document
from tests.models.documents import builders

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def tiny_engine(tiny_settings: Any) -> Iterator[Any]:
    from models.engine import Engine

    engine = Engine(tiny_settings)
    yield engine
    engine.close()


def _to(target: str, source: str = "auto") -> DocumentOptions:
    return DocumentOptions(source=source, target=target)


def test_docx_keeps_runs_tables_headers_and_marks_arabic_rtl(tiny_engine: Any) -> None:
    import docx

    data = builders.docx_bytes()
    result = translate_document(tiny_engine, data, "release.docx", _to("ar", "en"))
    assert result.format == "docx" and result.filename("release.docx") == "release.ar.docx"
    before, after = docx.Document(io.BytesIO(data)), docx.Document(io.BytesIO(result.data))
    assert len(after.paragraphs) == len(before.paragraphs)
    assert len(after.tables) == 1 and len(after.tables[0]._cells) == 4
    first = after.paragraphs[0]
    assert [run.bold for run in first.runs][:2] == [None, True]  # the bold run is still a bold run
    assert first.runs[1].text.strip()  # and holds translated words
    assert first.runs[-1].italic is True
    links = first._p.findall(f"{W}hyperlink")
    assert len(links) == 1 and links[0].find(f"{W}r/{W}t").text.strip()
    assert after.sections[0].header.paragraphs[0].text.strip()
    assert after.sections[0].header.paragraphs[0].text != "Press office release"
    assert after.sections[0].footer.paragraphs[0].text != "Ministry of information"
    for paragraph in after.paragraphs:
        if paragraph.text.strip() and paragraph.text != "2026":
            assert paragraph._p.pPr.find(f"{W}bidi") is not None, paragraph.text
            assert all(run._r.rPr.find(f"{W}rtl") is not None for run in paragraph.runs if run.text)
    for cell in after.tables[0]._cells:
        assert cell.paragraphs[0]._p.pPr.find(f"{W}bidi") is not None
    assert after.tables[0]._tbl.tblPr.find(f"{W}bidiVisual") is not None
    assert after.core_properties.language == "ar-SA"
    assert after.paragraphs[-1].text == "2026"  # no letters: kept, not sent to a model
    assert result.translated == result.blocks - 1


def test_docx_arabic_to_english_clears_rtl(tiny_engine: Any) -> None:
    import docx

    source = docx.Document()
    paragraph = source.add_paragraph("قال الوزير إن ")
    paragraph.add_run("المحادثات").bold = True
    paragraph.add_run(" ستستمر.")
    paragraph.paragraph_format.element.get_or_add_pPr().append(
        __import__("docx.oxml", fromlist=["OxmlElement"]).OxmlElement("w:bidi")
    )
    out = io.BytesIO()
    source.save(out)
    result = translate_document(tiny_engine, out.getvalue(), "a.docx", _to("en", "ar"))
    after = docx.Document(io.BytesIO(result.data))
    assert after.paragraphs[0]._p.pPr.find(f"{W}bidi") is None
    assert [run.bold for run in after.paragraphs[0].runs] == [None, True, None]
    assert after.core_properties.language == "en-US"


def test_pptx_keeps_slides_notes_and_bold_runs(tiny_engine: Any) -> None:
    import pptx

    result = translate_document(tiny_engine, builders.pptx_bytes(), "deck.pptx", _to("ar", "en"))
    deck = pptx.Presentation(io.BytesIO(result.data))
    assert len(deck.slides) == 2
    body = deck.slides[0].placeholders[1].text_frame
    assert len(body.paragraphs) == 2
    assert [run.font.bold for run in body.paragraphs[0].runs] == [None, True, None]
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert notes.strip() and notes != "Remind the audience about the new office."
    rtl = body.paragraphs[0]._p.find("{http://schemas.openxmlformats.org/drawingml/2006/main}pPr")
    assert rtl is not None and rtl.get("rtl") == "1"
    assert deck.core_properties.language == "ar-SA"
    table = next(shape for shape in deck.slides[1].shapes if shape.has_table).table
    cells = list(table.iter_cells())
    assert len(cells) == 4 and all(cell.text.strip() and "Region" not in cell.text for cell in cells)


def test_srt_and_vtt_keep_cues_and_timings(tiny_engine: Any) -> None:
    import srt

    result = translate_document(tiny_engine, builders.SRT.encode(), "news.srt", _to("ar", "en"))
    before, after = list(srt.parse(builders.SRT)), list(srt.parse(result.data.decode()))
    assert [(c.index, c.start, c.end) for c in after] == [(c.index, c.start, c.end) for c in before]
    assert all(cue.content.strip() for cue in after)
    vtt = translate_document(tiny_engine, builders.VTT.encode(), "news.vtt", _to("ar", "en")).data.decode()
    assert vtt.startswith("WEBVTT") and "NOTE made for tests" in vtt
    assert (
        "00:00:01.000 --> 00:00:03.200\n" in vtt
        and "intro\n00:00:03.500 --> 00:00:06.000 align:start\n" in vtt
    )
    assert "Good evening" not in vtt


def test_odt_keeps_spans_links_and_header_and_sets_direction(tiny_engine: Any) -> None:
    from odf import dc, style, text
    from odf.opendocument import load

    result = translate_document(tiny_engine, builders.odt_bytes(), "memo.odt", _to("ar", "en"))
    document = load(io.BytesIO(result.data))
    assert len(document.text.getElementsByType(text.H)) == 1
    paragraph = document.text.getElementsByType(text.P)[0]
    assert len(paragraph.getElementsByType(text.Span)) == 1 and len(paragraph.getElementsByType(text.A)) == 1
    assert str(paragraph.getElementsByType(text.Span)[0]).strip()
    header = document.masterstyles.getElementsByType(style.Header)[0]
    assert str(header).strip() and str(header) != "Press office release"
    modes = [
        p.getAttrNS("urn:oasis:names:tc:opendocument:xmlns:style:1.0", "writing-mode")
        for p in document.styles.getElementsByType(style.ParagraphProperties)
    ]
    assert modes and all(mode == "rl-tb" for mode in modes)
    assert [str(lang) for lang in document.meta.getElementsByType(dc.Language)] == ["ar"]


def test_odp_keeps_slide_text_and_notes(tiny_engine: Any) -> None:
    from odf import presentation, text
    from odf.opendocument import load

    result = translate_document(tiny_engine, builders.odt_bytes(presentation=True), "s.odp", _to("ar", "en"))
    document = load(io.BytesIO(result.data))
    notes = document.presentation.getElementsByType(presentation.Notes)
    assert len(notes) == 1 and str(notes[0].getElementsByType(text.P)[0]).strip()
    assert "Thank the organisers" not in str(notes[0])


def test_epub_keeps_chapters_and_sets_language(tiny_engine: Any) -> None:
    result = translate_document(tiny_engine, builders.epub_bytes(), "book.epub", _to("ar", "en"))
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        chapter = archive.read("OEBPS/c1.xhtml").decode()
        opf = archive.read("OEBPS/content.opf").decode()
    assert 'dir="rtl"' in chapter and "<em>" in chapter and "The minister" not in chapter
    assert "<dc:language>ar</dc:language>" in opf
    assert len(read_document(result.data, "book.epub").blocks) == 3


def test_pdf_comes_back_as_docx_with_a_note(tiny_engine: Any) -> None:
    import docx

    from models.documents.pdf import NOTE

    data = builders.pdf_bytes(("The minister said the talks will continue.", "A second page of text."))
    result = translate_document(tiny_engine, data, "scan.pdf", _to("ar", "en"))
    assert result.format == "docx" and result.filename("scan.pdf") == "scan.ar.docx"
    assert NOTE in result.notes
    document = docx.Document(io.BytesIO(result.data))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == NOTE and len(texts) == 3


def test_html_markdown_and_text_keep_their_structure(tiny_engine: Any) -> None:
    page = b"<html><head><title>Talks</title></head><body><p>The <b>talks</b> go on.</p><p>Again.</p>"
    html = translate_document(tiny_engine, page, "p.html", _to("ar", "en")).data.decode()
    assert html.count("<p") == 2 and html.count("<b>") == 1 and 'lang="ar" dir="rtl"' in html
    markdown = b"# The talks\n\nThe talks **continue** today.\n\n- first point\n\n```\ncode stays\n```\n"
    md = translate_document(tiny_engine, markdown, "n.md", _to("ar", "en")).data.decode()
    lines = md.split("\n")
    assert lines[0].startswith("# ") and md.count("**") == 2 and "- " in md and "code stays" in md
    text = translate_document(tiny_engine, b"First paragraph.\n\nSecond one.\n", "n.txt", _to("ar", "en"))
    assert len([p for p in text.data.decode().split("\n\n") if p.strip()]) == 2


def test_docx_footnotes_are_translated_and_marked(tiny_engine: Any) -> None:
    data = builders.docx_with_footnotes()
    assert any(b.kind == "note" for b in read_document(data, "f.docx").blocks)
    result = translate_document(tiny_engine, data, "f.docx", _to("ar", "en"))
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
    assert "Source: the ministry" not in footnotes and "<w:bidi/>" in footnotes and "<w:t" in footnotes
    notes = [b for b in read_document(result.data, "f.docx").blocks if b.kind == "note"]
    assert len(notes) == 1 and notes[0].text.strip()
