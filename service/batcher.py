"""The service's side of cross-request batching: the core scheduler (`models.scheduler`) on the
event loop, its overload mapped to 429 and its events to Prometheus metrics.

The bounded queues, batch forming and inference threads are the core's. Here: one planning thread
per pair (tokenising off the event loop), awaiting the queue's futures, and `MetricsObserver`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from models.engine import Engine
from models.errors import OverloadedError, ShuttingDownError
from models.languages import PAIRS
from models.scheduler import BatchReport, ModelQueue, Scheduler, Ticket
from models.translate import DocumentPlan, TranslationOptions, Translator, Unit
from service.errors import QueueFullError, UnavailableError
from service.metrics import Metrics

log = logging.getLogger("service.batcher")


class MetricsObserver:
    """The scheduler's events as the service's Prometheus metrics (`model` = the queue's name)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def depth(self, model: str, depth: int) -> None:
        self.metrics.queue_depth.labels(model).set(depth)

    def rejected(self, model: str) -> None:
        self.metrics.rejected.labels(model).inc()

    def batch(self, report: BatchReport) -> None:
        m, name = self.metrics, report.model
        m.model_calls.labels(name).inc()
        m.batch_size.labels(name).observe(report.rows)
        m.batch_requests.labels(name).observe(report.requests)
        m.units.labels(name).inc(report.rows)
        m.source_tokens.labels(name).inc(report.source_tokens)
        m.generated_tokens.labels(name).inc(report.generated_tokens)
        m.inference_seconds.labels(name).inc(report.seconds)
        if report.seconds > 0:
            m.tokens_per_second.labels(name).set(report.generated_tokens / report.seconds)


async def wait_for(
    queue: ModelQueue[Any, Any], payloads: Sequence[Any], sizes: Sequence[int], group: Any, ticket: Ticket
) -> list[Any]:
    """Submit to a core queue and await the outputs; on cancellation the waiting items leave it.

    Raises:
        QueueFullError: 429, the queue is full.
    """
    try:
        items = queue.submit(payloads, sizes, group, ticket)
    except OverloadedError as exc:
        raise QueueFullError(exc.retry_after) from None
    except ShuttingDownError:
        raise UnavailableError("the service is shutting down") from None
    try:
        return list(await asyncio.gather(*(asyncio.wrap_future(item.future) for item in items)))
    finally:
        queue.discard(items)


class PairQueue:
    """One translation pair: the core queue, its translator, and a planning thread."""

    def __init__(self, queue: ModelQueue[Unit, str], translator: Translator) -> None:
        self.queue = queue
        self.translator = translator
        self.name = queue.name
        self._planning = ThreadPoolExecutor(1, thread_name_prefix=f"tarjama-plan-{queue.name}")

    @property
    def depth(self) -> int:
        """Units waiting (not yet taken into a model call)."""
        return self.queue.depth

    async def plan(
        self, texts: Sequence[str], options: TranslationOptions | None = None
    ) -> list[DocumentPlan]:
        """Plan documents in this pair's planning thread (tokenising is CPU work); the options'
        terminology masks terms and spans and looks up approved memory."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._planning, self.translator.plan_many, list(texts), options)

    async def translate(
        self, units: Sequence[Unit], options: TranslationOptions, ticket: Ticket
    ) -> list[str]:
        """Queue units and wait for their outputs (429 when the queue is full).

        Units are grouped by decoding options only: terminology shaped the plan, not decoding, so
        requests with different glossaries still share model calls.
        """
        decoding = dataclasses.replace(options, terminology=None)
        return await wait_for(self.queue, units, [len(u.tokens) for u in units], decoding, ticket)

    def close(self) -> None:
        self._planning.shutdown(wait=False, cancel_futures=True)


class Batcher:
    """The scheduler of one app, started with the app (translation models load then) or on first use."""

    def __init__(
        self,
        engine: Engine,
        *,
        queue_size: int,
        max_wait_s: float,
        metrics: Metrics,
        max_queued_tokens: int = 0,
    ) -> None:
        self.engine = engine
        self.metrics = metrics
        self.scheduler = Scheduler(
            engine,
            queue_size=queue_size,
            max_wait_s=max_wait_s,
            observer=MetricsObserver(metrics),
            max_queued_tokens=max_queued_tokens,
        )
        self._pairs: dict[tuple[str, str], PairQueue] = {}
        self.started = False
        self.preload = True

    async def start(self, preload: bool = True) -> None:
        self.started = True
        self.preload = preload
        if preload:
            for source, target in PAIRS:
                await self.queue(source, target)

    async def queue(self, source: str, target: str) -> PairQueue:
        """The queue of a pair, loading its model (in a thread) the first time."""
        key = (source, target)
        found = self._pairs.get(key)
        if found is not None:
            return found
        if not self.started:
            raise UnavailableError("the service is starting or stopping; retry shortly")
        # Loading runs in a thread; the engine's per-model load keeps concurrent first calls to one load.
        core = await asyncio.to_thread(self.scheduler.translation_queue, source, target)
        translator = await asyncio.to_thread(self.engine.translator, source, target)
        pair = self._pairs.get(key)
        if pair is None:
            pair = self._pairs[key] = PairQueue(core, translator)
        self.metrics.models_loaded.set(len(self.engine.loaded()))
        return pair

    def queues(self) -> dict[str, ModelQueue[Any, Any]]:
        """Every core queue (translation pairs and summary models), by name."""
        return self.scheduler.queues()

    def ready(self) -> bool:
        """Started, with the translation models loaded (when they load at startup)."""
        return self.started and (not self.preload or all(pair in self._pairs for pair in PAIRS))

    async def stop(self) -> None:
        self.started = False
        for pair in self._pairs.values():
            pair.close()
        self._pairs.clear()
        await asyncio.to_thread(self.scheduler.close)
