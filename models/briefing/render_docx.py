"""A briefing as a Word document (.docx): titles, summaries, the text side by side, flags as comments.

The body is a two-column table, English left and Arabic right as on the HTML page, one row per
paragraph pair under a header row that repeats on every page; each cell holds exactly that
paragraph, so it can be copied out as it is. Arabic paragraphs are right-to-left (`w:bidi`) with
right-to-left runs (`w:rtl`) tagged `ar-SA`; English runs are tagged `en-US`; the document's
language is the article's own. A flagged translation carries a Word comment (author "tarjama")
saying what to check. Every string loses bidi and control characters (`safe.clean_text`) and
whatever XML cannot hold; a link is written only for an http(s) URL. python-docx (the `documents`
extra) is imported on use.
"""

from __future__ import annotations

import io
import re
from typing import Any

from models.briefing.render_html import FLAG_LABELS, MACHINE, ORIGINAL, SUMMARY_HEADING, TEXT_HEADING
from models.briefing.safe import clean_text, one_line, safe_url
from models.briefing.types import Briefing
from models.documents.base import LANG_TAGS
from models.languages import LANGUAGES, NATIVE_NAMES
from models.text.detect import detect_language

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AUTHOR = "tarjama"
NOTE = "Machine translation and automatic summaries: check against the original before publishing."
# XML 1.0 has no place for lone surrogates or U+FFFE/U+FFFF (lxml refuses them).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
# What a core property (title, subject, ...) may hold: python-docx refuses more, as Word's limit.
_MAX_PROPERTY = 255
# Columns left to right, whatever the article's language (the HTML page does the same).
COLUMNS = ("en", "ar")


def text_of(value: str) -> str:
    """`value` on one line, trimmed, without bidi or control characters or anything XML cannot hold."""
    return one_line(_NOT_XML.sub("", value))


def _inline(value: str) -> str:
    """`text_of` without the trimming: a run's own spaces (" · ") are kept."""
    return _NOT_XML.sub("", _SPACES.sub(" ", clean_text(value)))


def guess_lang(text: str) -> str:
    """ "ar" when `text` has more Arabic letters than Latin ones, else "en" (for warnings, names)."""
    return "ar" if detect_language(text).lang == "ar" else "en"


def _direction(paragraph: Any, lang: str) -> None:
    from models.documents.docx import set_flag

    set_flag(paragraph._p.get_or_add_pPr(), "w:bidi", lang == "ar")


def add_run(paragraph: Any, text: str, lang: str, *, bold: bool = False, italic: bool = False) -> Any:
    """A run of `text` in `lang` (right-to-left and tagged ar-SA for Arabic, en-US otherwise)."""
    from models.documents.docx import mark_run

    run = paragraph.add_run(_inline(text))
    if bold:
        run.bold = True
        run.font.cs_bold = True
    if italic:
        run.italic = True
        run.font.cs_italic = True
    mark_run(run._r, lang)
    return run


def add_paragraph(container: Any, text: str, lang: str, style: str | None = None, **marks: bool) -> Any:
    """A paragraph of `text` in `container` (the document, a cell), in `lang`'s direction."""
    paragraph = container.add_paragraph(style=style)
    _direction(paragraph, lang)
    if text_of(text):
        add_run(paragraph, text_of(text), lang, **marks)
    return paragraph


