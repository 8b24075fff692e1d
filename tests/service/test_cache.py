"""Translation memory: the three backends, and through HTTP (a repeat costs no model call)."""

from __future__ import annotations

from pathlib import Path

import fakeredis
import pytest

from models.engine import Engine
from models.errors import ConfigurationError
from models.queued import memory_key as cache_key
from service.cache import MemoryCache, NullCache, RedisCache, SQLiteCache, make_cache
from tests.service.conftest import make_settings, metric, running_app


def test_keys_depend_on_model_pair_options_and_text() -> None:
    base = cache_key("m", "ar", "en", ("beam", 2), "نص")
    assert base == cache_key("m", "ar", "en", ("beam", 2), "نص")
    others = {
        cache_key("m2", "ar", "en", ("beam", 2), "نص"),
        cache_key("m", "en", "ar", ("beam", 2), "نص"),
        cache_key("m", "ar", "en", ("beam", 4), "نص"),
        cache_key("m", "ar", "en", ("beam", 2), "نص آخر"),
    }
    assert base not in others and len(others) == 4


def test_memory_cache_is_lru() -> None:
    cache = MemoryCache(size=2)
    cache.set_many({"a": "1", "b": "2"})
    assert cache.get_many(["a"]) == ["1"]  # a is now the most recent
    cache.set_many({"c": "3"})
    assert cache.get_many(["a", "b", "c"]) == ["1", None, "3"]
    assert len(cache) == 2


def test_sqlite_cache_persists_and_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    cache = SQLiteCache(path, size=3)
    cache.set_many({"a": "١", "b": "2"})
    cache.set_many({"c": "3", "d": "4"})
    assert len(cache) == 3
    cache.close()
    reopened = SQLiteCache(path, size=3)
    assert reopened.get_many(["a", "b", "c", "d", "zz"]) == [None, "2", "3", "4", None]
    reopened.close()


def test_redis_cache_with_fakeredis() -> None:
    server = fakeredis.FakeServer()
    first = RedisCache(fakeredis.FakeRedis(server=server), ttl_s=60)
    second = RedisCache(fakeredis.FakeRedis(server=server))  # another replica
    first.set_many({"k": "ترجمة"})
    assert second.get_many(["k", "missing"]) == ["ترجمة", None]
    assert second.get_many([]) == []
    assert NullCache().get_many(["k"]) == [None]


def test_make_cache_backends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(make_cache(make_settings(), tmp_path), MemoryCache)
    assert isinstance(make_cache(make_settings(cache="none"), tmp_path), NullCache)
    sqlite = make_cache(make_settings(cache="sqlite"), tmp_path)
    assert isinstance(sqlite, SQLiteCache) and (tmp_path / "translation-memory.sqlite").exists()
    sqlite.close()
    import redis

    server = fakeredis.FakeServer()
    monkeypatch.setattr(redis.Redis, "from_url", lambda url, **kw: fakeredis.FakeRedis(server=server))
    assert isinstance(
        make_cache(make_settings(cache="redis", redis_url="redis://cache:6379/0"), tmp_path), RedisCache
    )
    server.connected = False
    with pytest.raises(ConfigurationError, match="Redis"):
        make_cache(make_settings(cache="redis", redis_url="redis://cache:6379/0"), tmp_path)


TEXT = "The cache remembers this sentence. And this one too.\n\nA second paragraph is remembered."


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
def test_repeat_request_is_served_from_the_cache(
    service_engine: Engine, tmp_path: Path, backend: str
) -> None:
    memory = RedisCache(fakeredis.FakeRedis()) if backend == "redis" else None
    options = {"cache": backend, "cache_path": tmp_path / "tm.sqlite"} if backend != "redis" else {}
    with running_app(service_engine, memory=memory, **options) as client:
        first = client.post("/v1/translate", json={"text": TEXT, "source": "en"})
        calls = metric(client, "tarjama_model_calls_total", model="en-ar")
        assert calls >= 1
        assert metric(client, "tarjama_cache_misses_total", backend=backend) == 3
        second = client.post("/v1/translate", json={"text": TEXT, "source": "en"})
        assert second.json()["translation"] == first.json()["translation"]
        assert metric(client, "tarjama_model_calls_total", model="en-ar") == calls  # no new model call
        assert metric(client, "tarjama_cache_hits_total", backend=backend) == 3
        # Other decoding options are other entries.
        client.post("/v1/translate", json={"text": TEXT, "source": "en", "beam_size": 1})
        assert metric(client, "tarjama_model_calls_total", model="en-ar") > calls
        # Units repeated inside one request go to the model once.
        before = metric(client, "tarjama_units_translated_total", model="en-ar")
        client.post("/v1/translate", json={"texts": ["Say it again.", "Say it again.", "Say it again."]})
        assert metric(client, "tarjama_units_translated_total", model="en-ar") == before + 1


def test_sqlite_memory_survives_a_restart(service_engine: Engine, tmp_path: Path) -> None:
    options = {"cache": "sqlite", "cache_path": tmp_path / "tm.sqlite"}
    with running_app(service_engine, **options) as client:
        first = client.post("/v1/translate", json={"text": "Persist me please.", "source": "en"}).json()
    with running_app(service_engine, **options) as client:
        again = client.post("/v1/translate", json={"text": "Persist me please.", "source": "en"}).json()
        assert metric(client, "tarjama_model_calls_total") == 0
        assert metric(client, "tarjama_cache_hits_total", backend="sqlite") == 1
    assert again["translation"] == first["translation"]


def test_a_broken_cache_costs_model_calls_not_requests(service_engine: Engine) -> None:
    server = fakeredis.FakeServer()
    with running_app(service_engine, memory=RedisCache(fakeredis.FakeRedis(server=server))) as client:
        server.connected = False  # Redis goes away while the service runs
        response = client.post("/v1/translate", json={"text": "Redis is down.", "source": "en"})
        assert response.status_code == 200
        assert metric(client, "tarjama_model_calls_total", model="en-ar") == 1
        server.connected = True
        client.post("/v1/translate", json={"text": "Redis is back.", "source": "en"})
        client.post("/v1/translate", json={"text": "Redis is back.", "source": "en"})
        assert metric(client, "tarjama_cache_hits_total", backend="redis") == 1
