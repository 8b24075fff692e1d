"""The one contract every format module follows: read bytes into blocks of inline runs, write them back.

A `Block` is one unit of translation (a paragraph, a table cell's paragraph, a slide note, a subtitle
cue); its `runs` are the pieces of text that carry their own formatting (a bold word, a link). The
whole block is translated as one text and the output is spread back over the runs (`models.documents
.runs.distribute`), so a sentence split across runs is still translated as one sentence.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Block:
    """One translatable unit of a document.

    runs: its inline pieces of text, in reading order (formatting lives with the format module).
    kind: where it sits: "paragraph", "heading", "cell", "header", "footer", "note", "subtitle", "title".
    """

    runs: list[str]
    kind: str = "paragraph"

    @property
    def text(self) -> str:
        return "".join(self.runs)


@dataclass(frozen=True)
class DocumentLimits:
    """What a document may be before it is refused (zip bombs, oversized uploads).

    max_bytes: size of the file itself. max_entries: entries in a zip-based file (docx, pptx, odt, epub).
    max_expanded_bytes: their declared uncompressed total. max_ratio: the largest compression ratio
    an entry over 1 MiB may declare. max_blocks: translatable blocks in one document.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_entries: int = 5_000
    max_expanded_bytes: int = 300 * 1024 * 1024
    max_ratio: float = 200.0
    max_blocks: int = 100_000


class Document(ABC):
    """A parsed document: its blocks, and how to write them back translated.

    format: the input format ("docx", ...). output_format: what `write` produces (a PDF gives "docx").
    notes: what the output does not keep, said once (e.g. a PDF's layout).
    """

    format: str = ""
    output_format: str = ""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[str] = []

    @property
    def paragraphs(self) -> list[str]:
        """The text of each block that has any, its whitespace collapsed (what the workbench loads)."""
        return [" ".join(block.text.split()) for block in self.blocks if block.text.strip()]

    @property
    def text(self) -> str:
        """The document's text, block by block (what briefings and batch read as the article)."""
        return "\n\n".join(self.paragraphs)

    @abstractmethod
    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        """The document in its output format with each block's runs replaced by `translated[i]`.

        target: the output language ("ar" sets right-to-left paragraphs, "en" left-to-right) and the
        language metadata.
        """


@dataclass
class FormatInfo:
    """A format tarjama reads: its suffixes, what it writes, and its media type."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    output_format: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def is_rtl(lang: str) -> bool:
    return lang == "ar"


LANG_TAGS = {"ar": "ar-SA", "en": "en-US"}
