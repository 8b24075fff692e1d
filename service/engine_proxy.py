"""Work that runs in a thread (summaries, briefings) whose translations still go through the
service's batcher and translation memory.

`QueuedWork.engine` is a view of the service's engine (`Engine.view`): same loaded models, but its
translators hand their units to the event loop's queue and wait for them, so a briefing's
paragraphs share model calls with every other request. `cancel()` (on a timeout) drops the units
it queued and makes its next model call fail fast.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import dataclasses
import functools
import threading
from collections.abc import Sequence
from typing import Any

from models.engine import Engine
from models.terminology.terms import Terminology
from models.translate import TranslationOptions, Translator, Unit
from service.batcher import new_tag
from service.errors import ServiceError
from service.state import Service


class _Cancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__(504, "timeout", "the request was stopped")


class QueuedWork:
    """The model calls of one piece of threaded work, routed through the batcher.

    `engine` is a view of the service's engine (same loaded models) whose translators queue their
    units on the event loop and wait for them. Use `engine` from a worker thread only.
    """

    def __init__(self, svc: Service, loop: asyncio.AbstractEventLoop) -> None:
        self._svc = svc
        self._loop = loop
        self._tag = new_tag()
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._guard = threading.Lock()
        self._cancelled = False
        self.engine: Engine = svc.engine.view(lambda translator: _QueuedTranslator(translator, self))

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


class _QueuedTranslator(Translator):
    def __init__(self, inner: Translator, work: QueuedWork) -> None:
        super().__init__(inner.model, inner.source, inner.target, inner.settings)
        self._work = work

    def translate_units(self, units: Sequence[Unit], options: TranslationOptions | None = None) -> list[str]:
        return self._work.translate_units((self.source, self.target), units, options or TranslationOptions())

    def terminology(self, options: TranslationOptions | None = None) -> Terminology:
        # Briefings and summaries honour the editor-approved memory too.
        terms = super().terminology(options)
        store = self._work._svc.terminology
        return dataclasses.replace(terms, memory=store) if terms.memory is None and store else terms


async def run_in_thread(svc: Service, work: Any, *args: Any) -> Any:
    """`work(queued_engine, *args)` in a thread within the request timeout; on timeout its queued
    units are dropped and the thread is told to stop at its next model call."""
    from service.deps import within_timeout

    loop = asyncio.get_running_loop()
    queued = QueuedWork(svc, loop)
    # Run in a copy of this context, so log lines from the thread carry the request id.
    call = functools.partial(contextvars.copy_context().run, work, queued.engine, *args)
    try:
        return await within_timeout(svc, loop.run_in_executor(svc.work_pool, call))
    finally:
        queued.cancel()
