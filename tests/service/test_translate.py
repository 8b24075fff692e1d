"""POST /v1/translate through HTTP with the tiny models: shapes, routing, flags, HTML, streaming."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.service.conftest import metric

AR = (
    "ذهب الرئيس إلى المدينة يوم الأحد. وقال إن الاقتصاد ينمو بسرعة.\n\n"
    "وفي فقرة ثانية، تحدث الوزير عن التعليم."
)
EN = "The minister spoke on Sunday. He said the economy is growing.\n\nA second paragraph follows here."


def test_one_text_auto_detects_and_translates(client: TestClient) -> None:
    response = client.post("/v1/translate", json={"text": AR})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"translation", "source", "target", "model", "confidence"}
    assert (body["source"], body["target"]) == ("ar", "en")
    assert body["model"].endswith("marian-ar-en")
    assert 0.9 <= body["confidence"] <= 1.0
    assert isinstance(body["translation"], str)
    assert body["translation"].count("\n\n") == 1  # two paragraphs in, two out
    assert body["segments"] is None


def test_several_texts_each_routed_on_its_own(client: TestClient) -> None:
    response = client.post("/v1/translate", json={"texts": [AR, EN, "Hello."], "flags": True, "beam_size": 1})
    assert response.status_code == 200
    items = response.json()["translations"]
    assert [(i["source"], i["target"]) for i in items] == [("ar", "en"), ("en", "ar"), ("en", "ar")]
    assert [len(i["segments"]) for i in items] == [3, 3, 1]
    for item in items:
        for segment in item["segments"]:
            assert set(segment) == {"source", "target", "flags", "memory"}
            assert isinstance(segment["flags"], list)


def test_explicit_source_and_same_language_passthrough(client: TestClient) -> None:
    calls = metric(client, "tarjama_model_calls_total")
    response = client.post("/v1/translate", json={"text": EN, "source": "en", "target": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "none"
    assert body["confidence"] is None  # given, not detected
    assert body["translation"] == EN.replace("\n\n", "\n\n")
    assert metric(client, "tarjama_model_calls_total") == calls


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    echoed = client.post("/v1/translate", json={"text": "Hi."}, headers={"X-Request-ID": "req-42"})
    assert echoed.headers["x-request-id"] == "req-42"
    fresh = client.post("/v1/translate", json={"text": "Hi."}, headers={"X-Request-ID": "bad id\twith junk"})
    assert fresh.headers["x-request-id"] != "bad id\twith junk"
    assert len(fresh.headers["x-request-id"]) == 32
    assert client.get("/nope").headers["x-request-id"]


def test_bidi_controls_are_stripped_not_fatal(client: TestClient) -> None:
    text = "\u202bذهب الرئيس\u202c إلى \u2067المدينة\u2069.\u200f"
    response = client.post("/v1/translate", json={"text": text, "flags": True})
    assert response.status_code == 200
    (segment,) = response.json()["segments"]
    assert not any(ch in segment["source"] for ch in "\u202b\u202c\u2067\u2069\u200f")
    only_controls = client.post("/v1/translate", json={"text": "\u202b\u202c\u200f"})
    assert only_controls.status_code == 200  # nothing left to translate: an empty translation
    assert only_controls.json()["translation"] == ""


HTML = (
    '<div class="story" data-id="7"><h1 title="keep me">Big news today</h1>'
    "<p>The minister spoke &amp; left. <a href='/x?a=1&amp;b=2'>Read more</a></p>"
    "<script>var s = 'do not translate';</script><style>p { color: red }</style>"
    "<pre>keep   this</pre><p>Use <code>pip install</code> now.</p><!-- a comment --></div>"
)


def test_html_keeps_markup_and_skips_code(client: TestClient) -> None:
    response = client.post("/v1/translate", json={"text": HTML, "format": "html", "source": "en"})
    assert response.status_code == 200
    out = response.json()["translation"]
    for kept in (
        '<div class="story" data-id="7">',
        '<h1 title="',  # title is translated (tag-aware HTML), the tag kept
        "<a href='/x?a=1&amp;b=2'>",
        "<script>var s = 'do not translate';</script>",
        "<style>p { color: red }</style>",
        "<pre>keep   this</pre>",
        "<code>pip install</code>",
        "<!-- a comment -->",
        "</div>",
    ):
        assert kept in out
    assert "Big news today" not in out and "Read more" not in out
    assert out.count("<p>") == 2 and out.count("</p>") == 2


def test_stream_ndjson_one_line_per_paragraph(client: TestClient) -> None:
    text = "\n\n".join(f"Paragraph number {i} has words. It has two sentences." for i in range(5))
    with client.stream(
        "POST", "/v1/translate", json={"text": text, "stream": True, "flags": True}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in response.iter_lines() if line]
    *paragraphs, done = lines
    assert [p["paragraph"] for p in paragraphs] == [0, 1, 2, 3, 4]
    assert all(p["index"] == 0 and (p["source"], p["target"]) == ("en", "ar") for p in paragraphs)
    assert all(len(p["segments"]) == 2 and isinstance(p["translation"], str) for p in paragraphs)
    assert done == {"done": True, "paragraphs": 5, "models": [paragraphs[0]["model"]]}


def test_stream_by_accept_header_and_several_texts(client: TestClient) -> None:
    response = client.post(
        "/v1/translate", json={"texts": [EN, AR]}, headers={"Accept": "application/x-ndjson"}
    )
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [(line.get("index"), line.get("paragraph")) for line in lines[:-1]] == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
    ]
    assert lines[-1]["done"] is True and lines[-1]["paragraphs"] == 4


def test_stream_refuses_html(client: TestClient) -> None:
    response = client.post("/v1/translate", json={"text": "<p>x</p>", "format": "html", "stream": True})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
