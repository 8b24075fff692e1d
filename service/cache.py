"""Translation memory: unit-level (sentence or chunk) translations keyed by model, pair, options and text.

Backends: `MemoryCache` (LRU, the default), `SQLiteCache` (survives restarts), `RedisCache` (shared by
replicas), `NullCache` (off). All are synchronous; `blocking` says whether the service should call
them from a thread rather than the event loop.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.errors import ConfigurationError
from service.settings import ServiceSettings

_KEY_PREFIX = "tarjama:tm:"


class TranslationCache:
    """Base class and the contract: `get_many` then `set_many`, keys from `models.queued.memory_key`."""

    name = "base"
    blocking = False

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        raise NotImplementedError

    def set_many(self, items: Mapping[str, str]) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        return 0

    def close(self) -> None:
        """Release connections (no-op by default)."""


class NullCache(TranslationCache):
    name = "none"

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return [None] * len(keys)

    def set_many(self, items: Mapping[str, str]) -> None:
        return None


class MemoryCache(TranslationCache):
    """Least-recently-used entries in this process, at most `size`."""

    name = "memory"

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        out: list[str | None] = []
        with self._lock:
            for key in keys:
                value = self._data.get(key)
                if value is not None:
                    self._data.move_to_end(key)
                out.append(value)
        return out

    def set_many(self, items: Mapping[str, str]) -> None:
        with self._lock:
            for key, value in items.items():
                self._data[key] = value
                self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class SQLiteCache(TranslationCache):
    """Entries in an SQLite file; the oldest go first once over `size`."""

    name = "sqlite"
    blocking = True

    def __init__(self, path: Path, size: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.size = size
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.execute("CREATE TABLE IF NOT EXISTS tm (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, value FROM tm WHERE key IN ({marks})", chunk)
                found.update(rows.fetchall())
        return [found.get(key) for key in keys]

    def set_many(self, items: Mapping[str, str]) -> None:
        if not items:
            return
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO tm (key, value) VALUES (?, ?)", list(items.items()))
            (count,) = self._db.execute("SELECT COUNT(*) FROM tm").fetchone()
            if count > self.size:
                self._db.execute(
                    "DELETE FROM tm WHERE rowid IN (SELECT rowid FROM tm ORDER BY rowid LIMIT ?)",
                    (count - self.size,),
                )
            self._db.execute("COMMIT")

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM tm").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class RedisCache(TranslationCache):
    """Entries in Redis (shared by replicas); eviction is Redis's own policy, optional TTL."""

    name = "redis"
    blocking = True

    def __init__(self, client: Any, ttl_s: int = 0) -> None:
        self._client = client
        self.ttl_s = ttl_s

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        if not keys:
            return []
        values = self._client.mget([_KEY_PREFIX + key for key in keys])
        return [value.decode("utf-8") if isinstance(value, bytes) else value for value in values]

    def set_many(self, items: Mapping[str, str]) -> None:
        if not items:
            return
        pipe = self._client.pipeline(transaction=False)
        for key, value in items.items():
            pipe.set(_KEY_PREFIX + key, value, ex=self.ttl_s or None)
        pipe.execute()

    def close(self) -> None:
        self._client.close()


def make_cache(settings: ServiceSettings, cache_dir: Path) -> TranslationCache:
    """The configured backend; a Redis URL that cannot be reached fails here, at startup."""
    if settings.cache == "none":
        return NullCache()
    if settings.cache == "memory":
        return MemoryCache(settings.cache_size)
    if settings.cache == "sqlite":
        return SQLiteCache(settings.memory_path(cache_dir), settings.cache_size)
    import redis

    client = redis.Redis.from_url(settings.redis_url or "")
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ConfigurationError(
            "cannot reach Redis at the configured TARJAMA_REDIS_URL; check that it runs and the URL "
            "(host, port, password)"
        ) from exc
    return RedisCache(client, settings.cache_ttl_s)
