"""Reading command inputs (a file path or `-` for standard input) with clear decoding errors."""

from __future__ import annotations

import sys
from pathlib import Path

from models.errors import InputDecodeError, InvalidInputError
from models.text.decode import decode_utf8


def read_input(path: str) -> str:
    """Read FILE, or standard input when `path` is `-`, as strict UTF-8."""
    if path == "-":
        return decode_utf8(sys.stdin.buffer.read(), name="<stdin>")
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"{path}: no such file")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputDecodeError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_utf8(data, name=path)
