"""Inputs: walking IN_DIR and reading its articles (one per file, one per line of a `.jsonl`).

Reading stays byte-level here: the bytes are hashed (for the manifest and duplicate detection) and
decoded, cleaned and composed later (`batch.briefings`). Nothing in IN_DIR is ever written.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.clean.jsonrec import record_id
from models.documents.formats import ARTICLE_SUFFIXES
from models.errors import InputDecodeError
from models.text.decode import decode_with_fallback

SUFFIX_FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "json",
    # Documents: their text is read out (models.documents.article_text) and cleaned as text.
    **dict.fromkeys(ARTICLE_SUFFIXES, "text"),
}
"""Input suffixes (lower case) -> the format `models.clean.clean_article` reads them as."""


@dataclass(frozen=True)
class Failure:
    """Why an article could not be turned into a briefing: a stable code and a message."""

    code: str
    reason: str


@dataclass(frozen=True)
class Ignored:
    """A path under IN_DIR that is not an input (unknown suffix, symbolic link, special file)."""

    rel: str
    why: str


@dataclass
class Article:
    """One article: a whole file, or one line of a `.jsonl` file.

    key: unique in the run and stable across runs: the file's path relative to IN_DIR, plus
        `/<record>` for a `.jsonl` line (a `.jsonl` is a file, so no real path starts like that).
    rel: the input file's path relative to IN_DIR (POSIX separators).
    record: for a `.jsonl` line: the record's id (`--jsonl-id-field`), or `line-N` when it has none;
        repeats within a file get `~line-N` appended.
    format: how to clean it ("text", "markdown", "html", "json").
    offset / length / line: where a `.jsonl` record lies in its file (1-based line).
    data: the raw bytes (None for a read failure, or once dropped for a remote worker to re-read).
    content_hash: sha256 of the format, field names (JSON) and bytes; equal hashes = same article.
    failure: set when the article could not even be read.
    """

    key: str
    rel: str
    record: str | None
    format: str
    offset: int | None = None
    length: int | None = None
    line: int | None = None
    data: bytes | None = None
    content_hash: str | None = None
    failure: Failure | None = None

    def descriptor(self) -> dict[str, Any]:
        """Everything but the bytes: what a worker on another machine needs to read it again."""
        return {
            "key": self.key,
            "rel": self.rel,
            "record": self.record or "",
            "format": self.format,
            "offset": -1 if self.offset is None else self.offset,
            "length": -1 if self.length is None else self.length,
            "line": -1 if self.line is None else self.line,
            "content_hash": self.content_hash or "",
        }

    @classmethod
    def from_descriptor(cls, row: dict[str, Any]) -> Article:
        def num(name: str) -> int | None:
            value = int(row[name])
            return None if value < 0 else value

        return cls(
            key=str(row["key"]),
            rel=str(row["rel"]),
            record=str(row["record"]) or None,
            format=str(row["format"]),
            offset=num("offset"),
            length=num("length"),
            line=num("line"),
            content_hash=str(row["content_hash"]) or None,
        )


def content_hash(fmt: str, data: bytes, json_fields: dict[str, tuple[str, ...]] | None = None) -> str:
    """Key of an article's content: equal for byte-identical articles read the same way."""
    digest = hashlib.sha256(b"tarjama-article\0" + fmt.encode() + b"\0")
    if fmt == "json" and json_fields:
        digest.update(json.dumps(json_fields, sort_keys=True).encode())
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def walk(in_dir: Path) -> Iterator[Path | Ignored]:
    """Input files under `in_dir`: each folder's files in name order, then its subfolders (a stable order
    from run to run).

    Symbolic links are not followed (an archive must not make the runner read outside it); they and
    files of other types are yielded as `Ignored`.
    """
    root = Path(in_dir)

    def rel(path: str) -> str:
        return Path(os.path.relpath(path, root)).as_posix()

    stack = [str(root)]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Ignored(rel(directory), f"cannot list the folder ({exc.strerror})")
            continue
        subdirs = []
        for entry in entries:
            if entry.is_symlink():
                yield Ignored(rel(entry.path), "symbolic link (not followed)")
            elif entry.is_dir(follow_symlinks=False):
                subdirs.append(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                yield Ignored(rel(entry.path), "not a regular file")
            elif Path(entry.name).suffix.lower() not in SUFFIX_FORMATS:
                yield Ignored(rel(entry.path), "not an input format (" + " ".join(SUFFIX_FORMATS) + ")")
            else:
                yield Path(entry.path)
        stack.extend(reversed(subdirs))


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _too_large(name: str, size: int, max_bytes: int) -> Failure:
    return Failure(
        "input_too_large",
        f"{name} is {_size_text(size)}, over the limit of {_size_text(max_bytes)} (--max-bytes)",
    )


def read_articles(
    path: Path,
    rel: str,
    max_bytes: int,
    json_fields: dict[str, tuple[str, ...]] | None = None,
    id_keys: tuple[str, ...] = ("id",),
) -> Iterator[Article]:
    """The articles of one input file, with their bytes and content hashes (or a failure).

    `max_bytes` applies to a whole file, and to each line of a `.jsonl` (which may hold any number).
    """
    suffix = path.suffix.lower()
    fmt = SUFFIX_FORMATS[suffix]
    if suffix == ".jsonl":
        yield from _read_jsonl(path, rel, max_bytes, json_fields, id_keys)
        return
    article = Article(key=rel, rel=rel, record=None, format=fmt)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            article.failure = _too_large(rel, size, max_bytes)
            yield article
            return
        data = path.read_bytes()
    except OSError as exc:
        article.failure = Failure("unreadable", f"{rel}: cannot read ({exc.strerror})")
        yield article
        return
    if len(data) > max_bytes:  # grew since stat
        article.failure = _too_large(rel, len(data), max_bytes)
    elif not data.strip():
        article.failure = Failure("empty", f"{rel}: empty file")
    else:
        article.data = data
        article.content_hash = content_hash(fmt, data, json_fields)
    yield article


def _read_jsonl(
    path: Path,
    rel: str,
    max_bytes: int,
    json_fields: dict[str, tuple[str, ...]] | None,
    id_keys: tuple[str, ...],
) -> Iterator[Article]:
    used: set[str] = set()

    def name_for(base: str, line: int) -> str:
        name = base
        while name in used:
            name = f"{name}~line-{line}"
        used.add(name)
        return name

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Article(
            rel, rel, None, "json", failure=Failure("unreadable", f"{rel}: cannot read ({exc.strerror})")
        )
        return
    with handle:
        offset = 0
        for number, raw in enumerate(handle, start=1):
            start, offset = offset, offset + len(raw)
            data = raw.strip()
            if not data:
                continue
            where = f"{rel} line {number}"
            failure: Failure | None = None
            base = f"line-{number}"
            if len(data) > max_bytes:
                failure = _too_large(where, len(data), max_bytes)
            else:
                try:
                    text, _ = decode_with_fallback(data, where)
                    value = json.loads(text)
                except InputDecodeError as exc:
                    failure = Failure(exc.code, exc.message)
                except ValueError:
                    failure = Failure("invalid_input", f"{where}: not valid JSON")
                else:
                    if not isinstance(value, dict):
                        failure = Failure("invalid_input", f"{where}: not a JSON object")
                    else:
                        base = record_id(value, id_keys) or base
            record = name_for(base, number)
            article = Article(
                key=f"{rel}/{record}",
                rel=rel,
                record=record,
                format="json",
                offset=start,
                length=len(raw),
                line=number,
                failure=failure,
            )
            if failure is None:
                article.data = data
                article.content_hash = content_hash("json", data, json_fields)
            yield article
        if not used:
            yield Article(
                rel, rel, None, "json", failure=Failure("empty", f"{rel}: no records (empty .jsonl)")
            )


def load_bytes(in_dir: Path, article: Article) -> bytes:
    """Read an article's bytes again from IN_DIR (a worker that was given only its descriptor).

    Raises OSError when the file cannot be read.
    """
    path = Path(in_dir) / article.rel
    if article.offset is None or article.length is None:
        return path.read_bytes()
    with path.open("rb") as handle:
        handle.seek(article.offset)
        return handle.read(article.length).strip()


def decode(article: Article) -> tuple[str, str | None]:
    """The article's text and a warning when it was not UTF-8 (legacy Arabic encodings).

    Raises InputDecodeError for binary data or undecodable bytes.
    """
    if article.data is None:
        raise ValueError(f"{article.key}: decode() needs the article's bytes")
    return decode_with_fallback(article.data, article.key)
