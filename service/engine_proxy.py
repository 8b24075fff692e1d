"""An `Engine` for work that runs in a thread (summaries, briefings) whose translations still go
through the service's batcher and translation memory.

`QueuedEngine` shares the real engine's loaded models; its translators are the real ones except
that `translate_units` hands the units to the event loop's queue and waits for them, so a
briefing's paragraphs share model calls with every other request. `cancel()` (on a timeout) drops
the units it queued and makes its next `translate_units` fail fast.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import threading
from collections.abc import Sequence
from typing import Any

from models.engine import Engine, check_pair
from models.translate import TranslationOptions, Translator, Unit
from service.batcher import new_tag
from service.errors import ServiceError
from service.state import Service


class _Cancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__(504, "timeout", "the request was stopped")


class QueuedEngine(Engine):
    """Use from a worker thread only (its calls block on the event loop)."""

    def __init__(self, svc: Service, loop: asyncio.AbstractEventLoop) -> None:
        inner = svc.engine
        # Same settings, model specs, loaded models and lock as the real engine; own translators.
        self.__dict__.update(inner.__dict__)
        self._translators = {}
        self._svc = svc
        self._loop = loop
        self._tag = new_tag()
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._guard = threading.Lock()
        self._cancelled = False

    def _call(self, coro: Any) -> Any:
        with self._guard:
            if self._cancelled:
                coro.close()
                raise _Cancelled()
            future = asyncio.run_coroutine_threadsafe(coro, self._loop)
            self._pending.add(future)
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            raise _Cancelled() from None
        finally:
            with self._guard:
                self._pending.discard(future)

    def translator(self, source: str, target: str) -> Translator:
        check_pair(source, target)
        key = (source, target)
        if key not in self._translators:
            queue = self._call(self._svc.batcher.queue(source, target))
            self._translators[key] = _QueuedTranslator(queue.translator, self, key)
        return self._translators[key]

    def translate_units(
        self, pair: tuple[str, str], units: Sequence[Unit], options: TranslationOptions
    ) -> list[str]:
        from service.translation import translate_units

        async def run() -> list[str]:
            queue = await self._svc.batcher.queue(*pair)
            return await translate_units(self._svc, queue, list(units), options, self._tag)

        return self._call(run())  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop: queued units leave the queues, later calls fail at once."""
        with self._guard:
            self._cancelled = True
            pending = list(self._pending)
        for future in pending:
            future.cancel()

    def close(self) -> None:
        """The service owns the models; nothing to release here."""


class _QueuedTranslator(Translator):
    def __init__(self, inner: Translator, engine: QueuedEngine, pair: tuple[str, str]) -> None:
        super().__init__(inner.model, inner.source, inner.target, inner.settings)
        self._engine = engine
        self._pair = pair

    def translate_units(self, units: Sequence[Unit], options: TranslationOptions | None = None) -> list[str]:
        return self._engine.translate_units(self._pair, units, options or TranslationOptions())


async def run_in_thread(svc: Service, work: Any, *args: Any) -> Any:
    """`work(queued_engine, *args)` in a thread within the request timeout; on timeout its queued
    units are dropped and the thread is told to stop at its next model call."""
    from service.deps import within_timeout

    loop = asyncio.get_running_loop()
    engine = QueuedEngine(svc, loop)
    call = functools.partial(contextvars.copy_context().run, work, engine, *args)  # keeps the request id
    try:
        return await within_timeout(svc, loop.run_in_executor(svc.work_pool, call))
    finally:
        engine.cancel()
