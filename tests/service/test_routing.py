"""POST /v1/translate with source=auto on mixed Arabic/English text: each paragraph routed, what
is already in the target language kept and flagged."""

from __future__ import annotations

import json
from typing import Any

from tests.service.conftest import metric

AR = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة."
EN = "The statement was issued in English by the agency today."


def test_mixed_paragraphs_are_routed_one_by_one(client: Any) -> None:
    before = metric(client, "tarjama_units_translated_total", model="ar-en")
    response = client.post(
        "/v1/translate", json={"text": f"{AR}\n\n{EN}", "source": "auto", "target": "en", "flags": True}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["source"], body["target"]) == ("ar", "en")
    segments = body["segments"]
    assert [s["source"] for s in segments] == [AR, EN]
    assert segments[1] == {"source": EN, "target": EN, "flags": ["kept_source"], "memory": None}
    assert "kept_source" not in segments[0]["flags"]
    assert body["translation"].split("\n\n")[1] == EN
    # Only the Arabic paragraph reached a model.
    assert metric(client, "tarjama_units_translated_total", model="ar-en") == before + 1


def test_a_mixed_stream_sends_every_paragraph(client: Any) -> None:
    response = client.post(
        "/v1/translate",
        json={"text": f"{AR}\n\n{EN}", "source": "auto", "target": "en", "stream": True, "flags": True},
    )
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    paragraphs = [line for line in lines if "paragraph" in line]
    assert [p["paragraph"] for p in paragraphs] == [0, 1]
    assert paragraphs[1]["translation"] == EN
    assert paragraphs[1]["segments"][0]["flags"] == ["kept_source"]
    assert "kept_source" not in paragraphs[0]["segments"][0]["flags"]
    assert lines[-1]["done"] is True and lines[-1]["paragraphs"] == 2
