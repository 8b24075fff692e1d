"""The .docx renderer: read back with python-docx, paragraph for paragraph, directions and languages."""

from __future__ import annotations

import io
from typing import Any

import pytest

from models.briefing import FILE_SUFFIXES, Briefing, render_file
from models.errors import InvalidInputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(data: bytes) -> Any:
    import docx

    assert data[:2] == b"PK"  # a zip, as every .docx
    return docx.Document(io.BytesIO(data))


def is_bidi(paragraph: Any) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.find(f"{W}bidi") is not None


def run_langs(paragraph: Any) -> list[tuple[bool, str | None, str | None]]:
    """(rtl, w:val, w:bidi) of each text run's language marks (not a comment's reference mark)."""
    out = []
    for run in (run for run in paragraph.runs if run.text):
        properties = run._r.rPr
        lang = properties.find(f"{W}lang")
        out.append((properties.find(f"{W}rtl") is not None, lang.get(f"{W}val"), lang.get(f"{W}bidi")))
    return out


def body_rows(document: Any) -> list[dict[str, Any]]:
    """The text table's rows after its header, as {"en": paragraph, "ar": paragraph}."""
    table = document.tables[0]
    rows = []
    for row in table.rows[1:]:
        cells = row.cells
        assert [len(cell.paragraphs) for cell in cells] == [1, 1]  # each cell holds just its paragraph
        rows.append({"en": cells[0].paragraphs[0], "ar": cells[1].paragraphs[0]})
    return rows


def test_docx_holds_every_paragraph_pair_side_by_side(briefing: Briefing) -> None:
    document = read(render_file(briefing, "docx"))
    rows = body_rows(document)
    assert len(rows) == len(briefing.paragraphs)
    assert [row["ar"].text for row in rows] == [pair.ar for pair in briefing.paragraphs]
    assert [row["en"].text for row in rows] == [pair.en for pair in briefing.paragraphs]
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["English (machine translation)", "العربية (الأصل)"]
    assert document.tables[0].rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # repeats per page
    assert FILE_SUFFIXES["docx"] == ".docx"


def test_arabic_paragraphs_are_right_to_left_and_tagged(briefing: Briefing) -> None:
    document = read(render_file(briefing, "docx"))
    for row in body_rows(document):
        assert is_bidi(row["ar"]) and not is_bidi(row["en"])
        assert run_langs(row["ar"]) == [(True, None, "ar-SA")]
        assert run_langs(row["en"]) == [(False, "en-US", None)]
    paragraphs = {p.text: p for p in document.paragraphs}
    assert is_bidi(paragraphs[briefing.title["ar"]])
    assert paragraphs[briefing.title["ar"]].style.name == "Title"
    assert not is_bidi(paragraphs[briefing.title["en"]])
    for sentence in briefing.summary["ar"]:
        assert is_bidi(paragraphs[sentence]) and paragraphs[sentence].style.name == "List Bullet"
    for sentence in briefing.summary["en"]:
        assert not is_bidi(paragraphs[sentence])
    assert document.core_properties.language == "ar-SA"  # the article's own language
    assert document.core_properties.title == "Putin aide: talks ended · مساعد بوتين: المحادثات انتهت"


def test_flags_are_comments_on_the_translation(briefing: Briefing) -> None:
    document = read(render_file(briefing, "docx"))
    comments = list(document.comments)
    assert len(comments) == 1  # one flagged paragraph
    assert comments[0].author == "tarjama"
    assert "missing digits" in comments[0].text
    flagged = body_rows(document)[1]["en"]._p
    assert flagged.find(f"{W}commentRangeStart") is not None  # anchored on the flagged translation


def test_warnings_removed_text_and_metadata_are_listed(briefing: Briefing) -> None:
    document = read(render_file(briefing, "docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Check before use" in text and briefing.warnings[0] in text
    assert "caption: gettyimages 2248985695 jpg" in text
    assert "Helsinki-NLP/opus-mt-ar-en" in text and "translate 1.50 s" in text
    links = [rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert links == ["https://example.com/news/1?a=1&b=2"]
    assert len(document.element.body.findall(f".//{W}hyperlink")) == 2  # the header line and the footer


def test_english_article_keeps_english_on_the_left(briefing: Briefing) -> None:
    english = Briefing.from_dict(briefing.to_dict() | {"source_lang": "en"})
    document = read(render_file(english, "docx"))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["English (original)", "العربية (ترجمة آلية)"]
    assert document.core_properties.language == "en-US"
    assert document.paragraphs[0].text == briefing.title["en"] and not is_bidi(document.paragraphs[0])


def test_hostile_content_is_plain_text_in_docx(hostile: Briefing) -> None:
    data = render_file(hostile, "docx")
    document = read(data)
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for row in document.tables[0].rows for cell in row.cells
    )
    assert "\u202e" not in text and "<script>alert(1)</script>" in text  # text, never markup
    assert not [rel for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]


def test_text_xml_cannot_hold_is_dropped(briefing: Briefing) -> None:
    bad = Briefing.from_dict(
        briefing.to_dict()
        | {"paragraphs": [{"ar": "فقرة\x01 \ud800أولى\ufffe", "en": "One\x0b two", "flags": []}]}
    )
    rows = body_rows(read(render_file(bad, "docx")))
    assert [rows[0]["ar"].text, rows[0]["en"].text] == ["فقرة أولى", "One two"]


def test_a_long_title_is_cut_in_the_properties_only(briefing: Briefing) -> None:
    long = Briefing.from_dict(briefing.to_dict() | {"title": {"ar": "عنوان " * 100, "en": "Title " * 100}})
    document = read(render_file(long, "docx"))
    title = document.core_properties.title
    assert len(title) == 255 and title.endswith("…")
    assert document.paragraphs[0].text == ("عنوان " * 100).strip()  # the whole title in the text


def test_render_file_writes_the_text_formats_as_utf8(briefing: Briefing) -> None:
    from models.briefing import render

    assert render_file(briefing, "md") == render(briefing, "markdown").encode("utf-8")
    with pytest.raises(InvalidInputError, match="docx"):
        render(briefing, "docx")  # `render` is for text; the .docx is bytes (`render_file`)
    with pytest.raises(InvalidInputError, match="use json, markdown \\(md\\), html, docx"):
        render_file(briefing, "odt")


def test_section_headings_carry_each_language_in_its_own_run(briefing: Briefing) -> None:
    document = read(render_file(briefing, "docx"))
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == ["Summaries · الملخص", "Text · النص"]
    for heading in headings:
        assert run_langs(heading) == [(False, "en-US", None), (False, "en-US", None), (True, None, "ar-SA")]
