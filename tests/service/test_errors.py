"""Bad input and failures: each answers the one error shape with a clear status; the service stays up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from tests.service.conftest import running_app


@pytest.fixture(scope="module")
def small(service_engine: Engine) -> Iterator[TestClient]:
    """Tight limits, so 413s need no megabytes of text."""
    with running_app(service_engine, max_chars=200, max_texts=3, max_body_bytes=64 * 1024) as c:
        yield c


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    assert response.headers["x-request-id"]
    return body["error"]  # type: ignore[no-any-return]


def assert_lt_error(response: Any, status: int) -> str:
    """LibreTranslate's error shape: `{"error": "message"}`."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    assert response.headers["x-request-id"]
    return body["error"]  # type: ignore[no-any-return]


def serves_next(client: TestClient) -> None:
    response = client.post("/v1/translate", json={"text": "Still here."})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": 5}, "text"),
        ({"texts": "not a list"}, "texts"),
        ({"texts": []}, "texts"),
        ({"text": "hi", "target": "fr"}, "target"),
        ({"text": "hi", "source": "de"}, "source"),
        ({"text": ""}, "text"),
        ({"text": "   \n\n  "}, "text"),
        ({"texts": ["ok", ""]}, "texts"),
        ({"text": "a", "texts": ["b"]}, "either text or texts"),
        ({}, "either text or texts"),
        ({"text": "hi", "beam_size": 0}, "beam_size"),
        ({"text": "hi", "beam_size": "wide"}, "beam_size"),
        ({"text": "hi", "format": "pdf"}, "format"),
        ({"text": "hi", "colour": "blue"}, "colour"),
    ],
)
def test_validation_errors_are_422(client: TestClient, payload: dict[str, Any], field: str) -> None:
    error = assert_error(client.post("/v1/translate", json=payload), 422, "validation_error")
    assert field in error["message"]


