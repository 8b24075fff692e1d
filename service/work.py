"""Work that runs in a thread (summaries, briefings) with a `QueuedEngine`: its translations and
summary-model calls go through the core scheduler's queues (shared with every other request) and
its translations through the service's translation memory, after the editor-approved memory. On a
timeout the engine is cancelled: its waiting units leave the queues and never reach a model.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable, Sequence
from typing import TypeVar

from models.errors import OverloadedError
from models.queued import QueuedEngine, unit_keys
from models.scheduler import Priority
from models.translate import TranslationOptions, Translator, Unit
from service.errors import QueueFullError
from service.state import Service

T = TypeVar("T")


class ServiceMemory:
    """The service's translation memory for a worker thread: reads and writes run on the event loop."""

    def __init__(self, svc: Service, loop: asyncio.AbstractEventLoop) -> None:
        self._svc = svc
        self._loop = loop

    def recall(
        self, translator: Translator, units: Sequence[Unit], options: TranslationOptions
    ) -> list[str | None]:
        keys = unit_keys(translator, units, options)
        found = asyncio.run_coroutine_threadsafe(self._svc.cache_get(keys), self._loop).result()
        hits = sum(value is not None for value in found)
        metrics, name = self._svc.metrics, self._svc.cache.name
        metrics.cache_hits.labels(name).inc(hits)
        metrics.cache_misses.labels(name).inc(len(units) - hits)
        return found

    def store(
        self,
        translator: Translator,
        units: Sequence[Unit],
        options: TranslationOptions,
        outputs: Sequence[str],
    ) -> None:
        fresh = dict(zip(unit_keys(translator, units, options), outputs, strict=True))
        asyncio.run_coroutine_threadsafe(self._svc.cache_set(fresh), self._loop).result()


async def run_in_thread(
    svc: Service, work: Callable[..., T], *args: object, priority: Priority = Priority.INTERACTIVE
) -> T:
    """`work(queued_engine, *args)` in a work thread within the request timeout.

    On timeout (504) the queued engine is cancelled: its waiting units leave the queues and its
    next model call fails at once. A full queue answers 429. priority: `Priority.BACKGROUND` for
    job work (taken after interactive requests).
    """
    from service.deps import within_timeout

    loop = asyncio.get_running_loop()
    engine = QueuedEngine(
        svc.batcher.scheduler,
        priority=priority,
        memory=ServiceMemory(svc, loop),
        approved=svc.terminology,
    )
    # Run in a copy of this context, so log lines from the thread carry the request id.
    call = functools.partial(contextvars.copy_context().run, work, engine, *args)
    try:
        return await within_timeout(svc, loop.run_in_executor(svc.work_pool, call))  # type: ignore[no-any-return]
    except OverloadedError as exc:
        raise QueueFullError(exc.retry_after) from None
    finally:
        engine.cancel()