def _hyperlink(paragraph: Any, url: str) -> None:
    """`url` as a link when it is http(s), else as plain text."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    href = safe_url(url)
    if href is None:
        add_run(paragraph, text_of(url), "en")
        return
    rel = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = add_run(paragraph, text_of(url), "en")
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x9A)
    link.append(run._r)  # moved from the paragraph into the link
    paragraph._p.append(link)


def _has_style(document: Any, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _bilingual_heading(document: Any, english: str, arabic: str) -> None:
    """A section heading "English · العربية", each part a run in its own language."""
    paragraph = add_paragraph(document, english, "en", "Heading 1")
    add_run(paragraph, " · ", "en")
    add_run(paragraph, arabic, "ar")


def _role(lang: str, source_lang: str) -> str:
    return ORIGINAL[lang] if lang == source_lang else MACHINE[lang]


def _header(document: Any, briefing: Briefing) -> None:
    source, target = briefing.source_lang, briefing.target_lang
    title = text_of(briefing.title.get(source, ""))
    add_paragraph(document, title or f"Briefing {briefing.id}", source if title else "en", "Title")
    other = text_of(briefing.title.get(target, ""))
    if other:
        add_paragraph(document, other, target, "Subtitle")
    meta = document.add_paragraph()
    add_run(meta, f"Bilingual briefing · {text_of(briefing.id)}", "en")
    for key in ("sitename", "author", "date"):
        value = text_of(briefing.source.get(key, ""))
        if value:
            add_run(meta, " · ", "en")
            add_run(meta, value, guess_lang(value))
    if text_of(briefing.source.get("url", "")):
        add_run(meta, " · ", "en")
        _hyperlink(meta, briefing.source["url"])
    add_run(meta, f" · original in {LANGUAGES.get(source, source)}", "en")


def _warnings(document: Any, briefing: Briefing) -> None:
    warnings = [text_of(w) for w in briefing.warnings if text_of(w)]
    if not warnings:
        return
    add_paragraph(document, "Check before use", "en", "Heading 2")
    for warning in warnings:
        add_paragraph(document, warning, guess_lang(warning), "List Bullet")


def _summaries(document: Any, briefing: Briefing) -> None:
    _bilingual_heading(document, "Summaries", SUMMARY_HEADING["ar"])
    for lang in (briefing.source_lang, briefing.target_lang):
        comma = "،" if lang == "ar" else ","  # the Arabic comma in Arabic text
        heading = f"{SUMMARY_HEADING[lang]} ({NATIVE_NAMES[lang]}{comma} {_role(lang, briefing.source_lang)})"
        add_paragraph(document, heading, lang, "Heading 2")
        sentences = [text_of(s) for s in briefing.summary.get(lang, []) if text_of(s)]
        for sentence in sentences:
            add_paragraph(document, sentence, lang, "List Bullet")
        if not sentences:
            add_paragraph(document, "لا ملخص" if lang == "ar" else "No summary", lang, italic=True)


def flag_comment(flags: list[str]) -> str:
    """What a flagged translation's comment says: each flag in words."""
    parts = []
    for flag in flags:
        name = text_of(flag)
        label, description = FLAG_LABELS.get(name, (name.replace("_", " "), ""))
        parts.append(f"{label}: {description}" if description else label)
    return "Check this translation. " + "; ".join(parts) + "."


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _text(document: Any, briefing: Briefing) -> Any:
    """The body as a table: a header row, then one row per paragraph pair (see the module docstring)."""
    source = briefing.source_lang
    _bilingual_heading(document, TEXT_HEADING["en"], TEXT_HEADING["ar"])
    table = document.add_table(rows=1, cols=len(COLUMNS))
    if _has_style(document, "Table Grid"):
        table.style = "Table Grid"
    head = table.rows[0]
    _repeat_header(head)
    for cell, lang in zip(head.cells, COLUMNS, strict=True):
        paragraph = cell.paragraphs[0]
        _direction(paragraph, lang)
        add_run(paragraph, f"{NATIVE_NAMES[lang]} ({_role(lang, source)})", lang, bold=True)
    for pair in briefing.paragraphs:
        texts = {"ar": pair.ar, "en": pair.en}
        cells = table.add_row().cells
        for cell, lang in zip(cells, COLUMNS, strict=True):
            paragraph = cell.paragraphs[0]
            _direction(paragraph, lang)
            if text_of(texts[lang]):
                run = add_run(paragraph, text_of(texts[lang]), lang)
                if lang != source and pair.flags:
                    document.add_comment(run, flag_comment(pair.flags), author=AUTHOR, initials="tj")
    return table


def _removed(document: Any, briefing: Briefing) -> None:
    if not briefing.removed:
        return
    add_paragraph(document, f"Removed boilerplate ({len(briefing.removed)})", "en", "Heading 2")
    add_paragraph(document, "Captions, bylines, menus, comment forms: not part of the article.", "en")
    for item in briefing.removed:
        text = text_of(item.text)
        paragraph = add_paragraph(document, "", guess_lang(text), "List Bullet")
        add_run(paragraph, text_of(item.reason).replace("_", " ") + ": ", "en", italic=True)
        add_run(paragraph, text, guess_lang(text))


def _footer(document: Any, briefing: Briefing) -> None:
    add_paragraph(document, "About this briefing", "en", "Heading 2")
    rows = [(key, value) for key, value in briefing.source.items() if key != "url"]
    if briefing.models:
        rows.append(("models", "; ".join(f"{slot}: {name}" for slot, name in briefing.models.items())))
    if briefing.timings:
        rows.append(("timings", " · ".join(f"{k} {v:.2f} s" for k, v in briefing.timings.items())))
    for key, value in rows:
        paragraph = add_paragraph(document, "", "en", "List Bullet")
        add_run(paragraph, f"{text_of(key)}: ", "en", bold=True)
        add_run(paragraph, text_of(value), guess_lang(text_of(value)))
    if text_of(briefing.source.get("url", "")):
        paragraph = add_paragraph(document, "", "en", "List Bullet")
        add_run(paragraph, "url: ", "en", bold=True)
        _hyperlink(paragraph, briefing.source["url"])
    add_paragraph(document, NOTE, "en", italic=True)


def _properties(document: Any, briefing: Briefing) -> None:
    titles = [text_of(briefing.title.get(lang, "")) for lang in ("en", "ar")]
    properties = document.core_properties
    title = " · ".join(t for t in titles if t) or f"Briefing {text_of(briefing.id)}"
    properties.title = title if len(title) <= _MAX_PROPERTY else title[: _MAX_PROPERTY - 1] + "…"
    properties.subject = "Bilingual briefing (Arabic and English)"
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = NOTE
    properties.keywords = "tarjama; briefing; ar; en"
    properties.language = LANG_TAGS[briefing.source_lang]


def render_docx(briefing: Briefing) -> bytes:
    """The briefing as a .docx file (see the module docstring)."""
    import docx

    document = docx.Document()
    _properties(document, briefing)
    _header(document, briefing)
    _warnings(document, briefing)
    _summaries(document, briefing)
    _text(document, briefing)
    _removed(document, briefing)
    _footer(document, briefing)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
