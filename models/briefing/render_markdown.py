"""A briefing as Markdown (CommonMark / GitHub flavoured), with every piece of text made inert.

Each string is put on one line, stripped of bidi and control characters, HTML-escaped (`&`, `<`,
`>`), and has every character that could start Markdown markup backslash-escaped, so a headline
such as `<script>` or `[x](javascript:...)` shows as itself. Links are written only for http(s)
URLs, percent-encoded. Removed boilerplate sits in a `<details>` block (collapsed on GitHub).
"""

from __future__ import annotations

import html
import re

from models.briefing.safe import one_line, safe_url
from models.briefing.types import Briefing
from models.languages import NATIVE_NAMES

LANGUAGE_NAME = NATIVE_NAMES
# Inline markup: emphasis, code, links/images, tables, strikethrough, escapes, autolinks/HTML.
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# What starts a block at the beginning of a line: heading, quote, list item, thematic break, setext.
_BLOCK_START = re.compile(r"^(#|>|[-+=]|\d{1,9}(?=[.)]))")


def md(text: str) -> str:
    """`text` as inert inline Markdown on one line."""
    escaped = html.escape(one_line(text), quote=False)
    escaped = _INLINE.sub(r"\\\1", escaped)
    return _BLOCK_START.sub(
        lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), escaped
    )


def md_link(url: str, text: str | None = None) -> str:
    """A Markdown link for an http(s) URL; any other URL as plain escaped text."""
    href = safe_url(url)
    label = md(text if text is not None else url)
    return f"[{label}]({href})" if href else label


def _role(lang: str, source_lang: str) -> str:
    return "original" if lang == source_lang else "machine translation"


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown: titles, summaries, paragraph pairs, removed boilerplate, metadata."""
    source, target = briefing.source_lang, briefing.target_lang
    lines: list[str] = []
    title = md(briefing.title.get(source, "")) or md(f"Briefing {briefing.id}")
    lines += [f"# {title}", ""]
    other = md(briefing.title.get(target, ""))
    if other:
        lines += [f"**{LANGUAGE_NAME[target]} ({_role(target, source)}):** {other}", ""]
    if briefing.warnings:
        lines += ["> **Check before use**", ">"]
        lines += [f"> - {md(warning)}" for warning in briefing.warnings]
        lines.append("")

    lines += ["## Summaries · الملخص", ""]
    for lang in (source, target):
        lines += [f"**{LANGUAGE_NAME[lang]} ({_role(lang, source)})**", ""]
        sentences = [md(s) for s in briefing.summary.get(lang, []) if md(s)]
        lines += [f"- {s}" for s in sentences] if sentences else ["_No summary._"]
        lines.append("")

    lines += [
        "## Text · النص",
        "",
        f"_Each paragraph of the original ({LANGUAGE_NAME[source]}) is followed by its machine translation "
        f"({LANGUAGE_NAME[target]}), quoted._",
        "",
    ]
    for number, pair in enumerate(briefing.paragraphs, start=1):
        texts = {"ar": pair.ar, "en": pair.en}
        lines += [f"**¶ {number}**", "", md(texts[source]) or "_(empty)_", "", f"> {md(texts[target])}"]
        if pair.flags:
            lines += [">", f"> _flags: {', '.join(md(flag) for flag in pair.flags)}_"]
        lines.append("")

    if briefing.removed:
        lines += [
            "<details>",
            f"<summary>Removed boilerplate ({len(briefing.removed)})</summary>",
            "",
            *[f"- **{md(item.reason)}:** {md(item.text)}" for item in briefing.removed],
            "",
            "</details>",
            "",
        ]

    lines += ["---", ""]
    details = [
        f"{md(key)}: {md_link(value) if key == 'url' else md(value)}"
        for key, value in briefing.source.items()
    ]
    lines.append(f"- **Source:** id: {md(briefing.id)}; " + "; ".join(details))
    if briefing.models:
        lines.append(
            "- **Models:** " + "; ".join(f"{md(slot)}: {md(name)}" for slot, name in briefing.models.items())
        )
    if briefing.timings:
        lines.append("- **Timings:** " + "; ".join(f"{md(k)} {v:.2f} s" for k, v in briefing.timings.items()))
    lines.append(
        "- Machine translation and automatic summaries: check against the original before publishing."
    )
    return "\n".join(lines) + "\n"
