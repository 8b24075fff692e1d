"""A briefing as one self-contained HTML page: Arabic and English side by side, one column on phones.

No script, no external resource (a Content-Security-Policy forbids both), inline CSS only. Every
string of the briefing is escaped with `html.escape(quote=True)` after bidi and control characters
are removed, and shown inside `<bdi>` so it cannot reorder the text around it. The only attribute
built from briefing data is a link's `href`, and only for an http(s) URL, percent-encoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from models.briefing.safe import clean_text, one_line, safe_url
from models.briefing.types import Briefing
from models.languages import CODES, DIRECTION, LANGUAGES, NATIVE_NAMES
from models.quality import KEPT_SOURCE

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
LANGUAGE_NAME = NATIVE_NAMES
ORIGINAL = {"ar": "الأصل", "en": "original"}
MACHINE = {"ar": "ترجمة آلية", "en": "machine translation"}
SUMMARY_HEADING = {"ar": "الملخص", "en": "Summary"}
TEXT_HEADING = {"ar": "النص", "en": "Text"}
FLAG_LABELS = {
    "untranslated": ("untranslated", "the output equals its source"),
    "wrong_script": ("wrong script", "most letters are not in the target language's script"),
    "repetition": ("repetition", "a word or phrase repeats in a loop"),
    "missing_digits": ("missing digits", "a number of the source is absent from the translation"),
    KEPT_SOURCE: ("kept as written", "already in the target language, so not translated"),
}
# Order of the columns on a wide screen (CSS puts English left, Arabic right whatever the DOM order).
LANGS = CODES
_CLASS_SAFE = re.compile(r"[a-z][a-z0-9_-]{0,40}")


@cache
def stylesheet() -> str:
    """The page's CSS (models/briefing/briefing.css)."""
    css = resources.files("models.briefing").joinpath("briefing.css").read_text(encoding="utf-8")
    return css.replace("</", "<\\/")  # cannot close the <style> element, whatever is edited in


def esc(text: str) -> str:
    """Escape `text` for HTML text or a quoted attribute, bidi and control characters removed."""
    return html.escape(clean_text(text), quote=True)


def bdi(text: str, lang: str | None = None) -> str:
    """`text` escaped and isolated; with `lang`, in that language's direction (else `dir=auto`)."""
    if lang in DIRECTION:
        return f'<bdi dir="{DIRECTION[lang]}">{esc(text)}</bdi>'
    return f"<bdi>{esc(text)}</bdi>"


def cell_attrs(lang: str, *classes: str) -> str:
    """Attributes of a language cell; only fixed strings, never briefing data."""
    names = " ".join(("cell", lang, *classes))
    return f'class="{names}" dir="{DIRECTION[lang]}" lang="{lang}"'


def link(url: str, text: str | None = None) -> str:
    """An `<a>` for an http(s) URL, or the URL as plain (escaped) text for anything else."""
    href = safe_url(url)
    label = bdi(one_line(text if text is not None else url))
    if href is None:
        return label
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{label}</a>'


def flag_badge(flag: str) -> str:
    name = one_line(flag)
    label, description = FLAG_LABELS.get(name, (name.replace("_", " "), ""))
    css = f" flag-{name}" if _CLASS_SAFE.fullmatch(name) else ""
    title = f' title="{esc(description)}"' if description else ""
    return f'<span class="flag{css}"{title}>{esc(label)}</span>'


