"""What one app holds while it runs: settings, the engine, its batcher, cache, keys and metrics."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from models.engine import Engine
from models.terminology.store import TerminologyStore
from service.batcher import Batcher
from service.cache import TranslationCache
from service.keys import KeyStore
from service.metrics import Metrics
from service.settings import ServiceSettings

log = logging.getLogger("service.cache")


@dataclass
class Service:
    settings: ServiceSettings
    engine: Engine
    batcher: Batcher
    cache: TranslationCache
    metrics: Metrics
    # Summaries and briefings block on the event loop while their translations are batched, so
    # they get threads of their own: the default executor (planning, caches) never waits on them.
    work_pool: ThreadPoolExecutor
    keys: KeyStore | None = None
    # Glossaries and the editor-approved memory (SQLite, whatever the translation cache is).
    terminology: TerminologyStore | None = None

    # A failing translation memory (Redis gone, disk full) costs model calls, never requests.
    async def cache_get(self, keys: Sequence[str]) -> list[str | None]:
        if not keys:
            return []
        try:
            if self.cache.blocking:
                return await asyncio.to_thread(self.cache.get_many, keys)
            return self.cache.get_many(keys)
        except Exception as exc:
            log.warning("translation memory (%s) read failed: %s", self.cache.name, type(exc).__name__)
            return [None] * len(keys)

    async def cache_set(self, items: Mapping[str, str]) -> None:
        if not items:
            return
        try:
            if self.cache.blocking:
                await asyncio.to_thread(self.cache.set_many, items)
            else:
                self.cache.set_many(items)
        except Exception as exc:
            log.warning("translation memory (%s) write failed: %s", self.cache.name, type(exc).__name__)
