import codecs

import pytest

from models.errors import InputDecodeError
from models.text.decode import decode_utf8, decode_with_fallback

ARABIC = "قال مساعد في الكرملين إن المحادثات لم تسفر عن انفراجة، وفقاً للمصادر."


def test_utf8_and_bom() -> None:
    assert decode_utf8(ARABIC.encode(), "a.txt") == ARABIC
    assert decode_utf8(codecs.BOM_UTF8 + ARABIC.encode(), "a.txt") == ARABIC


def test_invalid_utf8_names_input_and_offset() -> None:
    with pytest.raises(InputDecodeError, match=r"^a\.txt: not valid UTF-8 at byte offset 4\b"):
        decode_utf8(b"abc\n\xffdef", "a.txt")


def test_offset_counts_the_bom() -> None:
    with pytest.raises(InputDecodeError, match="byte offset 4"):
        decode_utf8(codecs.BOM_UTF8 + b"a\xc3", "f")


def test_fallback_utf8_has_no_warning() -> None:
    assert decode_with_fallback(ARABIC.encode(), "a.txt") == (ARABIC, None)


@pytest.mark.parametrize("encoding", ["windows-1256", "iso-8859-6"])
def test_fallback_legacy_arabic(encoding: str) -> None:
    text, warning = decode_with_fallback(ARABIC.encode(encoding), "old.txt")
    assert text == ARABIC
    assert warning is not None
    assert "old.txt" in warning and encoding in warning


def test_fallback_windows_1256_with_letters_iso_lacks() -> None:
    # غ ف ق ك exist in windows-1256 but their bytes are undefined in ISO-8859-6.
    sentence = "غادر الفريق قبل كل شيء. Putin said OK."
    text, warning = decode_with_fallback(sentence.encode("windows-1256"), "x")
    assert text == sentence
    assert warning is not None and "windows-1256" in warning


def test_fallback_utf16_with_bom() -> None:
    text, warning = decode_with_fallback(ARABIC.encode("utf-16"), "w.txt")
    assert text == ARABIC
    assert warning is not None and "UTF-16" in warning


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 9)) * 20])
def test_binary_rejected(data: bytes) -> None:
    with pytest.raises(InputDecodeError, match=r"^blob: binary file, not text$"):
        decode_with_fallback(data, "blob")


def test_latin1_is_not_taken_for_arabic() -> None:
    with pytest.raises(InputDecodeError, match="byte offset 1"):
        decode_with_fallback("héllo wörld".encode("latin-1"), "fr.txt")
