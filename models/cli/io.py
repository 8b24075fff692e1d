"""Reading command inputs (a file path or `-` for standard input) with clear decoding errors."""

from __future__ import annotations

import sys
from pathlib import Path

from models.errors import InputDecodeError, InvalidInputError
from models.text.decode import decode_utf8, decode_with_fallback


def read_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of FILE, or of standard input when `path` is `-`, and the name to use in errors."""
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"{path}: no such file")
    try:
        return file.read_bytes(), path
    except OSError as exc:
        raise InputDecodeError(f"{path}: cannot read ({exc.strerror})") from None


def read_input(path: str) -> str:
    """Read FILE, or standard input when `path` is `-`, as strict UTF-8."""
    data, name = read_bytes(path)
    return decode_utf8(data, name=name)


def read_article(path: str) -> tuple[str, list[str]]:
    """FILE (or stdin for `-`) as text, with a warning when it was not UTF-8 (legacy Arabic encodings)."""
    data, name = read_bytes(path)
    text, warning = decode_with_fallback(data, name=name)
    return text, [warning] if warning else []
