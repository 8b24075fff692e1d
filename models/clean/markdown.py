"""Markdown to plain text: markup stripped, images taken out as captions, the first heading as title.

Line structure (and so blank-line paragraph breaks) is kept, so the boilerplate filter can work on the
result like on scraped plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.clean.types import RemovedText

_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*[^)\s]*(?:\s+\"[^\"]*\")?\s*\)")
_LINK_REF = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`+([^`]+)`+")
_BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_EMPHASIS_ONLY = re.compile(r"^\s*(\*{1,2}|_{1,2})(?=\S).+(?<=\S)\1\s*$")


@dataclass
class MarkdownText:
    """Plain text made from Markdown.

    Args:
        text: the text with markup removed, blank lines between blocks kept.
        title: the first heading when it comes before any other text, else a front-matter title.
        removed: images (as "caption") and their emphasised caption lines.
        metadata: "author", "date", "url" from a YAML-style front matter block, where present.
    """

    text: str
    title: str | None = None
    removed: list[RemovedText] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def strip_inline(line: str) -> str:
    """One line of Markdown with inline markup removed: links keep their text, emphasis and code
    marks and HTML tags go, backslash escapes are resolved. Images must be removed before.

    Args:
        line: one line of Markdown.
    """
    line = _LINK.sub(r"\1", line)
    line = _LINK_REF.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = _CODE.sub(r"\1", line)
    for _ in range(2):  # nested emphasis such as ***bold italic***
        line = _BOLD.sub(r"\2", line)
        line = _ITALIC_STAR.sub(r"\1", line)
        line = _ITALIC_UNDERSCORE.sub(r"\1", line)
        line = _STRIKE.sub(r"\1", line)
    return _ESCAPE.sub(r"\1", line).rstrip()


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            fields: dict[str, str] = {}
            for line in lines[1:end]:
                match = _FRONT_MATTER_FIELD.match(line)
                if match and match.group(2):
                    fields[match.group(1).lower()] = match.group(2).strip("\"'")
            return fields, end + 1
    return {}, 0


def strip_markdown(content: str) -> MarkdownText:
    """Plain text of a Markdown article.

    Args:
        content: Markdown source with `\\n` line ends.
    """
    lines = content.split("\n")
    front, start = _front_matter(lines)
    result = MarkdownText("")
    result.metadata = {key: front[key] for key in ("author", "date", "url") if front.get(key)}
    out: list[str] = []
    seen_text = False
    in_fence = False
    after_image = False
    skip_underline = False
    for index in range(start, len(lines)):
        raw = lines[index]
        if skip_underline:
            skip_underline = False
            continue
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(raw.strip())
            continue
        if not raw.strip():
            out.append("")
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _REF_DEFINITION.match(raw) or _TABLE_RULE.match(raw) or _RULE.match(raw):
            out.append("")
            continue
        heading = _ATX_HEADING.match(raw)
        skip_underline = heading is None and bool(_SETEXT_UNDERLINE.match(following))
        is_heading = heading is not None or skip_underline
        text = heading.group(1) if heading else raw
        text = _BLOCKQUOTE.sub("", text)
        text = _BULLET.sub("", text)
        if after_image and _EMPHASIS_ONLY.match(text):
            result.removed.append(RemovedText(strip_inline(text).strip(), "caption"))
            after_image = False
            continue
        text, images = _take_images(text)
        result.removed.extend(RemovedText(image, "caption") for image in images)
        after_image = bool(images) and not text.strip()
        text = strip_inline(text).strip()
        if "|" in text and text.count("|") >= 2:
            text = " | ".join(cell.strip() for cell in text.strip("| ").split("|"))
        if not text:
            continue
        if is_heading and not seen_text:
            result.title = text
            out.append("")
            seen_text = True
            continue
        seen_text = True
        if is_heading:
            out.extend(["", text, ""])
        else:
            out.append(text)
    result.text = "\n".join(out).strip()
    if result.title is None and front.get("title"):
        result.title = front["title"]
    return result


def _take_images(text: str) -> tuple[str, list[str]]:
    images: list[str] = []

    def keep(match: re.Match[str]) -> str:
        images.append(match.group(1).strip() or (match.group(2) if match.lastindex == 2 else "") or "image")
        return ""

    text = _IMAGE.sub(keep, text)
    text = _IMAGE_REF.sub(keep, text)
    return text, images
