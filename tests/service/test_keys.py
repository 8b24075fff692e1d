"""API keys: storage, the CLI, and enforcement on /v1 and LibreTranslate routes (401, 429 quotas)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models.cli.main import main
from models.engine import Engine
from service.keys import KeyStore
from tests.service.conftest import running_app


def test_store_keeps_only_salted_hashes(tmp_path: Path) -> None:
    path = tmp_path / "keys.sqlite"
    store = KeyStore(path)
    key, secret = store.add("cms", rpm=10, daily_chars=500)
    other_store = KeyStore(tmp_path / "other.sqlite")
    _, other_secret = other_store.add("x")
    assert secret.startswith("tj_") and len(secret) > 40
    assert store.lookup(secret) == key and store.lookup("tj_nope") is None and store.lookup("") is None
    assert other_store.lookup(secret) is None and store.lookup(other_secret) is None
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert secret not in dump and secret[8:] not in dump
    assert key.prefix == secret[:8]
    assert store.revoke(key.id) and not store.revoke(key.id) and not store.revoke(999)
    assert store.lookup(secret) is None
    assert [k.active for k in store.list()] == [False]
    store.close()
    other_store.close()


def test_quota_windows(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.sqlite")
    key, _ = store.add()
    now = 1_700_000_000.0 - (1_700_000_000.0 % 86400) + 3600  # 01:00 UTC
    assert store.admit(key, 10, rpm=2, daily_chars=100, now=now).allowed
    assert store.admit(key, 10, rpm=2, daily_chars=100, now=now + 1).allowed
    refused = store.admit(key, 10, rpm=2, daily_chars=100, now=now + 2)
    assert (refused.allowed, refused.reason) == (False, "rate_limited") and 1 <= refused.retry_after <= 60
    assert store.admit(key, 70, rpm=2, daily_chars=100, now=now + 61).allowed  # next minute
    over = store.admit(key, 20, rpm=0, daily_chars=100, now=now + 62)  # 90 + 20 > 100
    assert (over.allowed, over.reason) == (False, "quota_exceeded") and over.retry_after == 86400 - 3600 - 62
    assert store.admit(key, 10, rpm=0, daily_chars=100, now=now + 63).allowed  # exactly 100
    assert store.admit(key, 99, rpm=0, daily_chars=100, now=now + 86400).allowed  # next day
    assert store.admit(key, 10**9, rpm=0, daily_chars=0, now=now).allowed  # 0 = unlimited
    store.close()


def test_cli_add_list_revoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TARJAMA_KEYS_DB", str(tmp_path / "cli-keys.sqlite"))
    assert main(["keys", "add", "--name", "newsletter", "--rpm", "5", "--daily-chars", "0"]) == 0
    secret, note = capsys.readouterr().out.splitlines()
    assert secret.startswith("tj_") and "shown only this once" in note
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "newsletter" in listing and secret[:8] in listing and secret not in listing
    assert "unlimited" in listing and "active" in listing
    assert main(["keys", "revoke", "1"]) == 0
    assert main(["keys", "revoke", "1"]) == 1
    assert "revoked" in capsys.readouterr().out
    assert main(["keys", "add", "--rpm", "-1"]) == 1
    store = KeyStore(tmp_path / "cli-keys.sqlite")
    assert store.lookup(secret) is None and store.list()[0].rpm == 5
    store.close()


@pytest.fixture(scope="module")
def keyed(
    service_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path_factory.mktemp("keys") / "keys.sqlite"
    with running_app(service_engine, api_keys=True, keys_db=db, default_rpm=1000, default_daily_chars=0) as c:
        yield c, db


def new_key(db: Path, **limits: int) -> str:
    store = KeyStore(db)
    _, secret = store.add("test", limits.get("rpm"), limits.get("daily_chars"))
    store.close()
    return secret


def test_every_api_route_needs_a_key(keyed: tuple[TestClient, Path]) -> None:
    client, _ = keyed
    calls = [
        ("POST", "/v1/translate", {"json": {"text": "Hi."}}),
        ("POST", "/v1/detect", {"json": {"text": "Hi."}}),
        ("POST", "/v1/summarize", {"json": {"text": "Hi."}}),
        ("POST", "/v1/briefing", {"json": {"text": "Hi."}}),
        ("GET", "/v1/languages", {}),
        ("GET", "/v1/models", {}),
        ("POST", "/translate", {"data": {"q": "Hi.", "source": "en", "target": "ar"}}),
        ("POST", "/detect", {"data": {"q": "Hi."}}),
        ("GET", "/languages", {}),
    ]
    for method, path, kwargs in calls:
        response = client.request(method, path, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 401, path
        error = response.json()["error"]
        # LibreTranslate routes answer in LibreTranslate's shape, a message string.
        assert error["code"] == "missing_api_key" if path.startswith("/v1/") else "API key" in error
        assert response.headers["www-authenticate"] == "Bearer"
    # Operations and docs stay open.
    for path in ("/healthz", "/readyz", "/metrics", "/docs", "/openapi.json", "/frontend/settings"):
        assert client.get(path).status_code == 200, path


def test_bearer_header_and_api_key_field(keyed: tuple[TestClient, Path]) -> None:
    client, db = keyed
    secret = new_key(db)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.post("/v1/translate", json={"text": "Hi."}, headers=bearer).status_code == 200
    assert client.get("/v1/languages", headers={"Authorization": f"bearer {secret}"}).status_code == 200
    form = client.post("/translate", data={"q": "Hi.", "source": "en", "target": "ar", "api_key": secret})
    assert form.status_code == 200 and "translatedText" in form.json()
    as_json = client.post("/detect", json={"q": "Hi.", "api_key": secret})
    assert as_json.status_code == 200
    wrong = client.post("/v1/translate", json={"text": "Hi."}, headers={"Authorization": "Bearer tj_wrong"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
    basic = client.post("/v1/translate", json={"text": "Hi."}, headers={"Authorization": f"Basic {secret}"})
    assert basic.status_code == 401


def test_revoked_key_is_refused(keyed: tuple[TestClient, Path]) -> None:
    client, db = keyed
    secret = new_key(db)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/v1/models", headers=headers).status_code == 200
    store = KeyStore(db)
    store.revoke(store.lookup(secret).id)  # type: ignore[union-attr]
    store.close()
    response = client.get("/v1/models", headers=headers)
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_api_key"


def test_requests_per_minute(keyed: tuple[TestClient, Path]) -> None:
    client, db = keyed
    headers = {"Authorization": f"Bearer {new_key(db, rpm=2)}"}
    assert [client.get("/v1/languages", headers=headers).status_code for _ in range(2)] == [200, 200]
    refused = client.post("/v1/translate", json={"text": "Hi."}, headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # Another key is not affected.
    assert client.get("/v1/languages", headers={"Authorization": f"Bearer {new_key(db)}"}).status_code == 200


def test_daily_characters(keyed: tuple[TestClient, Path]) -> None:
    client, db = keyed
    secret = new_key(db, daily_chars=30)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.post("/v1/translate", json={"text": "x" * 20}, headers=headers).status_code == 200
    refused = client.post("/v1/translate", json={"text": "y" * 11}, headers=headers)
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "quota_exceeded"
    assert int(refused.headers["retry-after"]) >= 1
    lt = client.post("/translate", data={"q": "z" * 11, "source": "en", "target": "ar", "api_key": secret})
    assert lt.status_code == 429 and "characters per day" in lt.json()["error"]
    assert (
        client.post("/v1/detect", json={"text": "w" * 10}, headers=headers).status_code == 200
    )  # 30 exactly


def test_keys_in_the_query_string_or_other_headers_are_not_taken(keyed: tuple[TestClient, Path]) -> None:
    client, db = keyed
    secret = new_key(db)
    for path in ("/v1/languages", "/v1/models"):
        assert client.get(f"{path}?api_key={secret}").status_code == 401, path
        assert client.get(path, headers={"X-API-Key": secret}).status_code == 401, path
    query = client.post(f"/translate?api_key={secret}", data={"q": "Hi.", "source": "en", "target": "ar"})
    assert query.status_code == 401
    body = client.post("/translate", data={"q": "Hi.", "source": "en", "target": "ar", "api_key": secret})
    assert body.status_code == 200


def test_keys_database_is_private(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        store = KeyStore(tmp_path / "keys" / "keys.sqlite")
        store.add("x")
        store.close()
    finally:
        os.umask(old)
    for file in (tmp_path / "keys").iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


def test_refused_work_is_not_charged(keyed: tuple[TestClient, Path]) -> None:
    """Five 400s must not use up a quota: only accepted work is counted."""
    client, db = keyed
    secret = new_key(db, daily_chars=100, rpm=3)
    headers = {"Authorization": f"Bearer {secret}"}
    for _ in range(5):
        bad = client.post(
            "/translate", data={"q": "x" * 40, "source": "fr", "target": "ar", "api_key": secret}
        )
        assert bad.status_code == 400
        empty_html = client.post("/v1/briefing", json={"html": "<script>x</script>" * 4}, headers=headers)
        assert empty_html.status_code == 422  # no main text: refused after admission, then refunded
    for _ in range(3):  # the whole per-minute allowance and character quota are still there
        ok = client.post("/v1/translate", json={"text": "y" * 30, "source": "en"}, headers=headers)
        assert ok.status_code == 200, ok.text
    over = client.post("/v1/detect", json={"text": "z"}, headers=headers)
    assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limited"
