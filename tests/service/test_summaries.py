"""POST /v1/summarize and /v1/briefing: shapes, formats, and their translations through the batcher."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from tests.service.conftest import metric, running_app

ARTICLE_AR = "\n\n".join(
    [
        "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة. ويضم المستشفى مئتي سرير.",
        "وقال الوزير إن المشروع كلف خمسين مليون دينار. وأضاف أن العمل بدأ قبل عامين.",
        "ومن المتوقع أن يخدم المستشفى أكثر من مليون نسمة. وسيعمل فيه ثلاثمئة طبيب.",
        "ورحب السكان بالخطوة التي طال انتظارها. وقالوا إن المستشفى القديم كان مكتظا.",
    ]
)
ARTICLE_EN = (
    "The ministry opened a new hospital today. It has two hundred beds.\n\n"
    "The minister said the project cost fifty million dinars. Work began two years ago.\n\n"
    "Residents welcomed the long-awaited step. They said the old hospital was crowded."
)


@pytest.fixture(scope="module")
def app(service_engine: Engine) -> Iterator[TestClient]:
    with running_app(service_engine, cache="none") as client:
        yield client


def test_extractive_summary_in_the_article_language(app: TestClient) -> None:
    response = app.post("/v1/summarize", json={"text": ARTICLE_AR, "sentences": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"summary", "sentences", "lang", "source_lang", "method", "route", "models"}
    assert (body["lang"], body["source_lang"], body["method"], body["route"]) == (
        "ar",
        "ar",
        "extractive",
        "none",
    )
    assert len(body["sentences"]) == 2 and all(s in ARTICLE_AR for s in body["sentences"])
    assert body["summary"] == " ".join(body["sentences"])
    assert metric(app, "tarjama_model_calls_total") == 0  # model-free


def test_cross_lingual_summary_goes_through_the_batcher(app: TestClient) -> None:
    before = metric(app, "tarjama_model_calls_total", model="ar-en")
    response = app.post(
        "/v1/summarize", json={"text": ARTICLE_AR, "lang": "en", "sentences": 2, "source": "ar"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["lang"], body["source_lang"]) == ("en", "ar")
    assert body["route"] in ("summarize-first", "translate-first")
    assert len(body["sentences"]) == 2
    assert "ar-en" in body["models"]
    assert metric(app, "tarjama_model_calls_total", model="ar-en") > before


def test_ratio_and_abstractive(app: TestClient) -> None:
    ratio = app.post("/v1/summarize", json={"text": ARTICLE_EN, "sentences": None, "ratio": 0.5})
    assert ratio.status_code == 200 and len(ratio.json()["sentences"]) == 3
    abstractive = app.post(
        "/v1/summarize", json={"text": ARTICLE_EN, "method": "abstractive", "sentences": 1}
    )
    assert abstractive.status_code == 200
    body = abstractive.json()
    assert body["method"] == "abstractive" and "summary-en" in body["models"]
    assert isinstance(body["summary"], str)


@pytest.mark.parametrize(
    "payload",
    [
        {"text": ""},
        {"text": "x", "method": "magic"},
        {"text": "x", "lang": "fr"},
        {"text": "x", "sentences": 0},
        {"text": "x", "sentences": None},
        {"text": "x", "ratio": 1.5, "sentences": None},
        {"text": "x", "words": 0},
        {"text": "x", "words": "many"},
        {"text": "x", "trim": "maybe"},
        {"txt": "x"},
    ],
)
def test_summary_validation(app: TestClient, payload: dict[str, Any]) -> None:
    response = app.post("/v1/summarize", json=payload)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_summary_by_words(app: TestClient) -> None:
    whole = app.post("/v1/summarize", json={"text": ARTICLE_AR, "words": 12})
    assert whole.status_code == 200
    sentences = whole.json()["sentences"]
    assert all(s in ARTICLE_AR for s in sentences)
    words = sum(len(s.split()) for s in sentences)
    assert words >= 12 and words - len(sentences[-1].split()) < 12  # stops once the budget is reached
    trimmed = app.post("/v1/summarize", json={"text": ARTICLE_AR, "words": 12, "trim": True})
    assert trimmed.status_code == 200
    assert sum(len(s.split()) for s in trimmed.json()["sentences"]) == 12


def test_briefing_summary_words(app: TestClient) -> None:
    response = app.post("/v1/briefing", json={"text": ARTICLE_AR, "summary_words": 10})
    assert response.status_code == 200
    own = response.json()["summary"]["ar"]
    assert sum(len(s.split()) for s in own) >= 10 and all(s in ARTICLE_AR for s in own)
    bad = app.post("/v1/briefing", json={"text": ARTICLE_AR, "summary_words": 0})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


def test_briefing_json_from_text(app: TestClient) -> None:
    before = metric(app, "tarjama_model_calls_total", model="ar-en")
    response = app.post("/v1/briefing", json={"text": ARTICLE_AR, "id": "hospital-1"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "hospital-1" and body["source_lang"] == "ar"
    assert len(body["paragraphs"]) == 4
    assert all(set(p) == {"ar", "en", "flags"} for p in body["paragraphs"])
    assert set(body["summary"]) == {"ar", "en"} and len(body["summary"]["ar"]) == 3
    assert metric(app, "tarjama_model_calls_total", model="ar-en") > before  # translated via the batcher


def test_briefing_markdown_and_html(app: TestClient) -> None:
    page = (
        "<html><head><title>Hospital opens</title></head><body><nav>Home | News</nav><article>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE_EN.split("\n\n"))
        + "</article><footer>Copyright 2025</footer></body></html>"
    )
    markdown = app.post("/v1/briefing", json={"html": page, "format": "markdown"})
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.strip()
    md = app.post("/v1/briefing", json={"html": page, "format": "md"})  # as `tarjama brief --format md`
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.split("\n")[:3] == markdown.text.split("\n")[:3]  # same renderer (timings differ)
    html = app.post("/v1/briefing", json={"text": ARTICLE_EN, "format": "html", "summary_sentences": 1})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<" in html.text and "</" in html.text


def test_briefing_errors(app: TestClient) -> None:
    both = app.post("/v1/briefing", json={"text": "a", "html": "<p>b</p>"})
    assert both.status_code == 422
    empty = app.post(
        "/v1/briefing", json={"html": "<html><body><nav>Home</nav><script>x()</script></body></html>"}
    )
    assert empty.status_code == 422
    assert empty.json()["error"]["code"] in ("no_main_text", "validation_error")
    bad_format = app.post("/v1/briefing", json={"text": ARTICLE_EN, "format": "pdf"})
    assert bad_format.status_code == 422


def test_briefing_timeout_is_504_and_the_service_recovers(service_engine: Engine, gate: Any) -> None:
    with running_app(service_engine, cache="none", request_timeout_s=0.5) as client:
        held = gate("ar", "en")
        response = client.post("/v1/briefing", json={"text": ARTICLE_AR})
        assert response.status_code == 504 and response.json()["error"]["code"] == "timeout"
        held.opened.set()
        ok = client.post("/v1/summarize", json={"text": ARTICLE_AR})
        assert ok.status_code == 200


def test_many_briefings_at_once_share_batches_without_starving(service_engine: Engine, tmp_path: Any) -> None:
    """More briefings than work threads, with a blocking (SQLite) cache and plain translations mixed in."""
    from concurrent.futures import ThreadPoolExecutor

    settings = {
        "cache": "sqlite",
        "cache_path": tmp_path / "tm.sqlite",
        "work_threads": 2,
        "max_batch_wait_ms": 20,
    }
    with running_app(service_engine, **settings) as client, ThreadPoolExecutor(12) as pool:
        articles = [ARTICLE_AR.replace("اليوم", f"اليوم {i}") for i in range(6)]
        briefings = [pool.submit(client.post, "/v1/briefing", json={"text": text}) for text in articles]
        plain = [
            pool.submit(client.post, "/v1/translate", json={"text": f"Plain request {i}."}) for i in range(6)
        ]
        assert [f.result().status_code for f in briefings + plain] == [200] * 12
        units = metric(client, "tarjama_batch_size_sum", model="ar-en")
        calls = metric(client, "tarjama_model_calls_total", model="ar-en")
        assert calls < units  # sentences went to the model in batches, not one by one
