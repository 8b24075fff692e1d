"""Security headers on every response, a CSP header on HTML, and the optional /metrics token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from tests.service.conftest import running_app


def _has_security_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_every_response_has_the_security_headers(client: TestClient) -> None:
    responses = [
        client.get("/healthz"),
        client.post("/v1/translate", json={"text": "Hello."}),
        client.post("/v1/translate", json={}),  # 422
        client.get("/nope"),  # 404
        client.post("/translate", json={"q": "Hi", "target": "xx"}),  # LibreTranslate 400
        client.get("/metrics"),
    ]
    for response in responses:
        _has_security_headers(response)


def test_html_briefing_has_a_csp_header(client: TestClient) -> None:
    response = client.post("/v1/briefing", json={"text": "The mayor opened the hospital.", "format": "html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp
    _has_security_headers(response)
    json_answer = client.post("/v1/briefing", json={"text": "The mayor opened the hospital."})
    assert "content-security-policy" not in json_answer.headers


def test_docs_page_loads_nothing_from_outside_under_its_csp(client: TestClient) -> None:
    # /docs is served from packaged Swagger UI files: its policy admits this service alone.
    response = client.get("/docs")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "http" not in csp
    assert "cdn." not in response.text


@pytest.fixture(scope="module")
def guarded(service_engine: Engine) -> Iterator[TestClient]:
    with running_app(service_engine, metrics_token="m3trics-t0ken") as c:
        yield c


def test_metrics_token(guarded: TestClient) -> None:
    assert guarded.get("/metrics").status_code == 401
    assert guarded.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert (
        guarded.get("/metrics", headers={"Authorization": "Bearer \xe9".encode("latin-1")}).status_code == 401
    )
    ok = guarded.get("/metrics", headers={"Authorization": "Bearer m3trics-t0ken"})
    assert ok.status_code == 200 and "tarjama_" in ok.text
    assert guarded.get("/healthz").status_code == 200  # only /metrics is guarded
