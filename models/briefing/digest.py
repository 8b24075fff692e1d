"""A digest of many briefings: per article its titles and both summaries, linked to its page, and counts.

What a newsletter editor reads first. Links are given by the caller (usually a path relative to the
digest, such as `briefings/article-1.html`) and made safe with `models.briefing.safe.safe_link`.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.briefing.render_html import LANGS, MACHINE, ORIGINAL, bdi, cell_attrs, esc, page
from models.briefing.render_markdown import LANGUAGE_NAME, md
from models.briefing.safe import one_line, safe_link
from models.briefing.types import Briefing
from models.errors import InvalidInputError

DIGEST_FORMATS = ("markdown", "html")


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def digest_counts(briefings: Sequence[Briefing]) -> dict[str, int]:
    """Totals shown at the top of a digest."""
    return {
        "articles": len(briefings),
        "arabic": sum(1 for b in briefings if b.source_lang == "ar"),
        "english": sum(1 for b in briefings if b.source_lang == "en"),
        "paragraphs": sum(len(b.paragraphs) for b in briefings),
        "flagged_paragraphs": sum(b.flagged_paragraphs() for b in briefings),
        "with_warnings": sum(1 for b in briefings if b.warnings),
    }


def _counts_line(counts: dict[str, int]) -> str:
    return " · ".join(
        [
            _plural(counts["articles"], "article"),
            f"{counts['arabic']} from Arabic, {counts['english']} from English",
            _plural(counts["paragraphs"], "paragraph"),
            f"{counts['flagged_paragraphs']} flagged for review",
            f"{counts['with_warnings']} with warnings",
        ]
    )


def _entry_counts(briefing: Briefing) -> str:
    return " · ".join(
        [
            f"from {'Arabic' if briefing.source_lang == 'ar' else 'English'}",
            _plural(len(briefing.paragraphs), "paragraph"),
            f"{briefing.flagged_paragraphs()} flagged",
            _plural(len(briefing.warnings), "warning"),
        ]
    )


def render_digest(entries: Sequence[tuple[Briefing, str]], fmt: str) -> str:
    """A digest of `entries` (briefing, link to its page) as "markdown" (or "md") or "html".

    Raises:
        InvalidInputError: an unknown format.
    """
    if fmt in ("markdown", "md"):
        return _markdown(entries)
    if fmt == "html":
        return _html(entries)
    raise InvalidInputError(f"unknown digest format {fmt!r}; use markdown or html")


def _title(briefing: Briefing, lang: str) -> str:
    return one_line(briefing.title.get(lang, ""))


def _source_line(briefing: Briefing) -> str:
    """Date and source (site name, else the URL's host, else the path) where known, for the reader."""
    from urllib.parse import urlsplit

    source = briefing.source
    where = one_line(source.get("sitename", ""))
    url = one_line(source.get("url", ""))
    if not where and url:
        where = urlsplit(url).hostname or ""
    where = where or one_line(source.get("path", ""))
    return " · ".join(part for part in (one_line(source.get("date", "")), where) if part)


def _markdown(entries: Sequence[tuple[Briefing, str]]) -> str:
    counts = digest_counts([briefing for briefing, _ in entries])
    lines = ["# Briefings digest · ملخص الإحاطات", "", md(_counts_line(counts)), ""]
    for number, (briefing, raw_link) in enumerate(entries, start=1):
        href = safe_link(raw_link)
        heading = md(_title(briefing, "en") or _title(briefing, "ar") or f"Article {briefing.id}")
        lines += [f"## {number}. [{heading}]({href})" if href else f"## {number}. {heading}", ""]
        arabic = md(_title(briefing, "ar"))
        if arabic and _title(briefing, "en"):
            lines += [f"**العربية:** {arabic}", ""]
        for lang in ("en", "ar"):
            summary = md(" ".join(briefing.summary.get(lang, [])))
            role = "original" if lang == briefing.source_lang else "machine translation"
            lines.append(f"- **{LANGUAGE_NAME[lang]} ({role}):** {summary or '_no summary_'}")
        known = _source_line(briefing)
        lines += ["", f"_{md(known + ' · ' if known else '')}{md(_entry_counts(briefing))}_", ""]
    return "\n".join(lines) + "\n"


def _html(entries: Sequence[tuple[Briefing, str]]) -> str:
    counts = digest_counts([briefing for briefing, _ in entries])
    body = [
        "<header>",
        '<p class="kicker">tarjama</p>',
        '<h1>Briefings digest · <span lang="ar" dir="rtl">ملخص الإحاطات</span></h1>',
        f'<p class="counts">{esc(_counts_line(counts))}</p>',
        "</header>",
    ]
    # The index: every title with a jump link to its entry, with date and source where known.
    body.append('<section class="index" role="navigation" aria-label="Index"><ul>')
    for number, (briefing, _) in enumerate(entries, start=1):
        title = _title(briefing, "en") or _title(briefing, "ar") or f"Article {one_line(briefing.id)}"
        lang = "en" if _title(briefing, "en") else ("ar" if _title(briefing, "ar") else None)
        known = _source_line(briefing)
        meta = f' <span class="counts">{esc(known)}</span>' if known else ""
        body.append(f'<li><a href="#entry-{number}">{bdi(title, lang)}</a>{meta}</li>')
    body.append("</ul></section>")
    for number, (briefing, raw_link) in enumerate(entries, start=1):
        href = safe_link(raw_link)
        body.append(f'<article class="entry" id="entry-{number}">')
        body.append('<div class="pair">')
        for lang in LANGS:
            title = _title(briefing, lang) or (f"Article {one_line(briefing.id)}" if lang == "en" else "")
            shown = bdi(title, lang)
            if href and title:
                shown = f'<a href="{esc(href)}">{shown}</a>'
            role = ORIGINAL[lang] if lang == briefing.source_lang else MACHINE[lang]
            tag = f'<span class="tag">{esc(role)}</span>'
            sentences = [one_line(s) for s in briefing.summary.get(lang, []) if one_line(s)]
            summary = "".join(f"<li>{bdi(s, lang)}</li>" for s in sentences)
            classes = () if lang == briefing.source_lang else ("mt",)
            body.append(
                f"<div {cell_attrs(lang, *classes)}><h2>{shown}{tag}</h2>"
                + (f"<ul>{summary}</ul>" if summary else "")
                + "</div>"
            )
        body.append("</div>")
        known = _source_line(briefing)
        known_html = f"{bdi(known)} · " if known else ""
        body.append(f'<p class="counts">{bdi(briefing.id)} · {known_html}{esc(_entry_counts(briefing))}</p>')
        body.append("</article>")
    note = "Machine translation and automatic summaries: check against the original before publishing."
    body += ["<footer>", f"<p>{esc(note)}</p>", "</footer>"]
    return page("Briefings digest", body)
