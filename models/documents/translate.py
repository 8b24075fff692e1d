"""Translating a document: read its blocks, translate them through the engine, write the same format.

All blocks go to `Engine.translate` together (in chunks of `chunk_chars` characters, so long
documents report progress), so they share batches, and whatever the engine's translators apply
(translation memory, glossaries) applies to documents too. Each block is translated whole and
spread back over its runs (`models.documents.runs`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from models.documents.base import Document, DocumentLimits
from models.documents.formats import FORMATS, format_for, read_document
from models.documents.runs import distribute
from models.errors import NoMainTextError

if TYPE_CHECKING:
    from models.engine import Engine
    from models.translate import TranslationOptions

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DocumentOptions:
    """source: "auto" detects the document's language (then each block is routed on its own, so a
    block already in the target language stays as it is); target: None means the other language.
    translation: decoding options. limits: size limits. chunk_chars: characters per engine call.
    """

    source: str = "auto"
    target: str | None = None
    translation: TranslationOptions | None = None
    limits: DocumentLimits = field(default_factory=DocumentLimits)
    chunk_chars: int = 40_000


@dataclass
class TranslatedDocument:
    """The translated file and what happened on the way.

    format / media_type: of `data` (a PDF comes back as "docx"). blocks: translatable blocks;
    translated: those sent to a model; segments / flagged: sentences and those with quality flags.
    notes: what the output does not keep or could not do, for the person reading it.
    """

    data: bytes
    format: str
    media_type: str
    source_lang: str
    target_lang: str
    blocks: int
    translated: int
    segments: int
    flagged: int
    notes: list[str]

    def filename(self, original: str) -> str:
        """`report.docx` -> `report.ar.docx` (the target language before the output suffix)."""
        stem = PurePath(original).stem or "document"
        return f"{stem}.{self.target_lang}.{self.format}"


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def translate_document(
    engine: Engine,
    data: bytes,
    name: str,
    options: DocumentOptions | None = None,
    progress: Progress | None = None,
) -> TranslatedDocument:
    """Translate the file `data` named `name` (its extension gives the format) into the same format.

    progress: called with (blocks done, blocks total) after each engine call.
    Raises the document errors of `read_document`, NoMainTextError when it has no text to translate,
    and UnsupportedLanguageError for a pair no model serves.
    """
    options = options or DocumentOptions()
    document = read_document(data, name, options.limits)
    return translate_blocks(engine, document, PurePath(name).name, options, progress)


def translate_blocks(
    engine: Engine,
    document: Document,
    name: str,
    options: DocumentOptions,
    progress: Progress | None = None,
) -> TranslatedDocument:
    """The second half of `translate_document`, for a document already read."""
    from models.engine import route

    fmt = format_for(name)
    if not any(block.text.strip() for block in document.blocks):
        raise NoMainTextError(f"{name}: the document has no text to translate")
    pair = route(document.text, options.source, options.target)
    source = options.source if options.source != "auto" else "auto"
    texts = [" ".join(block.text.split()) for block in document.blocks]
    wanted = [i for i, text in enumerate(texts) if _has_letters(text)]
    outputs: dict[int, str] = {}
    segments = flagged = 0
    total = len(wanted)
    for chunk in _chunks(wanted, texts, options.chunk_chars):
        results = engine.translate([texts[i] for i in chunk], source, pair.target, options.translation)
        for index, result in zip(chunk, results, strict=True):
            outputs[index] = " ".join(p.target for p in result.paragraphs if p.target).strip()
            segments += len(result.segments)
            flagged += sum(1 for s in result.segments if s.flags)
        if progress is not None:
            progress(len(outputs), total)
    translated_runs, empty = [], 0
    for index, block in enumerate(document.blocks):
        text = outputs.get(index)
        if text is None or not text:
            empty += text is not None
            translated_runs.append(list(block.runs))  # numbers, symbols: kept as they were
            continue
        translated_runs.append(distribute(text, block.runs))
    notes = list(document.notes)
    if empty:
        notes.append(f"{empty} paragraph(s) came back empty from the model; their source text was kept")
    out_format = FORMATS[PurePath(name).suffix.lower()].output if name else fmt.output
    return TranslatedDocument(
        data=document.write(translated_runs, pair.target),
        format=out_format,
        media_type=fmt.media_type,
        source_lang=pair.source,
        target_lang=pair.target,
        blocks=len(document.blocks),
        translated=len(outputs),
        segments=segments,
        flagged=flagged,
        notes=notes,
    )


def _chunks(indices: list[int], texts: list[str], budget: int) -> list[list[int]]:
    chunks: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index in indices:
        if current and size + len(texts[index]) > budget:
            chunks.append(current)
            current, size = [], 0
        current.append(index)
        size += len(texts[index])
    if current:
        chunks.append(current)
    return chunks
