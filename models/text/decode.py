"""Bytes to text: strict UTF-8 with the byte offset in errors, and legacy Arabic encodings.

`decode_utf8` is for the service, where a wrong encoding should stop with a clear error.
`decode_with_fallback` is the one reader of every command (`models.cli.io`) and the batch runner:
old newsroom archives are often in windows-1256 or ISO-8859-6 and a warning is more useful than a
failure.
"""

from __future__ import annotations

import codecs

from models.errors import InputDecodeError

_UTF8_BOM = codecs.BOM_UTF8
# Legacy encodings tried in this order; on a tie in score the first wins.
LEGACY_ARABIC_ENCODINGS = ("windows-1256", "iso-8859-6")
# Share of control bytes (other than tab, newlines, form feed) above which data is binary.
BINARY_CONTROL_SHARE = 0.1
# Share of Arabic letters among non-ASCII letters needed to accept a legacy decoding.
MIN_ARABIC_SHARE = 0.5
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in b"\t\n\r\f\v\x1b")


def decode_utf8(data: bytes, name: str) -> str:
    """Decode `data` as strict UTF-8, dropping a leading byte-order mark.

    Args:
        data: the raw bytes.
        name: what to call the input in error messages (a file path, "<stdin>", a field).

    Raises:
        InputDecodeError: naming `name` and the byte offset of the first invalid byte.
    """
    skipped = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputDecodeError(
            f"{name}: not valid UTF-8 at byte offset {exc.start + skipped}; re-save it as UTF-8"
        ) from None


def decode_with_fallback(data: bytes, name: str) -> tuple[str, str | None]:
    """Decode `data` as UTF-8, or else as the legacy Arabic encoding that fits it best.

    Args:
        data: the raw bytes of one document.
        name: what to call the input in messages.

    Returns:
        `(text, None)` for UTF-8; `(text, warning)` for UTF-16 with a byte-order mark or a legacy
        encoding, the warning naming the encoding used.

    Raises:
        InputDecodeError: binary data (NUL bytes or many control bytes), or bytes that are neither
            UTF-8 nor Arabic text in windows-1256 or ISO-8859-6.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), f"{name}: decoded as UTF-16; re-save it as UTF-8"
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise InputDecodeError(f"{name}: binary file, not text")
    skipped = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        return data[skipped:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
    if _mostly_utf8(data[skipped:]):
        # UTF-8 with a few damaged bytes: a legacy code page would turn all of it into mojibake.
        raise InputDecodeError(f"{name}: not valid UTF-8 at byte offset {offset}; re-save it as UTF-8")
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_ARABIC_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _arabic_share(text)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is None or best[0] < MIN_ARABIC_SHARE:
        raise InputDecodeError(
            f"{name}: not valid UTF-8 at byte offset {offset}, nor Arabic text in windows-1256 or "
            "ISO-8859-6; re-save it as UTF-8"
        )
    _, encoding, text = best
    return text, f"{name}: not UTF-8; decoded as {encoding} (legacy Arabic encoding), check the text"


def _mostly_utf8(data: bytes) -> bool:
    """At least as many well-formed multi-byte UTF-8 characters as invalid bytes.

    Legacy Arabic code pages almost never form valid UTF-8 sequences by chance, so such data is
    damaged UTF-8 rather than windows-1256 or ISO-8859-6.
    """
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    return good > 0 and good >= bad


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than BINARY_CONTROL_SHARE of the bytes are non-text control bytes."""
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return bool(data) and controls / len(data) > BINARY_CONTROL_SHARE


def _arabic_share(text: str) -> float:
    """Fraction of non-ASCII letters that are Arabic, 0 when there are none.

    Arabic letters inside a word that also has ASCII letters count as not Arabic: that is what
    Latin-1 accents look like when wrongly decoded as an Arabic code page.
    """
    arabic = other = 0
    for word in text.split():
        ascii_letters = wide_arabic = wide_other = 0
        for ch in word:
            if not ch.isalpha():
                continue
            if ord(ch) < 0x80:
                ascii_letters += 1
            elif 0x0600 <= ord(ch) <= 0x06FF:
                wide_arabic += 1
            else:
                wide_other += 1
        if ascii_letters:
            other += wide_arabic + wide_other
        else:
            arabic += wide_arabic
            other += wide_other
    total = arabic + other
    return arabic / total if total else 0.0
