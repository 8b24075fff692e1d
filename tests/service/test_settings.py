"""Service settings: environment, defaults and validators that fail fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.settings import ServiceSettings, load_service_settings
from tests.service.conftest import make_settings


def test_defaults() -> None:
    settings = make_settings()
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert settings.max_chars == 100_000 and settings.max_body_bytes == 2 * 1024 * 1024
    assert settings.api_keys is False and settings.cache == "memory"
    assert 0 < settings.max_batch_wait_ms <= 10
    assert settings.keys_path(Path("/c")) == Path("/c/keys.sqlite")
    assert settings.memory_path(Path("/c")) == Path("/c/translation-memory.sqlite")


def test_environment_and_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TARJAMA_PORT", "9001")
    monkeypatch.setenv("TARJAMA_API_KEYS", "true")
    monkeypatch.setenv("TARJAMA_CACHE", "SQLite")
    monkeypatch.setenv("TARJAMA_KEYS_DB", str(tmp_path / "k.db"))
    monkeypatch.setenv("TARJAMA_LOG_LEVEL", "DEBUG")
    settings = load_service_settings(port=None, workers=3)
    assert (settings.port, settings.workers, settings.api_keys, settings.cache) == (9001, 3, True, "sqlite")
    assert settings.keys_db == tmp_path / "k.db" and settings.log_level == "debug"


@pytest.mark.parametrize(
    "overrides",
    [
        {"port": 0},
        {"port": 70000},
        {"workers": 0},
        {"max_chars": 0},
        {"max_body_bytes": 10},
        {"request_timeout_s": 0},
        {"queue_size": 0},
        {"max_batch_wait_ms": -1},
        {"cache": "memcached"},
        {"cache": "redis"},
        {"cache": "redis", "redis_url": "http://x"},
        {"log_level": "loud"},
        {"host": "  "},
        {"default_rpm": -5},
    ],
)
def test_bad_settings_fail_fast(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ServiceSettings(_env_file=None, **overrides)  # type: ignore[arg-type]


def test_redis_settings() -> None:
    settings = make_settings(cache="redis", redis_url=" redis://cache:6379/0 ")
    assert settings.redis_url == "redis://cache:6379/0"
