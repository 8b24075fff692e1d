"""HTML (and the XHTML inside EPUB): a block per block-level element; inline tags are its runs.

Each text slot (an element's text or an inline child's tail) inside a block is a run, so
`<p>The <b>big</b> cat</p>` is translated as "The big cat" and `<b>` keeps a word of the output.
Scripts, styles and `<code>`/`<pre>` are not translated. For Arabic output the root gets
`lang="ar" dir="rtl"` and each translated block `dir="rtl"`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.documents.base import Block, Document, DocumentLimits
from models.documents.safety import check_size
from models.errors import CorruptDocumentError
from models.text.decode import decode_with_fallback

INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
SKIP = frozenset(["script", "style", "code", "pre", "noscript", "template", "svg", "math", "head"])


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1].lower()


class HtmlTree(Document):
    """Blocks of an lxml tree; `serialize` turns the tree back into bytes."""

    format = "html"
    output_format = "html"

    def __init__(self, root: Any) -> None:
        super().__init__()
        self.root = root
        self._slots: list[list[tuple[Any, str]]] = []
        self._elements: list[Any] = []
        title = next((el for el in root.iter() if _local(el.tag) == "title"), None)
        if title is not None and (title.text or "").strip():
            self._add(title, [(title, "text")], "title")
        body = next((el for el in root.iter() if _local(el.tag) == "body"), root)
        self._walk(body)

    def _add(self, element: Any, slots: list[tuple[Any, str]], kind: str) -> None:
        runs = [getattr(el, attr) or "" for el, attr in slots]
        if "".join(runs).strip():
            self._slots.append(slots)
            self._elements.append(element)
            self.blocks.append(Block(runs, kind))

    def _walk(self, element: Any) -> None:
        name = _local(element.tag)
        if name in SKIP or not name:
            return
        slots: list[tuple[Any, str]] = [(element, "text")]
        for child in element:
            self._inline(child, slots)
        kind = "heading" if name in ("h1", "h2", "h3", "h4", "h5", "h6") else "paragraph"
        kind = "cell" if name in ("td", "th") else kind
        self._add(element, slots, kind)

    def _inline(self, child: Any, slots: list[tuple[Any, str]]) -> None:
        """Collect an inline child's text into the enclosing block; a block child is a block of its own."""
        name = _local(child.tag)
        if name in INLINE:
            slots.append((child, "text"))
            for grandchild in child:
                self._inline(grandchild, slots)
        elif name:
            self._walk(child)
        slots.append((child, "tail"))

    def apply(self, translated: Sequence[Sequence[str]], target: str) -> None:
        """Put the translated runs into the tree and mark the text direction and language."""
        rtl = target == "ar"
        for slots, element, runs in zip(self._slots, self._elements, translated, strict=True):
            for (el, attr), text in zip(slots, runs, strict=True):
                setattr(el, attr, text)
            if _local(element.tag) != "title":
                element.set("dir", "rtl" if rtl else "ltr")
        self.root.set("lang", target)
        self.root.set("dir", "rtl" if rtl else "ltr")

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        import lxml.html

        self.apply(translated, target)
        return lxml.html.tostring(self.root, encoding="utf-8", doctype="<!DOCTYPE html>", method="html")


def read_html(data: bytes, name: str, limits: DocumentLimits) -> HtmlTree:
    import lxml.html
    from lxml import etree

    check_size(data, name, limits)
    text, _ = decode_with_fallback(data, name=name)
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        raise CorruptDocumentError(f"{name}: not a readable HTML document") from None
    return HtmlTree(root)
