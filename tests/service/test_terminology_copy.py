"""The issue's editor scenario end to end, on the copy model's real output: create a glossary,
translate the seed article with it (every entry appears), mark a span do-not-translate, correct
one sentence through PUT /v1/memory and get the correction back on the next request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.engine import Engine
from models.settings import Settings
from tests.service.conftest import running_app

NAMES = {
    "ويتكوف": "Witkoff",
    "ترامب": "Trump",
    "بوتين": "Putin",
    "كوشنر": "Kushner",
    "الكرملين": "the Kremlin",
}


@pytest.fixture(scope="module")
def copy_service_engine(copy_settings: Settings) -> Iterator[Engine]:
    engine = Engine(copy_settings)
    yield engine
    engine.close()


def test_editor_scenario(copy_service_engine: Engine, seed_article: str) -> None:
    with running_app(copy_service_engine) as c:
        made = c.post("/v1/glossaries", json={"name": "names", "pair": "ar-en", "entries": NAMES})
        assert made.status_code == 201
        glossary_id = made.json()["id"]
        translated = c.post(
            "/v1/translate",
            json={"text": seed_article, "source": "ar", "glossary_id": glossary_id, "flags": True},
        ).json()
        for target in NAMES.values():
            assert target in translated["translation"]
        for source in NAMES:
            assert source not in translated["translation"]

        marked = "نشرت [[Al-Masry Al-Youm]] الخبر على https://example.com/news?id=1 اليوم."
        spans = c.post("/v1/translate", json={"text": marked, "source": "ar", "flags": True}).json()
        assert "Al-Masry Al-Youm" in spans["translation"] and "[[" not in spans["translation"]
        assert "https://example.com/news?id=1" in spans["translation"]
        assert not any(f.startswith("protected_span_lost") for f in spans["segments"][0]["flags"])

        sentence = translated["segments"][1]["source"]
        corrected = "A Kremlin aide said the talks ended without progress."
        put = c.put("/v1/memory", json={"pair": "ar-en", "source": sentence, "target": corrected})
        assert put.status_code == 200
        again = c.post(
            "/v1/translate",
            json={"text": seed_article, "source": "ar", "glossary_id": glossary_id, "flags": True},
        ).json()
        approved = [s for s in again["segments"] if s["memory"] == "approved"]
        assert [s["target"] for s in approved] == [corrected] * len(approved) and approved
        assert corrected in again["translation"]
        assert again["segments"][0] == translated["segments"][0]  # the rest is unchanged


def test_html_translation_across_tags(copy_service_engine: Engine) -> None:
    page = '<p>قال <b>مساعد</b> في <a href="/k" title="الكرملين">الكرملين</a> إن المحادثات انتهت.</p>'
    with running_app(copy_service_engine) as c:
        response = c.post(
            "/v1/translate", json={"text": page, "format": "html", "source": "ar", "flags": True}
        )
        assert response.status_code == 200
        assert response.json()["translation"] == page  # the copy model: every tag around its words
