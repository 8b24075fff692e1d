"""Renderers: JSON, Markdown, HTML and the digest, on a hand-made briefing and a hostile one."""

from __future__ import annotations

import json
import re

import pytest

from models.briefing import Briefing, render, render_digest
from models.briefing.safe import clean_text, safe_link, safe_url
from models.errors import InvalidInputError
from tests.models.briefing.htmlcheck import assert_inert_html, parse, text_outside, text_within

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _is_ar(element) -> bool:  # type: ignore[no-untyped-def]
    return element.attrs.get("lang") == "ar" and element.attrs.get("dir") == "rtl"


def _is_en(element) -> bool:  # type: ignore[no-untyped-def]
    return element.attrs.get("lang") == "en" and element.attrs.get("dir") == "ltr"


# -- JSON -------------------------------------------------------------------------------------------
def test_json_is_the_dict_indented_with_arabic_as_is(briefing: Briefing) -> None:
    text = render(briefing, "json")
    assert json.loads(text) == briefing.to_dict()
    assert "مساعد بوتين" in text  # ensure_ascii=False
    assert text.startswith('{\n  "id": "seed-1"')
    assert "\\u0026" in text  # the & of the URL, escaped so the JSON is safe to embed in HTML


# -- Markdown ---------------------------------------------------------------------------------------
def test_markdown_structure(briefing: Briefing) -> None:
    text = render(briefing, "markdown")
    assert render(briefing, "md") == text
    lines = text.splitlines()
    assert lines[0] == "# مساعد بوتين: المحادثات انتهت"
    assert "**English (machine translation):** Putin aide: talks ended" in lines
    assert "## Summaries · الملخص" in lines and "## Text · النص" in lines
    assert "- الجملة الأولى\\." not in lines  # periods are not escaped needlessly
    assert "- الجملة الأولى." in lines and "- First sentence." in lines
    assert "**¶ 1**" in lines and "**¶ 2**" in lines
    assert "> The second paragraph." in lines and "> _flags: missing\\_digits_" in lines
    details = text[text.index("<details>") : text.index("</details>")]
    assert "<summary>Removed boilerplate (2)</summary>" in details
    assert "- **caption:** gettyimages 2248985695 jpg" in details
    footer = text[text.index("\n---\n") :]
    assert "[https://example.com/news/1?a=1&amp;b=2](https://example.com/news/1?a=1&b=2)" in footer
    assert "Helsinki-NLP/opus-mt-ar-en" in footer and "translate 1.50 s" in footer
    assert "Check before use" in text


