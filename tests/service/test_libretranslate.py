"""LibreTranslate compatibility: the real `libretranslatepy` client against a real uvicorn server
started from the same factory and environment as `tarjama serve`."""

from __future__ import annotations

import urllib.error
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from libretranslatepy import LibreTranslateAPI

from service.keys import KeyStore
from tests.service.conftest import ServerThread, free_port


@pytest.fixture(scope="module")
def server(tiny_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(url, api key): a keyed server configured only through TARJAMA_* variables."""
    keys_db = tmp_path_factory.mktemp("lt-keys") / "keys.sqlite"
    store = KeyStore(keys_db)
    _, secret = store.add("libretranslate-client")
    store.close()
    port = free_port()
    env = tiny_env | {
        "TARJAMA_API_KEYS": "true",
        "TARJAMA_KEYS_DB": str(keys_db),
        "TARJAMA_LOG_LEVEL": "warning",
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        config = uvicorn.Config(
            "service.app:create_app",
            factory=True,
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
        )
        with ServerThread(config) as running:
            patch.undo()  # the app read its settings at startup; the environment goes back
            yield running.url, secret


def test_translate_with_the_client(server: tuple[str, str]) -> None:
    url, secret = server
    api = LibreTranslateAPI(url, api_key=secret)
    translated = api.translate("The president visited the city on Sunday.", "en", "ar")
    assert isinstance(translated, str) and translated
    auto = api.translate("ذهب الرئيس إلى المدينة.", "auto", "en")
    assert isinstance(auto, str) and auto


def test_detect_and_languages_with_the_client(server: tuple[str, str]) -> None:
    url, secret = server
    api = LibreTranslateAPI(url, api_key=secret)
    (best,) = api.detect("ذهب الرئيس إلى المدينة يوم الأحد")
    assert best["language"] == "ar" and 90 <= best["confidence"] <= 100
    languages = api.languages()
    assert {(lang["code"], tuple(lang["targets"])) for lang in languages} == {
        ("ar", ("en",)),
        ("en", ("ar",)),
    }
    assert all(lang["name"] for lang in languages)


def test_the_client_without_a_key_is_refused(server: tuple[str, str]) -> None:
    url, _ = server
    with pytest.raises(urllib.error.HTTPError) as refused:
        LibreTranslateAPI(url).translate("Hello", "en", "ar")
    assert refused.value.code == 401


def test_json_lists_html_and_detected_language(server: tuple[str, str]) -> None:
    url, secret = server
    with httpx.Client(base_url=url, timeout=60) as client:
        single = client.post(
            "/translate", json={"q": "Hello there.", "source": "auto", "target": "ar", "api_key": secret}
        )
        assert single.status_code == 200
        body = single.json()
        assert isinstance(body["translatedText"], str)
        assert body["detectedLanguage"]["language"] == "en" and body["detectedLanguage"]["confidence"] > 0
        many = client.post(
            "/translate",
            json={"q": ["Hello.", "مرحبا بكم."], "source": "auto", "target": "en", "api_key": secret},
        ).json()
        assert isinstance(many["translatedText"], list) and len(many["translatedText"]) == 2
        assert [d["language"] for d in many["detectedLanguage"]] == ["en", "ar"]
        assert many["translatedText"][0] == "Hello."  # already English: unchanged
        html = client.post(
            "/translate",
            data={
                "q": "<p>Hello <b>world</b></p><code>x</code>",
                "source": "en",
                "target": "ar",
                "format": "html",
            },
            headers={"Authorization": f"Bearer {secret}"},
        ).json()
        assert "detectedLanguage" not in html
        assert html["translatedText"].startswith("<p>") and html["translatedText"].endswith(
            "</b></p><code>x</code>"
        )
        settings = client.get("/frontend/settings").json()
        assert settings["keyRequired"] is True and settings["charLimit"] == 100_000


def test_errors_keep_the_one_shape(server: tuple[str, str]) -> None:
    url, secret = server
    with httpx.Client(base_url=url, timeout=60) as client:
        cases = [
            ({"q": "Hi", "source": "fr", "target": "en", "api_key": secret}, 400, "unsupported_language"),
            ({"q": "Hi", "source": "en", "target": "de", "api_key": secret}, 400, "unsupported_language"),
            ({"q": "", "source": "en", "target": "ar", "api_key": secret}, 422, "validation_error"),
            ({"source": "en", "target": "ar", "api_key": secret}, 422, "validation_error"),
            (
                {"q": "Hi", "source": "en", "target": "ar", "format": "pdf", "api_key": secret},
                422,
                "validation_error",
            ),
        ]
        for payload, status, code in cases:
            response = client.post("/translate", json=payload)
            assert response.status_code == status, payload
            assert response.json() == {
                "error": {"code": code, "message": response.json()["error"]["message"]}
            }
            assert response.headers["x-request-id"]
        bad_json = client.post(
            "/translate", content=b"{nope", headers={"content-type": "application/json", "authorization": f"Bearer {secret}"}
        )
        assert bad_json.status_code == 422 and bad_json.json()["error"]["code"] == "validation_error"
        bad_utf8 = client.post(
            "/translate",
            content=b'{"q": "\xff"}',
            headers={"content-type": "application/json", "authorization": f"Bearer {secret}"},
        )
        assert bad_utf8.status_code == 400 and bad_utf8.json()["error"]["code"] == "invalid_encoding"
        assert client.get("/healthz").json() == {"status": "ok"}