def page(title: str, body: Iterable[str], lang: str = "en") -> str:
    """A whole HTML document around `body` (already escaped HTML fragments)."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" dir="{DIRECTION.get(lang, "ltr")}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="tarjama">',
        f"<title>{esc(one_line(title))}</title>",
        f"<style>\n{stylesheet()}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def page_title(briefing: Briefing) -> str:
    titles = [one_line(briefing.title.get(lang, "")) for lang in ("en", "ar")]
    titles = [title for title in titles if title]
    return " · ".join(titles) if titles else f"Briefing {one_line(briefing.id)}"


def _tag(lang: str, source_lang: str) -> str:
    label = ORIGINAL[lang] if lang == source_lang else MACHINE[lang]
    return f'<span class="tag">{esc(label)}</span>'


def _header(briefing: Briefing) -> list[str]:
    out = [
        "<header>",
        f'<p class="kicker">Bilingual briefing · {bdi(briefing.id)}</p>',
        '<div class="pair titles">',
    ]
    for lang in LANGS:
        title = one_line(briefing.title.get(lang, ""))
        classes = () if lang == briefing.source_lang else ("mt",)
        if title:
            out.append(f"<h1 {cell_attrs(lang, *classes)}>{bdi(title, lang)}</h1>")
        else:
            out.append(
                f"<p {cell_attrs(lang, 'note')}>{esc('بلا عنوان' if lang == 'ar' else 'No title')}</p>"
            )
    out.append("</div>")
    meta = [
        f"<span>{bdi(one_line(briefing.source[key]))}</span>"
        for key in ("sitename", "author", "date")
        if one_line(briefing.source.get(key, ""))
    ]
    if one_line(briefing.source.get("url", "")):
        meta.append(f"<span>{link(briefing.source['url'])}</span>")
    original = LANGUAGES.get(briefing.source_lang, briefing.source_lang)
    meta.append(f"<span>{esc(f'original in {original}')}</span>")
    out.append(f'<p class="meta">{"".join(meta)}</p>')
    out.append("</header>")
    return out


def _warnings(briefing: Briefing) -> list[str]:
    if not briefing.warnings:
        return []
    items = "".join(f"<li>{bdi(one_line(w))}</li>" for w in briefing.warnings)
    return [f'<aside class="warnings" role="note"><strong>Check before use</strong><ul>{items}</ul></aside>']


def _summaries(briefing: Briefing) -> list[str]:
    out = ['<section class="pair summaries" aria-label="Summaries">']
    for lang in LANGS:
        sentences = [one_line(s) for s in briefing.summary.get(lang, []) if one_line(s)]
        heading = f"<h2>{esc(SUMMARY_HEADING[lang])}{_tag(lang, briefing.source_lang)}</h2>"
        if sentences:
            body = "<ul>" + "".join(f"<li>{bdi(s, lang)}</li>" for s in sentences) + "</ul>"
        else:
            body = f'<p class="note">{esc("لا ملخص" if lang == "ar" else "No summary")}</p>'
        out.append(f"<section {cell_attrs(lang)}>{heading}{body}</section>")
    out.append("</section>")
    return out


def _paragraphs(briefing: Briefing) -> list[str]:
    source, target = briefing.source_lang, briefing.target_lang
    out = ['<section class="body" aria-label="Article">', '<div class="pair heads">']
    for lang in LANGS:
        out.append(f"<h2 {cell_attrs(lang)}>{esc(TEXT_HEADING[lang])}{_tag(lang, source)}</h2>")
    out.append("</div>")
    for number, pair in enumerate(briefing.paragraphs, start=1):
        texts = {"ar": pair.ar, "en": pair.en}
        out.append(f'<div class="pair row" id="p{number}">')
        # The original first in the document (it comes first on a phone); CSS places the columns.
        for lang in (source, target):
            classes = ("mt",) if lang == target else ()
            inner = f'<p><span class="num">{number}</span> {bdi(one_line(texts[lang]), lang)}</p>'
            if lang == target and pair.flags:
                badges = "".join(flag_badge(flag) for flag in pair.flags)
                inner += f'<p class="flags">{badges}</p>'
            out.append(f"<div {cell_attrs(lang, *classes)}>{inner}</div>")
        out.append("</div>")
    out.append("</section>")
    return out


def _removed(briefing: Briefing) -> list[str]:
    if not briefing.removed:
        return []
    items = "".join(
        f'<li><span class="reason">{esc(one_line(item.reason).replace("_", " "))}</span> '
        f"{bdi(one_line(item.text))}</li>"
        for item in briefing.removed
    )
    count = len(briefing.removed)
    summary = (
        f"Removed boilerplate ({count}): captions, bylines, menus, comment forms; not part of the article"
    )
    return [f'<details class="removed"><summary>{esc(summary)}</summary><ul>{items}</ul></details>']


def _footer(briefing: Briefing) -> list[str]:
    rows: list[tuple[str, str]] = []
    for key, value in briefing.source.items():
        shown = link(value) if key == "url" else bdi(one_line(value))
        rows.append((key, shown))
    if briefing.models:
        rows.append(
            (
                "models",
                "; ".join(f"{esc(slot)}: {bdi(one_line(name))}" for slot, name in briefing.models.items()),
            )
        )
    if briefing.timings:
        rows.append(
            ("timings", esc(" · ".join(f"{one_line(k)} {v:.2f} s" for k, v in briefing.timings.items())))
        )
    dl = "".join(f"<dt>{esc(one_line(key))}</dt><dd>{value}</dd>" for key, value in rows)
    note = "Machine translation and automatic summaries: check against the original before publishing."
    return ["<footer>", f"<p>{esc(note)}</p>", f"<dl>{dl}</dl>", "</footer>"]


def render_html(briefing: Briefing) -> str:
    """The briefing as a self-contained HTML page (see the module docstring)."""
    body = [
        *_header(briefing),
        *_warnings(briefing),
        *_summaries(briefing),
        *_paragraphs(briefing),
        *_removed(briefing),
        *_footer(briefing),
    ]
    return page(page_title(briefing), body)