# -- HTML -------------------------------------------------------------------------------------------
def test_html_page_is_self_contained_with_two_columns(briefing: Briefing) -> None:
    page = render(briefing, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "default-src 'none'; style-src 'unsafe-inline'" in page
    assert "@media" in page and "display: grid" in page
    assert not re.search(r"(src|href)=\"(?!https://example\.com)", page)  # no external resource
    assert "<script" not in page and "javascript" not in page.lower()
    assert_inert_html(page)
    parser = parse(page)
    rows = [e for e in parser.elements if "row" in e.attrs.get("class", "").split()]
    assert len(rows) == 2
    arabic = text_within(parser, _is_ar)
    english = text_within(parser, _is_en)
    for text in ("مساعد بوتين: المحادثات انتهت", "الجملة الأولى.", "الفقرة الأولى.", "الفقرة الثانية 28."):
        assert text in arabic
    for text in (
        "Putin aide: talks ended",
        "First sentence.",
        "The first paragraph.",
        "The second paragraph.",
    ):
        assert text in english
    badges = [e for e in parser.elements if "flag" in e.attrs.get("class", "").split()]
    assert [" ".join(b.text) for b in badges] == ["missing digits"]
    assert any(_is_en(a) for a in badges[0].ancestors)  # on the translated side
    links = [e for e in parser.elements if e.tag == "a"]
    assert [a.attrs["href"] for a in links] == [
        "https://example.com/news/1?a=1&b=2",
        "https://example.com/news/1?a=1&b=2",
    ]


def test_html_boilerplate_only_in_the_details_section(briefing: Briefing) -> None:
    parser = parse(render(briefing, "html"))

    def in_details(e) -> bool:  # type: ignore[no-untyped-def]
        return e.tag == "details"

    assert "gettyimages 2248985695 jpg" in text_within(parser, in_details)
    assert "gettyimages" not in text_outside(parser, in_details)
    assert "Leave a Reply" not in text_outside(parser, in_details)


def test_english_article_puts_english_first_in_the_document(briefing: Briefing) -> None:
    english = Briefing.from_dict(briefing.to_dict() | {"source_lang": "en"})
    page = render(english, "html")
    row = page[page.index('id="p1"') :]
    assert row.index('lang="en"') < row.index('lang="ar"')
    assert 'class="cell ar mt"' in row  # the translated side is marked


def test_unknown_format_is_refused(briefing: Briefing) -> None:
    with pytest.raises(InvalidInputError, match="unknown briefing format"):
        render(briefing, "pdf")
    with pytest.raises(InvalidInputError, match="unknown digest format"):
        render_digest([(briefing, "a.html")], "json")


# -- hostile content, every renderer --------------------------------------------------------------------
def _assert_inert_markdown(text: str) -> None:
    lowered = text.lower()
    for raw in ("<script", "<img", "<iframe", "<a ", "onerror=alert(1)>"):
        assert raw not in lowered, raw
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", lowered)  # an escaped \] starts no link
    assert not BIDI.search(text)
    # The only raw HTML is the <details> block the renderer writes itself.
    assert set(re.findall(r"<(/?[a-z]+)", text)) <= {"details", "/details", "summary", "/summary"}


def test_hostile_content_is_inert_in_json(hostile: Briefing) -> None:
    text = render(hostile, "json")
    assert "<" not in text and ">" not in text and "&" not in text.replace("\\u0026", "")
    assert not BIDI.search(text)
    assert Briefing.from_dict(json.loads(text)) == hostile  # escaped, not lost


def test_hostile_content_is_inert_in_markdown(hostile: Briefing) -> None:
    text = render(hostile, "markdown")
    _assert_inert_markdown(text)
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" not in text  # parentheses need no escape
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown as text, not run
    assert "\\[click\\](javascript:alert(1))" in text
    assert "\\# Paragraph" in text and "1\\. &lt;iframe" in text  # no heading or list injected


def test_hostile_content_is_inert_in_html(hostile: Briefing) -> None:
    page = render(hostile, "html")
    assert_inert_html(page)
    assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")  # only as escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;quoted&quot; &#x27;single&#x27;" in page
    parser = parse(page)
    assert not [e for e in parser.elements if e.tag == "a"]  # the javascript: URL is text, not a link
    assert "javascript:alert(document.cookie)" in text_within(parser, lambda e: e.tag == "footer")
    title = " ".join(next(e for e in parser.elements if e.tag == "title").text)
    assert "<script>alert(1)</script>" in title and "\u202e" not in title  # decoded text, not markup


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_hostile_content_is_inert_in_the_digest(hostile: Briefing, briefing: Briefing, fmt: str) -> None:
    links = ["javascript:alert(1)", f"briefings/{'<script>'}\u202e.html", "//evil.example/x", ""]
    text = render_digest([(hostile, link) for link in links] + [(briefing, "a b/c(1).html")], fmt)
    if fmt == "html":
        assert_inert_html(text)
        hrefs = [e.attrs["href"] for e in parse(text).elements if e.tag == "a"]
        assert "javascript%3Aalert%281%29" in hrefs and "/evil.example/x" in hrefs
        # the file keeps U+202E, so does its link (percent-encoded, inert)
        assert (
            "a%20b/c%281%29.html" in hrefs and "briefings/%3Cscript%3E%E2%80%AE.html" in hrefs
        )  # the file keeps U+202E, so does its link
    else:
        _assert_inert_markdown(text)
        assert "](javascript%3Aalert%281%29)" in text and "](a%20b/c%281%29.html)" in text


def test_digest_lists_titles_summaries_and_counts(briefing: Briefing) -> None:
    english = Briefing.from_dict(briefing.to_dict() | {"id": "en-1", "source_lang": "en", "warnings": []})
    markdown = render_digest([(briefing, "seed-1.html"), (english, "en-1.html")], "markdown")
    assert markdown.startswith("# Briefings digest")
    assert (
        "2 articles · 1 from Arabic, 1 from English · 4 paragraphs · 2 flagged for review · 1 with warnings"
        in markdown
    )
    assert "## 1. [Putin aide: talks ended](seed-1.html)" in markdown
    assert "**العربية:** مساعد بوتين: المحادثات انتهت" in markdown
    assert "- **English (machine translation):** First sentence. Second sentence." in markdown
    assert "- **العربية (original):** الجملة الأولى. الجملة الثانية." in markdown
    page = render_digest([(briefing, "seed-1.html"), (english, "en-1.html")], "html")
    assert_inert_html(page)
    parser = parse(page)
    hrefs = [e.attrs["href"] for e in parser.elements if e.tag == "a"]
    assert hrefs == ["#entry-1", "#entry-2"] + ["seed-1.html"] * 2 + ["en-1.html"] * 2  # index first
    assert 'id="entry-1"' in page and 'id="entry-2"' in page
    assert "الجملة الأولى." in text_within(parser, _is_ar) and "First sentence." in text_within(
        parser, _is_en
    )


# -- helpers ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,x",
        "//evil.com/x",
        "/x",
    ],
)
def test_unsafe_urls_give_no_link(url: str) -> None:
    assert safe_url(url) is None


def test_safe_urls_are_percent_encoded() -> None:
    assert safe_url("https://example.com/a b\"<>'()?q=1") == "https://example.com/a%20b%22%3C%3E%27%28%29?q=1"
    assert safe_url("HTTPS://مثال.com/خبر") == "https://xn--mgbh0fb.com/%D8%AE%D8%A8%D8%B1"
    assert safe_link("dir\\file name.html") == "dir/file%20name.html"
    assert clean_text("a\u202eb\u2067c\x00d\ne") == "abcd\ne"
