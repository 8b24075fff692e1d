"""`POST /v1/documents/text`: a document's paragraphs at once (what the workbench loads an upload with)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models.documents import read_document
from models.engine import Engine
from service.keys import KeyStore
from tests.models.documents import builders
from tests.service.conftest import running_app

URL = "/v1/documents/text"


@pytest.fixture(scope="module")
def client(service_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    jobs = tmp_path_factory.mktemp("text-jobs")
    with running_app(service_engine, jobs_dir=jobs, max_document_bytes=200_000) as c:
        yield c


def error_of(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("release.docx", builders.docx_bytes()),
        ("slides.pptx", builders.pptx_bytes()),
        ("report.odt", builders.odt_bytes()),
        ("slides.odp", builders.odt_bytes(presentation=True)),
        ("book.epub", builders.epub_bytes()),
        ("talk.pdf", builders.pdf_bytes()),
        ("clip.srt", b"1\n00:00:01,000 --> 00:00:03,000\nThe minister arrived.\n\n"),
        ("clip.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nThe minister arrived.\n"),
    ],
)
def test_each_document_format_gives_its_paragraphs(client: TestClient, name: str, data: bytes) -> None:
    answer = client.post(URL, files={"file": (name, data)})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"name", "format", "paragraphs"}
    document = read_document(data, name)
    assert body["name"] == name and body["format"] == document.format
    assert body["paragraphs"] == document.paragraphs and body["paragraphs"]
    assert "\n\n".join(body["paragraphs"]) == document.text  # what `tarjama brief` reads as the article


def test_a_docx_keeps_arabic_and_english_paragraphs_in_order(client: TestClient) -> None:
    body = client.post(URL, files={"file": ("release.docx", builders.docx_bytes())}).json()
    paragraphs = body["paragraphs"]
    assert paragraphs[0] == "The minister said on Monday that the talks will continue next week."
    assert "قال الوزير إن المحادثات ستستمر الأسبوع المقبل." in paragraphs


BAD = [
    ("broken.docx", b"not a zip", 422, "corrupt_document"),
    ("half.docx", builders.docx_bytes()[:3000], 422, "corrupt_document"),
    ("renamed.pptx", builders.docx_bytes(), 422, "corrupt_document"),
    ("empty.odt", b"", 422, "corrupt_document"),
    (
        "slip.docx",
        builders.zip_with({"[Content_Types].xml": b"<x/>", "../../outside.txt": b"x"}),
        422,
        "unsafe_document",
    ),
    (
        "bomb.docx",
        builders.zip_with({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (4 * 1024 * 1024)}),
        413,
        "document_too_large",
    ),
    ("locked.pdf", builders.encrypted_pdf_bytes(), 422, "encrypted_document"),
    ("blank.pdf", builders.pdf_bytes(("",)), 422, "no_main_text"),
    ("macro.docm", builders.docx_bytes(), 415, "unsupported_format"),
    ("sheet.xlsx", b"PK", 415, "unsupported_format"),
    ("noextension", b"hello", 415, "unsupported_format"),
    ("big.docx", b"PK" + b"\0" * 200_000, 413, "document_too_large"),  # over max_document_bytes
    ("", b"hello", 422, "validation_error"),
]


@pytest.mark.parametrize(("name", "data", "status", "code"), BAD, ids=[b[0] or "no-name" for b in BAD])
def test_bad_uploads_are_4xx_in_the_one_error_shape(
    client: TestClient, name: str, data: bytes, status: int, code: str
) -> None:
    answer = client.post(URL, files={"file": (name, data)})
    assert answer.status_code == status, answer.text
    error = error_of(answer)
    assert error["code"] in (code, "invalid_input") and error["message"]
    assert client.get("/healthz").status_code == 200  # the service stays up


def test_no_file_and_a_text_field_instead_are_refused(client: TestClient) -> None:
    assert client.post(URL).status_code == 422
    answer = client.post(URL, data={"file": "release.docx"})
    assert answer.status_code == 422 and error_of(answer)["message"]


def test_a_document_over_the_character_limit_is_413(service_engine: Engine) -> None:
    with running_app(service_engine, max_chars=20) as client:
        answer = client.post(URL, files={"file": ("release.docx", builders.docx_bytes())})
        assert answer.status_code == 413 and error_of(answer)["code"]


def test_keys_on_it_needs_a_key(service_engine: Engine, tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.sqlite")
    _, secret = store.add("editor")
    store.close()
    with running_app(service_engine, api_keys=True, keys_db=tmp_path / "keys.sqlite") as client:
        files = {"file": ("release.docx", builders.docx_bytes())}
        assert client.post(URL, files=files).status_code == 401
        answer = client.post(URL, files=files, headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 200 and answer.json()["paragraphs"]
