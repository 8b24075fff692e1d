"""Reading command inputs (a file path or `-` for standard input) with clear decoding errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from models.errors import AccessError, InputDecodeError, InvalidInputError
from models.text.decode import decode_with_fallback


def read_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of FILE, or of standard input when `path` is `-`, and the name to use in errors."""
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    file = Path(path)
    if file.is_dir():
        raise InvalidInputError(f"{path}: is a directory; give a file (or `tarjama batch` for a folder)")
    if not file.is_file():
        raise InvalidInputError(f"{path}: no such file")
    try:
        return file.read_bytes(), path
    except PermissionError:
        raise AccessError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputDecodeError(f"{path}: cannot read ({exc.strerror})") from None


def read_input(path: str, *, needs_text: str | None = None) -> str:
    """Read FILE, or standard input when `path` is `-`: the one reader of every command.

    UTF-8, or UTF-16 with a byte-order mark, or a legacy Arabic encoding (windows-1256,
    ISO-8859-6), which is used with a warning on stderr.

    Args:
        path: a file path, or `-` for standard input.
        needs_text: when set (the command's verb, e.g. "translate"), blank input is an error,
            raised before any model loads.
    """
    text, warnings = read_article(path)
    for warning in warnings:
        print(f"tarjama: warning: {warning}", file=sys.stderr)
    if needs_text and not text.strip():
        name = "standard input" if path == "-" else path
        raise InvalidInputError(f"{name} is empty: nothing to {needs_text}")
    return text


def read_article(path: str) -> tuple[str, list[str]]:
    """FILE (or stdin for `-`) as text, with a warning when it was not UTF-8 (legacy Arabic encodings)."""
    data, name = read_bytes(path)
    text, warning = decode_with_fallback(data, name=name)
    return text, [warning] if warning else []


def read_jsonl(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    """Parse JSON lines of objects with a string "text" field, as (line number, object) pairs.

    Blank lines are skipped. Raises InvalidInputError naming `name` and the first bad line.
    """
    records: list[tuple[int, dict[str, Any]]] = []
    # Only "\n" ends a record: JSON strings may hold raw U+2028 that splitlines() would cut at.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{name}: line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InvalidInputError(f'{name}: line {number}: expected an object with a string "text" field')
        records.append((number, record))
    return records
