"""Cross-request batching: one bounded queue and one inference thread per translation model.

Requests are planned into units (`Translator.plan_many`, in a planning thread), their units queued
here, and a worker task takes whatever units are waiting, from any request, into one model call
within the token budget (`Settings.batch_tokens` of padded source tokens, `max_batch_size` rows),
waiting at most `max_batch_wait_ms` for more. Units with different decoding options never share a
call. Model calls run in the queue's own single thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from models.engine import PAIRS, Engine
from models.errors import TarjamaError
from models.translate import DocumentPlan, TranslationOptions, Translator, Unit
from service.errors import QueueFullError, ServiceError, UnavailableError
from service.metrics import Metrics

log = logging.getLogger("service.batcher")

_tags = itertools.count(1)


def new_tag() -> int:
    """A number that tells one request's units from another's (for the requests-per-call metric)."""
    return next(_tags)


class InferenceError(ServiceError):
    def __init__(self) -> None:
        super().__init__(500, "inference_failed", "the model call failed; the server log has the details")


@dataclass(eq=False)
class _Item:
    unit: Unit
    options: TranslationOptions
    future: asyncio.Future[str]
    tag: int
    queued: bool = field(default=True)

    @property
    def size(self) -> int:
        return max(len(self.unit.tokens), 1)


class ModelQueue:
    """The queue, worker and threads of one translation model (one pair).

    queue_size: most units waiting; a request that would go beyond it while others wait gets 429
    (a request alone in an empty queue is always taken, however many units it has).
    """

    def __init__(
        self,
        name: str,
        translator: Translator,
        *,
        queue_size: int,
        max_wait_s: float,
        metrics: Metrics,
    ) -> None:
        self.name = name
        self.translator = translator
        self.queue_size = queue_size
        self.max_wait_s = max_wait_s
        self.batch_tokens = translator.settings.batch_tokens
        self.max_batch_size = translator.settings.max_batch_size
        self.metrics = metrics
        self._items: deque[_Item] = deque()
        self._live = 0
        self._live_tokens = 0
        self._units_per_s = 0.0
        self._arrived: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._inference = ThreadPoolExecutor(1, thread_name_prefix=f"tarjama-infer-{name}")
        self._planning = ThreadPoolExecutor(1, thread_name_prefix=f"tarjama-plan-{name}")

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        self._arrived = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=f"tarjama-batcher-{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for item in self._items:
            if not item.future.done():
                item.future.set_exception(UnavailableError("the service is shutting down"))
                item.future.exception()  # retrieved: no "never retrieved" warning if nobody awaits it
        self._items.clear()
        self._live = self._live_tokens = 0
        self._inference.shutdown(wait=False, cancel_futures=True)
        self._planning.shutdown(wait=False, cancel_futures=True)

    @property
    def depth(self) -> int:
        """Units waiting (not yet taken into a model call)."""
        return self._live

    def retry_after(self) -> int:
        """Seconds a refused client should wait: the queue's drain time at the recent rate (1..60)."""
        if self._units_per_s <= 0:
            return 1
        return max(1, min(60, math.ceil(self._live / self._units_per_s)))

    # -- requests ----------------------------------------------------------------------------------
    async def plan(self, texts: Sequence[str]) -> list[DocumentPlan]:
        """Plan documents in this model's planning thread (tokenising is CPU work)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._planning, self.translator.plan_many, list(texts))

    def submit(self, units: Sequence[Unit], options: TranslationOptions, tag: int) -> list[_Item]:
        """Queue units; QueueFullError (429) when they do not fit behind those already waiting."""
        if not units:
            return []
        if self._live and self._live + len(units) > self.queue_size:
            self.metrics.rejected.labels(self.name).inc()
            raise QueueFullError(self.retry_after())
        loop = asyncio.get_running_loop()
        items = [_Item(unit, options, loop.create_future(), tag) for unit in units]
        self._items.extend(items)
        self._live += len(items)
        self._live_tokens += sum(item.size for item in items)
        self._changed()
        return items

    def discard(self, items: Sequence[_Item]) -> None:
        """Take a request's waiting units out of the queue (timeout, disconnect, error)."""
        for item in items:
            if item.queued:
                self._forget(item)
            if not item.future.done():
                item.future.cancel()
            elif not item.future.cancelled():
                item.future.exception()  # mark retrieved
        self.metrics.queue_depth.labels(self.name).set(self._live)

    async def translate(self, units: Sequence[Unit], options: TranslationOptions, tag: int) -> list[str]:
        """Queue units and wait for their outputs; on cancellation their waiting units leave the queue."""
        items = self.submit(units, options, tag)
        try:
            return list(await asyncio.gather(*(item.future for item in items)))
        finally:
            self.discard(items)

    # -- worker ------------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.metrics.queue_depth.labels(self.name).set(self._live)
        if self._arrived is not None:
            self._arrived.set()

    def _full(self) -> bool:
        return self._live >= self.max_batch_size or self._live_tokens >= self.batch_tokens

    async def _wait_for_more(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait_s
        assert self._arrived is not None
        while not self._full():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except asyncio.TimeoutError:
                return

    def _take(self) -> list[_Item]:
        """The oldest waiting unit and every later one with the same options that fits the budget."""
        batch: list[_Item] = []
        rest: deque[_Item] = deque()
        longest = 0
        options: TranslationOptions | None = None
        while self._items:
            item = self._items.popleft()
            if not item.queued:
                continue
            if item.future.done():  # cancelled, its request not yet told the queue: drop it now
                self._forget(item)
                continue
            if options is None:
                options = item.options
            width = max(longest, item.size)
            fits = not batch or (
                width * (len(batch) + 1) <= self.batch_tokens and len(batch) < self.max_batch_size
            )
            if item.options == options and fits:
                batch.append(item)
                longest = width
                if len(batch) >= self.max_batch_size:
                    break
            else:
                rest.append(item)
        rest.extend(self._items)
        self._items = rest
        for item in batch:
            self._forget(item)
        self.metrics.queue_depth.labels(self.name).set(self._live)
        return batch

    def _forget(self, item: _Item) -> None:
        item.queued = False
        self._live -= 1
        self._live_tokens -= item.size

    def _infer(self, units: list[Unit], options: TranslationOptions) -> tuple[list[str], float, int]:
        start = time.perf_counter()
        outputs = self.translator.translate_units(units, options)
        elapsed = time.perf_counter() - start
        count = getattr(getattr(self.translator, "model", None), "count_tokens", None)
        generated = sum(count(text) for text in outputs) if callable(count) else 0
        return list(outputs), elapsed, generated

    async def _run(self) -> None:
        assert self._arrived is not None
        loop = asyncio.get_running_loop()
        while True:
            if not self._live:
                self._arrived.clear()
                await self._arrived.wait()
                continue
            if self.max_wait_s > 0 and not self._full():
                await self._wait_for_more()
            batch = self._take()
            if not batch:
                await asyncio.sleep(0)  # only dropped units were waiting; let their requests finish
                continue
            units = [item.unit for item in batch]
            try:
                outputs, elapsed, generated = await loop.run_in_executor(
                    self._inference, self._infer, units, batch[0].options
                )
            except asyncio.CancelledError:
                for item in batch:
                    if not item.future.done():
                        item.future.cancel()
                raise
            except Exception as exc:
                log.error("model call of %s failed on %d units", self.name, len(units), exc_info=exc)
                # Domain errors carry messages meant for people; anything else stays in the log.
                error = exc if isinstance(exc, (ServiceError, TarjamaError)) else InferenceError()
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(error)
                continue
            self._record(batch, elapsed, generated)
            for item, text in zip(batch, outputs, strict=True):
                if not item.future.done():
                    item.future.set_result(text)

    def _record(self, batch: list[_Item], elapsed: float, generated: int) -> None:
        m, name = self.metrics, self.name
        m.model_calls.labels(name).inc()
        m.batch_size.labels(name).observe(len(batch))
        m.batch_requests.labels(name).observe(len({item.tag for item in batch}))
        m.units.labels(name).inc(len(batch))
        m.source_tokens.labels(name).inc(sum(len(item.unit.tokens) for item in batch))
        m.generated_tokens.labels(name).inc(generated)
        m.inference_seconds.labels(name).inc(elapsed)
        if elapsed > 0:
            m.tokens_per_second.labels(name).set(generated / elapsed)
            rate = len(batch) / elapsed
            self._units_per_s = rate if self._units_per_s == 0 else 0.8 * self._units_per_s + 0.2 * rate


class Batcher:
    """The model queues of one app, created at startup (translation models load then) or on first use."""

    def __init__(self, engine: Engine, *, queue_size: int, max_wait_s: float, metrics: Metrics) -> None:
        self.engine = engine
        self.queue_size = queue_size
        self.max_wait_s = max_wait_s
        self.metrics = metrics
        self._queues: dict[tuple[str, str], ModelQueue] = {}
        self._lock: asyncio.Lock | None = None
        self.started = False
        self.preload = True

    async def start(self, preload: bool = True) -> None:
        self._lock = asyncio.Lock()
        self.started = True
        self.preload = preload
        if preload:
            for source, target in PAIRS:
                await self.queue(source, target)

    async def queue(self, source: str, target: str) -> ModelQueue:
        """The queue of a pair, loading its model (in a thread) the first time."""
        key = (source, target)
        if key in self._queues:
            return self._queues[key]
        if self._lock is None or not self.started:
            raise UnavailableError("the service is starting or stopping; retry shortly")
        async with self._lock:
            if key not in self._queues:
                translator = await asyncio.to_thread(self.engine.translator, source, target)
                queue = ModelQueue(
                    f"{source}-{target}",
                    translator,
                    queue_size=self.queue_size,
                    max_wait_s=self.max_wait_s,
                    metrics=self.metrics,
                )
                queue.start()
                self._queues[key] = queue
                self.metrics.models_loaded.set(len(self.engine.loaded()))
        return self._queues[key]

    def queues(self) -> dict[tuple[str, str], ModelQueue]:
        return dict(self._queues)

    def ready(self) -> bool:
        """Started, with the translation models loaded (when they load at startup)."""
        return self.started and (not self.preload or all(pair in self._queues for pair in PAIRS))

    async def stop(self) -> None:
        self.started = False
        for queue in self._queues.values():
            await queue.stop()
        self._queues.clear()