def test_malformed_json_and_wrong_body_types(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    assert_error(client.post("/v1/translate", content=b'{"text": ', headers=headers), 422, "validation_error")
    assert_error(client.post("/v1/translate", content=b"[1, 2]", headers=headers), 422, "validation_error")
    assert_error(client.post("/v1/translate", content=b"null", headers=headers), 422)
    deep = b"[" * 100_000 + b"]" * 100_000
    assert_error(client.post("/v1/translate", content=deep, headers=headers), 400)
    assert_lt_error(client.post("/translate", content=deep, headers=headers), 400)
    assert_lt_error(client.post("/detect", content=b"[1]", headers=headers), 400)
    assert_error(
        client.post("/v1/translate", content=b"text=hi", headers={"content-type": "text/plain"}), 422
    )
    serves_next(client)


def test_unpaired_surrogate_escapes_are_422_not_500(client: TestClient) -> None:
    cases = [
        ("/v1/translate", b'{"text": "\\ud800 hello"}'),
        ("/v1/translate", b'{"texts": ["ok", "\\udfff"]}'),
        ("/v1/detect", b'{"text": "x \\udc00"}'),
        ("/v1/summarize", b'{"text": "\\ud83d alone"}'),
        ("/v1/briefing", b'{"html": "<p>\\ud800</p>"}'),
        ("/translate", b'{"q": "\\udfff x", "target": "ar"}'),
        ("/detect", b'{"q": ["fine", "\\ud800"]}'),
    ]
    for path, body in cases:
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        if path.startswith("/v1/"):
            message = assert_error(response, 422, "validation_error")["message"]
        else:
            message = assert_lt_error(response, 400)
        assert "surrogate" in message, path
    pair = client.post(
        "/v1/translate",
        content=b'{"text": "\\ud83d\\ude00 a proper pair"}',
        headers={"content-type": "application/json"},
    )
    assert pair.status_code == 200


def test_invalid_utf8_is_a_400_not_a_500(client: TestClient) -> None:
    for body in (b'{"text": "\xff\xfe\xfa"}', b'{"text": "\xd8"}', b"\xc3\x28"):
        error = assert_error(
            client.post("/v1/translate", content=body, headers={"content-type": "application/json"}), 400
        )
        assert error["code"] == "invalid_encoding"
    serves_next(client)


def test_not_found_and_method_not_allowed(client: TestClient) -> None:
    assert_error(client.get("/v2/translate"), 404, "not_found")
    assert_error(client.get("/v1/translate"), 405, "method_not_allowed")
    assert_error(client.put("/healthz"), 405, "method_not_allowed")


def test_body_over_the_limit_is_413_before_reading_it(client: TestClient) -> None:
    big = b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    error = assert_error(
        client.post("/v1/translate", content=big, headers={"content-type": "application/json"}), 413
    )
    assert error["code"] == "payload_too_large"
    serves_next(client)


def test_chunked_body_without_length_is_counted(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"a" * 1024
        yield b'"}'

    response = small.post("/v1/translate", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "payload_too_large")
    # Also on LibreTranslate routes, which read the body themselves.
    assert_lt_error(
        small.post("/translate", content=chunks(), headers={"content-type": "application/json"}), 413
    )
    serves_next(small)


def test_too_many_characters_or_texts_is_413(small: TestClient) -> None:
    error = assert_error(small.post("/v1/translate", json={"text": "word " * 100}), 413, "input_too_large")
    assert "200" in error["message"]
    assert_error(small.post("/v1/translate", json={"texts": ["a b c."] * 4}), 413, "input_too_large")
    assert_error(small.post("/v1/detect", json={"text": "x" * 201}), 413, "input_too_large")
    assert "200" in assert_lt_error(small.post("/translate", json={"q": "x" * 201, "target": "ar"}), 413)


@pytest.mark.parametrize(
    "page",
    [
        "<div>" * 5000 + "deep text" + "</div>" * 5000,
        "<p>unclosed <b>bold <i>italic <code>never closed",
        "<scr<script>ipt>alert(1)</script>ipt><img src=x onerror=alert(1)>Caption here",
        "<![CDATA[ x ]]><?php echo 1; ?><!DOCTYPE><<<>>>&bogus;&#99999999;&#x110000;text",
        '<a href="javascript:alert(1)" title="<script>">Click me</a><p>' + "&amp;" * 2000 + "</p>",
        "<p>" + "\u202e" * 50 + "reversed</p>",
    ],
)
def test_hostile_html_never_breaks_the_service(client: TestClient, page: str) -> None:
    response = client.post("/v1/translate", json={"text": page, "format": "html", "source": "en"})
    assert response.status_code in (200, 413, 422)
    if response.status_code == 200:
        out = response.json()["translation"]
        assert isinstance(out, str) and out
        assert out.count("<img src=x onerror=alert(1)>") == page.count("<img src=x onerror=alert(1)>")
        assert out.count("</div>") == page.count("</div>")
    else:
        assert_error(response, response.status_code)
    serves_next(client)


def test_translated_text_is_escaped_in_html(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from service import translation

    async def hostile(svc: Any, queue: Any, units: Any, options: Any, tag: int) -> list[str]:
        return ["<img src=x onerror=alert(1)>" for _ in units]

    monkeypatch.setattr(translation, "translate_units", hostile)
    response = client.post(
        "/v1/translate", json={"text": "<p>Hello there</p>", "format": "html", "source": "en"}
    )
    assert response.status_code == 200
    assert response.json()["translation"] == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"


def test_unexpected_errors_are_500_without_details(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service import translation

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret path /etc/passwd and a stack")

    monkeypatch.setattr(translation, "route_texts", broken)
    response = client.post("/v1/translate", json={"text": "Hello."}, headers={"X-Request-ID": "boom-1"})
    error = assert_error(response, 500, "internal_error")
    assert (
        "secret" not in response.text
        and "Traceback" not in response.text
        and "RuntimeError" not in response.text
    )
    assert response.headers["x-request-id"] == "boom-1"
    assert error["message"].startswith("internal error")
    monkeypatch.undo()
    serves_next(client)


def test_model_failure_is_500_without_details(
    client: TestClient,
    service_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(units: Any, options: Any = None) -> list[str]:
        raise RuntimeError("CUDA out of memory at 0xdeadbeef")

    monkeypatch.setattr(service_engine.translator("en", "ar"), "translate_units", explode)
    with caplog.at_level("ERROR"):
        response = client.post(
            "/v1/translate", json={"text": "Explode now."}, headers={"X-Request-ID": "oom-7"}
        )
    error = assert_error(response, 500, "inference_failed")
    assert "deadbeef" not in response.text and "CUDA" not in error["message"]
    logged = [r for r in caplog.records if "deadbeef" in (r.exc_text or "") or r.exc_info]
    assert logged, "the failure is logged server-side"
    monkeypatch.undo()
    serves_next(client)


def test_log_lines_carry_the_request_id(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="service"):
        client.post("/v1/translate", json={"text": "Hello."}, headers={"X-Request-ID": "trace-me"})
    mine = [r for r in caplog.records if getattr(r, "request_id", None) == "trace-me"]
    assert any(r.name == "service.access" for r in mine)


def test_random_hostile_bodies_never_get_a_5xx(client: TestClient) -> None:
    """A seeded fuzz over every POST route: odd Unicode, markup, wrong types, missing fields."""
    import random

    rng = random.Random(20250101)
    pieces = [
        "<p>",
        "</p>",
        "<script>",
        "&amp;",
        "<",
        "<!--",
        "<![CDATA[",
        "Hello.",
        "e.g.",
        "Dr.",
        "...",
        " ",
    ]
    pieces += ["\u202e", "\u200f", "\x00", "\ufeff", "\u0640", "\n\n", "\r\n"]
    pieces += ["مرحبا", "؟", "١٢٣", "ﷺ", "😀", "«"]
    fields = {
        "/v1/translate": ["text", "source", "target", "format", "beam_size", "flags", "stream"],
        "/v1/summarize": ["text", "lang", "source", "method", "sentences", "ratio", "route"],
        "/v1/briefing": ["text", "format", "summary_sentences", "summary_method"],
        "/v1/detect": ["text"],
        "/translate": ["q", "source", "target", "format"],
        "/detect": ["q"],
    }
    choices = {"source": ["ar", "en", "auto"], "target": ["ar", "en"], "format": ["text", "html", "markdown"]}

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))

    statuses = []
    for _ in range(60):
        path = rng.choice(list(fields))
        body: dict[str, Any] = {}
        for name in fields[path]:
            if name in ("text", "q"):
                body[name] = text()
            elif rng.random() < 0.5:
                body[name] = rng.choice(choices.get(name, [text(), 3, None, [1], True, -1]))
        response = client.post(path, json=body)
        statuses.append(response.status_code)
        assert response.status_code < 500, (path, body, response.text)
    assert 200 in statuses and any(400 <= s < 500 for s in statuses)
    serves_next(client)


def test_server_side_errors_send_a_fixed_message_and_log_the_detail(
    client: TestClient,
    service_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from models.errors import ModelLoadError

    secret_path = "/srv/private/models/opus-mt-en-ar"

    def broken(units: Any, options: Any = None) -> list[str]:
        try:
            raise OSError(f"[Errno 5] Input/output error: '{secret_path}/model.bin'")
        except OSError as exc:
            raise ModelLoadError(f"cannot load the model weights in {secret_path}") from exc

    monkeypatch.setattr(service_engine.translator("en", "ar"), "translate_units", broken)
    caplog.set_level("ERROR")
    response = client.post("/v1/translate", json={"text": "Hello there.", "source": "en"})
    error = assert_error(response, 503, "model_load_error")
    assert secret_path not in response.text and "Errno" not in response.text
    assert "server log" in error["message"]
    logged = "\n".join(
        record.getMessage() + (str(record.exc_info[1].__cause__) if record.exc_info else "")
        for record in caplog.records
    )
    assert secret_path in logged and "Input/output error" in logged  # the cause is chained and logged
