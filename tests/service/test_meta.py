"""Detection, languages, models, health, readiness, metrics and the OpenAPI docs."""

from __future__ import annotations

import logging
from typing import Any

from fastapi.testclient import TestClient

from models.engine import Engine
from service.app import create_app
from tests.service.conftest import make_settings, metric


def test_detect(client: TestClient) -> None:
    one = client.post("/v1/detect", json={"text": "ذهب الرئيس إلى المدينة يوم الأحد"})
    assert one.status_code == 200
    assert one.json()["language"] == "ar" and one.json()["confidence"] > 0.9
    many = client.post(
        "/v1/detect", json={"texts": ["Hello world, how are you?", "12345 !!", "مرحبا"]}
    ).json()
    assert [d["language"] for d in many["detections"]] == ["en", "und", "ar"]
    assert client.post("/v1/detect", json={"text": ""}).status_code == 422


def test_languages_and_models(client: TestClient) -> None:
    languages = client.get("/v1/languages").json()
    assert {lang["code"] for lang in languages["languages"]} == {"ar", "en"}
    assert {(p["source"], p["target"]) for p in languages["pairs"]} == {("ar", "en"), ("en", "ar")}
    assert all(p["model"].endswith(f"marian-{p['source']}-{p['target']}") for p in languages["pairs"])
    models = {m["slot"]: m for m in client.get("/v1/models").json()["models"]}
    assert set(models) == {"ar-en", "en-ar", "summary-en", "summary-ar"}
    for slot in ("ar-en", "en-ar"):
        assert models[slot]["loaded"] is True and models[slot]["task"] == "translation"
        assert models[slot]["backend"] in ("ctranslate2", "transformers") and models[slot]["device"] == "cpu"
    assert models["summary-ar"]["task"] == "summary"


def test_health_ready_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and {"ar-en", "en-ar"} <= set(ready.json()["models"])
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in (
        "/v1/translate",
        "/v1/summarize",
        "/v1/briefing",
        "/v1/detect",
        "/v1/languages",
        "/v1/models",
    ):
        assert path in spec["paths"]
    for path in ("/translate", "/detect", "/languages", "/healthz", "/readyz", "/metrics"):
        assert path in spec["paths"]
    assert "ErrorOut" in spec["components"]["schemas"]


def test_metrics_count_requests_per_route(client: TestClient) -> None:
    before = metric(client, "tarjama_http_requests_total", route="/v1/translate", status="200")
    client.post("/v1/translate", json={"text": "Count me."})
    client.post("/v1/translate", json={"text": 1})
    text = client.get("/metrics").text
    assert client.get("/metrics").headers["content-type"].startswith("text/plain")
    assert metric(client, "tarjama_http_requests_total", route="/v1/translate", status="200") == before + 1
    assert metric(client, "tarjama_http_requests_total", route="/v1/translate", status="422") >= 1
    assert metric(client, "tarjama_http_request_seconds_count", route="/v1/translate") >= 2
    for name in (
        "tarjama_queue_depth",
        "tarjama_batch_size_bucket",
        "tarjama_model_calls_total",
        "tarjama_tokens_per_second",
        "tarjama_cache_hits_total",
        "tarjama_models_loaded",
    ):
        assert name in text
    # Unknown paths share one label, so scanners cannot blow up the series count.
    client.get("/random/path/1")
    client.get("/random/path/2")
    assert metric(client, "tarjama_http_requests_total", route="unmatched", status="404") >= 2


def test_two_apps_keep_separate_metrics(service_engine: Engine, client: TestClient) -> None:
    with TestClient(create_app(make_settings(), service_engine)) as other:
        assert metric(other, "tarjama_http_requests_total", route="/v1/translate") == 0
        assert metric(client, "tarjama_http_requests_total", route="/v1/translate") > 0


def test_not_ready_before_startup_and_lazy_loading(service_engine: Engine) -> None:
    app = create_app(make_settings(preload=False), service_engine)
    outside = TestClient(app, raise_server_exceptions=False)  # no lifespan: nothing started
    response = outside.get("/readyz")
    assert response.status_code == 503 and response.json()["error"]["code"] == "unavailable"
    assert outside.post("/v1/translate", json={"text": "Hi."}).status_code == 503
    with TestClient(app) as client:  # preload off: ready at once, models on first use
        assert client.get("/readyz").status_code == 200
        assert client.post("/v1/translate", json={"text": "Hi."}).status_code == 200


def test_lifespan_closes_only_an_engine_it_built(service_engine: Engine, monkeypatch: Any) -> None:
    closed: list[bool] = []
    monkeypatch.setattr(service_engine, "close", lambda: closed.append(True))
    with TestClient(create_app(make_settings(), service_engine)) as client:
        assert client.get("/healthz").status_code == 200
    assert closed == []


def test_app_from_the_environment_owns_its_engine(tiny_environ: dict[str, str], monkeypatch: Any) -> None:
    """No settings, no engine: what `tarjama serve` does. The engine it builds is closed at shutdown."""
    closed: list[bool] = []
    real_close = Engine.close

    def close(self: Engine) -> None:
        closed.append(True)
        real_close(self)

    monkeypatch.setattr(Engine, "close", close)
    monkeypatch.setenv("TARJAMA_MAX_CHARS", "50")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with TestClient(create_app()) as client:
            assert client.get("/readyz").status_code == 200
            assert client.post("/v1/translate", json={"text": "x" * 51}).status_code == 413
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    assert closed == [True]
