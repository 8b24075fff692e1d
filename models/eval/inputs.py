"""Reference sets for `tarjama eval translation`: reading, paragraph alignment and its problems.

Four shapes are read: two parallel folders with the same file names (NTREX-style `ar/` and `en/`,
one article per file, paragraphs between blank lines), a TSV file (`source<TAB>reference`, or a
header naming `id`, `source`, `reference` and optionally `hypothesis` columns; rows with the same id
are one document's paragraphs), JSONL (`{"id", "source", "reference"[, "hypothesis"]}`, each a
string or a list of paragraphs) and sacrebleu-style line-aligned plain files (one segment a line,
each line its own document). Every file is strict UTF-8 (`models.text.decode`).

Documents are aligned paragraph for paragraph. A document whose counts differ is never padded:
`misalignment` reports it, and the scorer leaves it out or joins it (see `models.eval.translation`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from models.errors import InputDecodeError, InvalidInputError
from models.text.decode import decode_utf8
from models.text.segment import split_paragraphs

FORMATS = ("folders", "tsv", "jsonl", "lines")


@dataclass
class EvalDocument:
    """One document of a reference set.

    id: file name, JSONL/TSV id, or `line N`. source / reference: paragraphs. hypothesis: the
    system's paragraphs once known (given with --hypothesis, or translated).
    """

    id: str
    source: list[str]
    reference: list[str]
    hypothesis: list[str] | None = None


@dataclass(frozen=True)
class Misalignment:
    """A document whose paragraph counts differ between source, reference and hypothesis."""

    id: str
    source: int
    reference: int
    hypothesis: int | None

    @property
    def message(self) -> str:
        counts = f"source {self.source}, reference {self.reference}"
        if self.hypothesis is not None:
            counts += f", hypothesis {self.hypothesis}"
        return f"{self.id}: paragraph counts differ ({counts})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "reference": self.reference,
            "hypothesis": self.hypothesis,
        }


@dataclass
class EvalSet:
    """The documents to score, in order, and where they came from."""

    documents: list[EvalDocument]
    format: str
    source_path: str
    reference_path: str
    hypothesis_path: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def limited(self, limit: int | None) -> EvalSet:
        """The first `limit` documents (all when None)."""
        if limit is None:
            return self
        return replace(self, documents=self.documents[:limit])


def misalignment(document: EvalDocument) -> Misalignment | None:
    """The paragraph-count problem of one document, or None when it is aligned."""
    hyp = None if document.hypothesis is None else len(document.hypothesis)
    counts = {len(document.source), len(document.reference)} | ({hyp} if hyp is not None else set())
    if len(counts) == 1:
        return None
    return Misalignment(document.id, len(document.source), len(document.reference), hyp)


def read_text(path: Path) -> str:
    """A file as strict UTF-8, with a one-line error naming it (missing, unreadable, not UTF-8)."""
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputDecodeError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_utf8(data, name=str(path))


def detect_format(path: Path) -> str:
    """`folders`, `tsv`, `jsonl` or `lines` from what `path` is and its suffix."""
    if path.is_dir():
        return "folders"
    if not path.exists():
        raise InvalidInputError(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return "tsv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "lines"


def load_translation_set(
    source: Path, reference: Path | None, hypothesis: Path | None = None, limit: int | None = None
) -> EvalSet:
    """Read a reference set (and a system's output when `hypothesis` is given).

    Args:
        source: a folder, a TSV or JSONL file (references inside), or a line-aligned plain file.
        reference: the matching folder or plain file; None for TSV and JSONL.
        hypothesis: a folder with the same file names (folders), a plain file with one line per
            source line (lines) or per paragraph in document order (TSV, JSONL), or a JSONL file of
            `{"id", "hypothesis"}`.
        limit: keep the first N documents. A hypothesis folder needs only those; a hypothesis file
            still lines up with the whole set (a system's output for all of it).

    Raises:
        InvalidInputError: missing paths, files that do not pair up, malformed rows, empty references.
        InputDecodeError: a file that is not UTF-8.
    """
    fmt = detect_format(source)
    if fmt in ("tsv", "jsonl"):
        if reference is not None:
            raise InvalidInputError(f"{source}: a {fmt.upper()} file holds its references; drop --reference")
        documents = _read_tsv(source) if fmt == "tsv" else _read_jsonl(source)
        reference_path = str(source)
    else:
        if reference is None:
            raise InvalidInputError("--reference is needed with a folder or a plain-text source")
        other = detect_format(reference)
        if (fmt == "folders") != (other == "folders"):
            raise InvalidInputError(f"{source} and {reference}: give two folders or two files")
        documents = _read_folders(source, reference) if fmt == "folders" else _read_lines(source, reference)
        reference_path = str(reference)
    if not documents:
        raise InvalidInputError(f"{source}: no documents")
    for document in documents:
        if not any(paragraph.strip() for paragraph in document.reference):
            raise InvalidInputError(f"{document.id}: empty reference; every document needs one")
    eval_set = EvalSet(documents, fmt, str(source), reference_path)
    if fmt == "folders":
        eval_set = eval_set.limited(limit)
    if hypothesis is not None:
        attach_hypotheses(eval_set, hypothesis)
    return eval_set.limited(limit)


def attach_hypotheses(eval_set: EvalSet, path: Path) -> None:
    """Fill every document's `hypothesis` from `path` (see `load_translation_set`)."""
    documents = eval_set.documents
    eval_set.hypothesis_path = str(path)
    if eval_set.format == "folders":
        if not path.is_dir():
            raise InvalidInputError(f"{path}: not a folder; the hypothesis of folders is a folder")
        names = {p.name for p in _files(path)}
        missing = [d.id for d in documents if d.id not in names]
        if missing:
            raise InvalidInputError(f"{path}: no hypothesis for {_names(missing)}")
        for document in documents:
            document.hypothesis = split_paragraphs(read_text(path / document.id))
        return
    if path.is_dir():
        raise InvalidInputError(f"{path}: a folder; the hypothesis of a {eval_set.format} set is a file")
    if path.suffix.lower() in (".jsonl", ".ndjson") and eval_set.format != "lines":
        by_id = {}
        for number, record in _jsonl_records(path):
            key = str(record.get("id", ""))
            by_id[key] = _paragraphs(record.get("hypothesis"), f"{path}: line {number}: hypothesis")
        missing = [d.id for d in documents if d.id not in by_id]
        if missing:
            raise InvalidInputError(f"{path}: no hypothesis for {_names(missing)}")
        for document in documents:
            document.hypothesis = by_id[document.id]
        return
    lines = _lines(read_text(path))
    expected = sum(len(d.source) for d in documents)
    if len(lines) != expected:
        unit = "lines" if eval_set.format == "lines" else "source paragraphs"
        raise InvalidInputError(f"{path}: {len(lines)} lines for {expected} {unit}")
    start = 0
    for document in documents:
        document.hypothesis = lines[start : start + len(document.source)]
        start += len(document.source)


# -- the four shapes ----------------------------------------------------------------------------------
def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _names(names: list[str], shown: int = 3) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _read_folders(source: Path, reference: Path) -> list[EvalDocument]:
    sources = {p.name: p for p in _files(source)}
    references = {p.name: p for p in _files(reference)}
    if not sources:
        raise InvalidInputError(f"{source}: empty folder")
    only_source = sorted(set(sources) - set(references))
    only_reference = sorted(set(references) - set(sources))
    if only_source or only_reference:
        parts = []
        if only_source:
            parts.append(f"{len(only_source)} only in {source} ({_names(only_source)})")
        if only_reference:
            parts.append(f"{len(only_reference)} only in {reference} ({_names(only_reference)})")
        raise InvalidInputError("the folders' file names differ: " + "; ".join(parts))
    return [
        EvalDocument(
            name, split_paragraphs(read_text(sources[name])), split_paragraphs(read_text(references[name]))
        )
        for name in sorted(sources)
    ]


def _lines(text: str) -> list[str]:
    """Lines as sacrebleu reads them: split at "\\n" only, one final newline not making a line."""
    if text.endswith("\n"):
        text = text[:-1]
    return [line.rstrip("\r") for line in text.split("\n")] if text else []


def _read_lines(source: Path, reference: Path) -> list[EvalDocument]:
    sources = _lines(read_text(source))
    references = _lines(read_text(reference))
    if len(sources) != len(references):
        raise InvalidInputError(
            f"{source} has {len(sources)} lines, {reference} has "
            f"{len(references)}; line-aligned files must match"
        )
    for number, line in enumerate(references, start=1):
        if not line.strip():
            raise InvalidInputError(f"{reference}: line {number}: empty reference; every line needs one")
    return [
        EvalDocument(f"line {i}", [s], [r])
        for i, (s, r) in enumerate(zip(sources, references, strict=True), 1)
    ]


def _read_tsv(path: Path) -> list[EvalDocument]:
    rows = [row for row in _lines(read_text(path))]
    header = [cell.strip().lower() for cell in rows[0].split("\t")] if rows else []
    if "source" in header and "reference" in header:
        columns = {
            name: header.index(name) for name in ("id", "source", "reference", "hypothesis") if name in header
        }
        body = list(enumerate(rows[1:], start=2))
    else:
        columns = {"source": 0, "reference": 1}
        header = ["source", "reference"]
        body = list(enumerate(rows, start=1))
    grouped: dict[str, EvalDocument] = {}
    for number, row in body:
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) != len(header):
            raise InvalidInputError(f"{path}: line {number}: {len(cells)} columns, expected {len(header)}")
        key = cells[columns["id"]] if "id" in columns else f"row {number}"
        document = grouped.setdefault(key, EvalDocument(key, [], []))
        document.source.append(cells[columns["source"]])
        document.reference.append(cells[columns["reference"]])
        if "hypothesis" in columns:
            document.hypothesis = [*(document.hypothesis or []), cells[columns["hypothesis"]]]
    return list(grouped.values())


def _jsonl_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    records = []
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InvalidInputError(f"{path}: line {number}: expected a JSON object")
        records.append((number, record))
    return records


def _paragraphs(value: object, what: str) -> list[str]:
    """A string split into paragraphs, or a list of strings taken as the paragraphs."""
    if isinstance(value, str):
        return split_paragraphs(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item for item in value if item.strip()]
    raise InvalidInputError(f"{what}: expected a string or a list of strings")


def _read_jsonl(path: Path) -> list[EvalDocument]:
    documents: dict[str, EvalDocument] = {}
    for number, record in _jsonl_records(path):
        key = str(record["id"]) if "id" in record else f"line {number}"
        if key in documents:
            raise InvalidInputError(f"{path}: line {number}: id {key!r} appears twice")
        where = f"{path}: line {number}"
        document = EvalDocument(
            key,
            _paragraphs(record.get("source"), f"{where}: source"),
            _paragraphs(record.get("reference"), f"{where}: reference"),
        )
        if "hypothesis" in record:
            document.hypothesis = _paragraphs(record["hypothesis"], f"{where}: hypothesis")
        documents[key] = document
    return list(documents.values())
