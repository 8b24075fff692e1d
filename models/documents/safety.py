"""Checks made before a parser sees a file: size, and for zip-based formats their entries.

docx, pptx, odt, odp and epub are zip archives. Their central directory is read (cheap, nothing is
expanded) and refused when it declares too many entries or too many expanded bytes (zip bombs), an
entry compressed beyond a sane ratio, names that escape the archive (zip-slip: `..`, absolute paths,
drive letters), or macros (VBA projects, OpenDocument Basic/Scripts). zipfile never expands an entry
past its declared size, so the declared sizes bound what the parsers can read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from models.documents.base import DocumentLimits
from models.errors import CorruptDocumentError, DocumentTooLargeError, UnsafeDocumentError

_MB = 1024 * 1024
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")
_MACRO_DIRS = ("basic/", "scripts/")


def check_size(data: bytes, name: str, limits: DocumentLimits) -> None:
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(
            f"{name}: {len(data)} bytes is over the limit of {limits.max_bytes} bytes per document"
        )
    if not data:
        raise CorruptDocumentError(f"{name}: the file is empty")


def unsafe_name(entry: str) -> bool:
    """True for a zip entry name that would land outside a folder it is extracted into."""
    if not entry or "\x00" in entry:
        return True
    normal = entry.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return True
    return ".." in PurePosixPath(normal).parts


def check_zip(
    data: bytes, name: str, limits: DocumentLimits, kind: str, *, macros: bool = True
) -> zipfile.ZipFile:
    """The archive, opened, once its directory passed every check.

    kind: the format, for messages ("docx"). macros: refuse macro entries (False for a plain archive
    of articles, whose folders may have any name). Raises CorruptDocumentError (not a zip, truncated),
    DocumentTooLargeError (entries, expanded size, ratio) or UnsafeDocumentError (zip-slip, macros).
    """
    check_size(data, name, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise CorruptDocumentError(
            f"{name}: not a valid .{kind} file (damaged, truncated, or another format renamed)"
        ) from None
    if len(entries) > limits.max_entries:
        raise DocumentTooLargeError(
            f"{name}: the archive has {len(entries)} entries, over the limit of {limits.max_entries}"
        )
    expanded = sum(entry.file_size for entry in entries)
    if expanded > limits.max_expanded_bytes:
        raise DocumentTooLargeError(
            f"{name}: the archive expands to {expanded} bytes, over the limit of "
            f"{limits.max_expanded_bytes}; refused as a possible zip bomb"
        )
    for entry in entries:
        if unsafe_name(entry.filename):
            raise UnsafeDocumentError(
                f"{name}: the archive holds an entry named {entry.filename[:80]!r} that points outside it"
            )
        if entry.file_size > _MB and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            raise DocumentTooLargeError(
                f"{name}: entry {entry.filename[:80]!r} is compressed more than {limits.max_ratio:g} times; "
                "refused as a possible zip bomb"
            )
        lower = entry.filename.lower()
        if macros and (lower.rsplit("/", 1)[-1] in _MACRO_NAMES or lower.startswith(_MACRO_DIRS)):
            raise UnsafeDocumentError(
                f"{name}: the document contains macros; save it without macros (e.g. as .{kind}) and retry"
            )
    return archive
