"""The workbench's routes without a browser: headers, assets, `/v1/clean` and `/v1/briefing/render`
(`/v1/documents/text`, which loads its document uploads, is tested in test_document_text.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from service.routes.web import positions
from tests.service.conftest import running_app

ARTICLE = """gettyimages 2248985695 jpg

مساعد بوتين: المحادثات انتهت دون تحقيق أي تقدم

قال مساعد في الكرملين، في وقت مبكر من اليوم الأربعاء، إن المحادثات التي استمرت خمس ساعات لم تسفر عن انفراجة.

وأضاف: “سيستمر العمل”.

Leave a Reply

Your email address will not be published. Required fields are marked *
"""


def briefing_dict(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "article",
        "source": {"format": "text"},
        "source_lang": "ar",
        "title": {"ar": "عنوان", "en": "<script>alert(1)</script> Title"},
        "summary": {"ar": ["ملخص."], "en": ["A summary."]},
        "paragraphs": [{"ar": "فقرة أولى.", "en": "First paragraph.", "flags": ["repetition"]}],
        "removed": [{"text": "Leave a Reply", "reason": "comment_form"}],
        "models": {},
        "timings": {},
        "warnings": ["1 sentences corrected by an editor"],
    }
    return data | changes


def error_of(response: Any) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", ["/", "/docs", "/redoc"])
def test_html_pages_carry_their_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self'(;|$)", csp), csp  # no inline script, no eval
    assert response.headers["x-content-type-options"] == "nosniff"
    # Nothing on the page comes from another host.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)
    assert "<script>" not in response.text


def test_the_page_says_whether_keys_are_on(service_engine: Engine, tmp_path: Any) -> None:
    with running_app(service_engine) as client:
        assert 'data-keys="off"' in client.get("/").text
    with running_app(service_engine, api_keys=True, keys_db=tmp_path / "k.sqlite") as client:
        # The page itself needs no key; the API calls it makes do.
        assert 'data-keys="on"' in client.get("/").text
        assert client.post("/v1/clean", json={"text": ARTICLE}).status_code == 401


def test_static_files_are_served_with_their_types_and_nothing_else(client: TestClient) -> None:
    js = client.get("/static/web/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert js.headers["x-content-type-options"] == "nosniff"
    assert "innerHTML" not in js.text and "eval(" not in js.text
    assert client.get("/static/web/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    redoc = client.get("/static/docs/redoc.standalone.js")
    assert redoc.status_code == 200 and "cdn.redoc.ly/redoc/logo-mini.svg" not in redoc.text
    for bad in ("/static/web/../web.py", "/static/web/nope.js", "/static/docs/core.py", "/static/web/%2e%2e"):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert error_of(response)["code"] in {"not_found"}


def test_the_openapi_document_still_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/translate" in paths and "/v1/clean" in paths and "/v1/briefing/render" in paths
    assert "/" not in paths and "/docs" not in paths


def test_clean_lists_removed_text_with_where_it_stood(client: TestClient) -> None:
    response = client.post("/v1/clean", json={"text": ARTICLE})
    assert response.status_code == 200
    body = response.json()
    assert body["title"].startswith("مساعد بوتين")
    assert len(body["paragraphs"]) == 2
    removed = {item["text"]: item for item in body["removed"]}
    assert removed["gettyimages 2248985695 jpg"]["reason"] == "caption"
    assert removed["gettyimages 2248985695 jpg"]["position"] == 0  # before the title
    assert removed["Leave a Reply"]["position"] == 3  # after title + 2 paragraphs
    assert body["format"] == "text"


def test_clean_reads_html(client: TestClient) -> None:
    page = (
        "<html><body><article><h1>وزير يزور القاهرة</h1>"
        "<p>وصل الوزير إلى القاهرة صباح اليوم في زيارة رسمية تستمر يومين.</p></article></body></html>"
    )
    body = client.post("/v1/clean", json={"text": page, "format": "html"}).json()
    assert body["format"] == "html" and body["paragraphs"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"text": "   "}, 422),
        ({"text": ARTICLE, "format": "pdf"}, 422),
        ({"text": ARTICLE, "extra": 1}, 422),
        ({}, 422),
        ({"text": "Leave a Reply\n\nMore From Author"}, 422),  # nothing left once cleaned
    ],
)
def test_clean_bad_input(client: TestClient, payload: dict[str, Any], status: int) -> None:
    response = client.post("/v1/clean", json=payload)
    assert response.status_code == status
    assert error_of(response)["message"]


def test_clean_refuses_surrogate_escapes(client: TestClient) -> None:
    response = client.post(
        "/v1/clean", content=b'{"text": "a \\ud800 b"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and "surrogate" in error_of(response)["message"]


def test_clean_over_the_size_limit(service_engine: Engine) -> None:
    with running_app(service_engine, max_chars=100) as client:
        response = client.post("/v1/clean", json={"text": ARTICLE})
        assert response.status_code == 413 and error_of(response)["code"]


def test_render_a_briefing_as_html_and_markdown(client: TestClient) -> None:
    html = client.post("/v1/briefing/render", json={"briefing": briefing_dict(), "format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in html.text and "&lt;script&gt;" in html.text
    assert "script-src" not in html.headers["content-security-policy"]  # default-src 'none': no script
    assert "First paragraph." in html.text and 'dir="rtl"' in html.text
    md = client.post("/v1/briefing/render", json={"briefing": briefing_dict(), "format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "First paragraph." in md.text and "<script>" not in md.text


def test_render_a_briefing_as_docx(client: TestClient) -> None:
    import io

    import docx

    data = briefing_dict(
        id='x"; filename=evil.exe\r\n',
        paragraphs=[
            {"ar": "فقرة أولى.", "en": "First paragraph.", "flags": ["repetition"]},
            {"ar": "فقرة ثانية.", "en": "Corrected by the editor.", "flags": []},
        ],
    )
    response = client.post("/v1/briefing/render", json={"briefing": data, "format": "docx"})
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response.headers["content-disposition"] == 'attachment; filename="x-filename-evil.exe.docx"'
    assert response.headers["x-content-type-options"] == "nosniff"
    document = docx.Document(io.BytesIO(response.content))
    rows = document.tables[0].rows[1:]
    assert [[cell.text for cell in row.cells] for row in rows] == [
        ["First paragraph.", "فقرة أولى."],
        ["Corrected by the editor.", "فقرة ثانية."],
    ]
    assert [c.author for c in document.comments] == ["tarjama"]  # the one flagged paragraph


@pytest.mark.parametrize(
    "payload",
    [
        {"briefing": briefing_dict(source_lang="fr")},
        {"briefing": {k: v for k, v in briefing_dict().items() if k != "paragraphs"}},
        {"briefing": briefing_dict(paragraphs="not a list")},
        {"briefing": briefing_dict(), "format": "pdf"},
        {"briefing": briefing_dict(paragraphs=[{"ar": "فقرة"}]), "format": "docx"},
        {"briefing": "text"},
        {"format": "html"},
    ],
)
def test_render_bad_input(client: TestClient, payload: dict[str, Any]) -> None:
    response = client.post("/v1/briefing/render", json=payload)
    assert response.status_code == 422
    assert error_of(response)["message"]


def test_positions_fall_back_to_the_previous_place_when_text_is_not_found() -> None:
    content = "caption\n\nTitle\n\nOne.\n\nshare this\n\nTwo."
    assert positions(content, ["Title", "One.", "Two."], ["caption", "share this", "gone"]) == [0, 2, 2]
