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


def test_errors_have_libretranslate_shape_and_statuses(server: tuple[str, str]) -> None:
    url, secret = server
    with httpx.Client(base_url=url, timeout=60) as client:
        cases = [
            ({"q": "Hi", "source": "fr", "target": "en", "api_key": secret}, 400),
            ({"q": "Hi", "source": "en", "target": "de", "api_key": secret}, 400),
            ({"q": "", "source": "en", "target": "ar", "api_key": secret}, 400),
            ({"source": "en", "target": "ar", "api_key": secret}, 400),
            ({"q": "Hi", "source": "en", "target": "ar", "format": "pdf", "api_key": secret}, 400),
            ({"q": "Hi", "source": "en", "target": "ar"}, 401),
            ({"q": "Hi", "source": "en", "target": "ar", "api_key": "tj_wrong"}, 401),
        ]
        for payload, status in cases:
            for response in (
                client.post("/translate", json=payload),
                client.post("/translate", data=payload),
            ):
                assert response.status_code == status, payload
                body = response.json()
                assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"], body
                assert response.headers["x-request-id"]
        missing = client.post("/translate", json={"source": "en", "target": "ar", "api_key": secret})
        assert "q" in missing.json()["error"]
        detect = client.post("/detect", json={"api_key": secret})
        assert detect.status_code == 400 and isinstance(detect.json()["error"], str)
        auth = {"authorization": f"Bearer {secret}"}
        bad_json = client.post(
            "/translate", content=b"{nope", headers={"content-type": "application/json", **auth}
        )
        assert bad_json.status_code == 400 and isinstance(bad_json.json()["error"], str)
        bad_utf8 = client.post(
            "/translate", content=b'{"q": "\xff"}', headers={"content-type": "application/json", **auth}
        )
        assert bad_utf8.status_code == 400 and "UTF-8" in bad_utf8.json()["error"]
        assert client.get("/healthz").json() == {"status": "ok"}


def test_raw_utf8_form_bodies_are_read_as_utf8(server: tuple[str, str]) -> None:
    """`curl -d 'q=قال الوزير'` sends raw UTF-8 bytes, not percent-escapes."""
    url, secret = server
    text = "قال الوزير إن الاجتماع انتهى"
    form = {"content-type": "application/x-www-form-urlencoded"}
    with httpx.Client(base_url=url, timeout=60) as client:
        raw = f"q={text}&api_key={secret}".encode()
        (detected,) = client.post("/detect", content=raw, headers=form).json()
        assert detected["language"] == "ar" and detected["confidence"] > 90
        answer = client.post(
            "/translate", content=f"q={text}&source=auto&target=en&api_key={secret}".encode(), headers=form
        )
        assert answer.status_code == 200
        assert answer.json()["detectedLanguage"]["language"] == "ar"
        encoded = client.post("/detect", data={"q": text, "api_key": secret}).json()  # percent-encoded
        assert encoded == [detected]
        bad = client.post("/detect", content=b"q=\xff\xfe&api_key=" + secret.encode(), headers=form)
        assert bad.status_code == 400 and "UTF-8" in bad.json()["error"]


def test_alternatives_come_from_the_models_n_best(server: tuple[str, str]) -> None:
    url, secret = server
    with httpx.Client(base_url=url, timeout=60) as client:
        payload = {"q": "The president visited the city.", "source": "en", "target": "ar", "api_key": secret}
        answer = client.post("/translate", json=payload | {"alternatives": 2}).json()
        alternatives = answer["alternatives"]
        assert isinstance(alternatives, list) and 1 <= len(alternatives) <= 2
        assert all(isinstance(a, str) and a and a != answer["translatedText"] for a in alternatives)
        assert len(set(alternatives)) == len(alternatives)
        many = client.post("/translate", json=payload | {"q": ["One.", "Two."], "alternatives": 1}).json()
        assert len(many["alternatives"]) == 2 and all(isinstance(a, list) for a in many["alternatives"])
        plain = client.post("/translate", json=payload).json()
        assert "alternatives" not in plain
