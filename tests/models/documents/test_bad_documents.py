"""Bad files: each a typed error with a clear message, before any parser expands anything."""

from __future__ import annotations

import io
import zipfile

import pytest

from models.documents import DocumentLimits, read_document
from models.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    NoMainTextError,
    UnsafeDocumentError,
    UnsupportedFormatError,
)
from tests.models.documents import builders


def test_unsupported_and_macro_extensions() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"\.xyz is not a format"):
        read_document(b"abc", "file.xyz")
    with pytest.raises(UnsupportedFormatError, match="macro"):
        read_document(builders.docx_bytes(), "file.docm")


@pytest.mark.parametrize("name", ["a.docx", "a.pptx", "a.odt", "a.odp", "a.epub"])
def test_garbage_and_truncated_zip_formats(name: str) -> None:
    with pytest.raises(CorruptDocumentError, match="not a valid"):
        read_document(b"this is not a zip at all", name)
    data = builders.docx_bytes()
    with pytest.raises(CorruptDocumentError):
        read_document(data[: len(data) // 2], name)


def test_a_zip_that_is_not_the_format_it_claims() -> None:
    with pytest.raises(CorruptDocumentError, match="docx"):
        read_document(builders.zip_with({"hello.txt": b"hi"}), "a.docx")
    with pytest.raises(CorruptDocumentError):
        read_document(builders.docx_bytes(), "a.odt")


def test_zip_bomb_is_refused_from_its_directory() -> None:
    bomb = builders.zip_with({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(DocumentTooLargeError, match="zip bomb"):
        read_document(bomb, "bomb.docx")
    stored = builders.zip_with({"word/document.xml": b"a" * 4096}, zipfile.ZIP_STORED)
    with pytest.raises(DocumentTooLargeError, match="expands to"):
        read_document(stored, "big.docx", DocumentLimits(max_expanded_bytes=1024))
    many = builders.zip_with({f"f{i}.xml": b"" for i in range(30)})
    with pytest.raises(DocumentTooLargeError, match="30 entries"):
        read_document(many, "many.docx", DocumentLimits(max_entries=20))


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/passwd", "C:/windows/x", "word/../../x"])
def test_zip_slip_names_are_refused(entry: str) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr(zipfile.ZipInfo(entry), b"x")
    with pytest.raises(UnsafeDocumentError, match="outside"):
        read_document(data.getvalue(), "slip.docx")


def test_macros_inside_a_docx_or_odt_are_refused() -> None:
    with zipfile.ZipFile(io.BytesIO(builders.docx_bytes())) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["word/vbaProject.bin"] = b"\x00macro"
    with pytest.raises(UnsafeDocumentError, match="macros"):
        read_document(builders.zip_with(entries), "m.docx")
    with zipfile.ZipFile(io.BytesIO(builders.odt_bytes())) as source:
        odt = {info.filename: source.read(info) for info in source.infolist()}
    odt["Basic/Standard/Module1.xml"] = b"<script/>"
    with pytest.raises(UnsafeDocumentError, match="macros"):
        read_document(builders.zip_with(odt), "m.odt")


def test_size_limit_and_empty_file() -> None:
    with pytest.raises(DocumentTooLargeError, match="over the limit"):
        read_document(b"x" * 2000, "a.txt", DocumentLimits(max_bytes=1000))
    with pytest.raises(CorruptDocumentError, match="empty"):
        read_document(b"", "a.txt")


def test_pdfs_encrypted_corrupt_and_without_text() -> None:
    with pytest.raises(EncryptedDocumentError, match="encrypted"):
        read_document(builders.encrypted_pdf_bytes(), "locked.pdf")
    with pytest.raises(CorruptDocumentError, match="not a PDF"):
        read_document(b"hello", "fake.pdf")
    with pytest.raises(NoMainTextError, match="OCR"):
        read_document(builders.pdf_bytes(("",)), "blank.pdf")


def test_subtitles_that_do_not_parse() -> None:
    with pytest.raises(CorruptDocumentError, match="SubRip"):
        read_document(b"1\nnot a timing\nhello\n", "a.srt")
    with pytest.raises(CorruptDocumentError, match="WEBVTT"):
        read_document(b"00:01.000 --> 00:02.000\nhi\n", "a.vtt")


def test_a_password_protected_office_file() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    with pytest.raises(EncryptedDocumentError, match="password"):
        read_document(ole, "locked.docx")
