"""Cross-request batching: a bounded queue and inference threads per model.

Callers (the service's requests, summaries and briefings in worker threads, document jobs) submit
items to a model's `ModelQueue` under a `Ticket`; each of the queue's workers (one per replica of
the model's engine) takes whatever is waiting, from any ticket, into one model call as soon as it
is free, so replicas never wait for each other: items of the same group (decoding options) only, the highest
priority and oldest item first, then the waiting items closest to it in length, within the token
budget (`batch_tokens` of padded source tokens, `max_batch_size` rows), waiting at most `max_wait_s`
for more to arrive. Admission bounds what is held: past `max_queued_tokens` waiting tokens a
submission waits in line (FIFO, not yet visible to the workers) until the queue drains. A full queue
(`queue_size` items queued or in line) refuses with `OverloadedError` (the service answers 429); a
ticket's `cancel()` takes its waiting items out (the service does it on a timeout), so they never
reach the model. What happens is reported to a `SchedulerObserver` passed in (the service's
Prometheus metrics); the core itself keeps no metrics.

`Scheduler` holds the queues of one engine: one per translation pair and one per summary model,
created (and their model loaded) on first use.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import enum
import itertools
import logging
import math
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from queue import Empty, SimpleQueue
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from models.batching import generate_rows
from models.contract import SummaryRow
from models.errors import (
    CancelledWorkError,
    InferenceError,
    OverloadedError,
    ShuttingDownError,
    TarjamaError,
)

if TYPE_CHECKING:
    from models.engine import Engine
    from models.translate import Unit

log = logging.getLogger(__name__)

P = TypeVar("P")
R = TypeVar("R")


class Priority(enum.IntEnum):
    """Who waits: interactive requests are taken before background (job) work of the same model."""

    INTERACTIVE = 0
    BACKGROUND = 1


@dataclass(frozen=True)
class BatchReport:
    """One model call, for the observer.

    model: the queue's name ("ar-en", "summary-en"). rows: items in the call. requests: distinct
    tickets among them. source_tokens / generated_tokens: tokens in and out (generated is 0 when
    the queue has no token counter). seconds: time in the model call.
    """

    model: str
    rows: int
    requests: int
    source_tokens: int
    generated_tokens: int
    seconds: float


class SchedulerObserver(Protocol):
    """Receives what the queues do (the service turns it into Prometheus metrics)."""

    def depth(self, model: str, depth: int) -> None:
        """Items waiting in `model`'s queue changed to `depth`."""

    def batch(self, report: BatchReport) -> None:
        """A model call finished."""

    def rejected(self, model: str) -> None:
        """A submission was refused (`OverloadedError`)."""


class NullObserver:
    """An observer that ignores everything (the default)."""

    def depth(self, model: str, depth: int) -> None:
        return None

    def batch(self, report: BatchReport) -> None:
        return None

    def rejected(self, model: str) -> None:
        return None


_ticket_ids = itertools.count(1)


class Ticket:
    """One request's (or job's) claim on the queues: its priority, and cancellation of its items.

    Args:
        priority: `Priority.INTERACTIVE` (requests) or `Priority.BACKGROUND` (jobs), taken after.
    """

    def __init__(self, priority: Priority = Priority.INTERACTIVE) -> None:
        self.id = next(_ticket_ids)
        self.priority = priority
        self._items: list[tuple[ModelQueue[Any, Any], Item[Any, Any]]] = []
        self._guard = threading.Lock()
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _attach(self, queue: ModelQueue[Any, Any], items: Sequence[Item[Any, Any]]) -> None:
        with self._guard:
            if self._cancelled:
                raise CancelledWorkError()
            self._items = [(q, i) for q, i in self._items if not i.future.done()]
            self._items.extend((queue, item) for item in items)

    def cancel(self) -> None:
        """Take this ticket's waiting items out of their queues; later submissions raise
        `CancelledWorkError`. Items already in a model call finish, their outputs unused."""
        with self._guard:
            self._cancelled = True
            items, self._items = self._items, []
        by_queue: dict[int, tuple[ModelQueue[Any, Any], list[Item[Any, Any]]]] = {}
        for queue, item in items:
            by_queue.setdefault(id(queue), (queue, []))[1].append(item)
        for queue, group in by_queue.values():
            queue.discard(group)


@dataclass(eq=False)
class Item(Generic[P, R]):
    """One submitted piece of work waiting for its model call."""

    payload: P
    size: int
    group: Hashable
    ticket: Ticket
    future: concurrent.futures.Future[R] = field(default_factory=concurrent.futures.Future)
    seq: int = 0
    queued: bool = True
    admitted: bool = True  # False while in the admission line


class ModelQueue(Generic[P, R]):
    """The bounded queue and inference threads of one model.

    Args:
        name: the model's label ("ar-en", "summary-en"); the threads are `tarjama-infer-<name>`
            (with `-<n>` from the second on).
        handler: one model call: `handler(payloads, group) -> outputs`, one output per payload, in
            order. It runs in one of the queue's threads, `workers` of them at once at most.
        batch_tokens / max_batch_size: the budget of one call (rows x longest size; rows).
        queue_size: most items not yet taken (queued or in the admission line); a submission beyond
            it while others wait raises `OverloadedError` (a submission into an empty queue is
            always taken, however large).
        max_wait_s: how long a worker waits for more items before a call that is not full.
        observer: receives depth changes, model calls and refusals.
        count_tokens: counts an output's tokens for `BatchReport.generated_tokens` (optional).
        workers: model calls in flight at once (the engine's replicas); each worker takes its own
            batch when free.
        max_queued_tokens: admission bound on tokens queued for the workers (0: none); a submission
            that would pass it waits in line until earlier work is taken (one into an empty queue
            is always admitted).
    """

    def __init__(
        self,
        name: str,
        handler: Callable[[list[P], Hashable], Sequence[R]],
        *,
        batch_tokens: int,
        max_batch_size: int,
        queue_size: int,
        max_wait_s: float,
        observer: SchedulerObserver | None = None,
        count_tokens: Callable[[R], int] | None = None,
        workers: int = 1,
        max_queued_tokens: int = 0,
    ) -> None:
        self.name = name
        self.workers = max(1, int(workers))
        self.max_queued_tokens = max(0, int(max_queued_tokens))
        self.handler = handler
        self.batch_tokens = batch_tokens
        self.max_batch_size = max_batch_size
        self.queue_size = queue_size
        self.max_wait_s = max_wait_s
        self.observer: SchedulerObserver = observer or NullObserver()
        self.count_tokens = count_tokens
        self._items: list[Item[P, R]] = []
        self._live = 0
        self._live_tokens = 0
        self._line: collections.deque[list[Item[P, R]]] = collections.deque()
        self._line_items = 0
        self._in_flight = 0
        self._seq = itertools.count()
        self._units_per_s = 0.0
        self._cond = threading.Condition()
        self._stopped = False
        self._threads: list[threading.Thread] = []

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the inference threads (idempotent)."""
        with self._cond:
            if self._threads or self._stopped:
                return
            for number in range(self.workers):
                suffix = f"-{number + 1}" if number else ""
                thread = threading.Thread(
                    target=self._run, name=f"tarjama-infer-{self.name}{suffix}", daemon=True
                )
                self._threads.append(thread)
                thread.start()

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop the threads; waiting items (queued or in line) fail with `ShuttingDownError`."""
        with self._cond:
            self._stopped = True
            items, self._items = self._items, []
            items.extend(item for group in self._line for item in group)
            self._line.clear()
            self._live = self._live_tokens = self._line_items = 0
            self._cond.notify_all()
            threads = list(self._threads)
        for item in items:
            if item.future.set_running_or_notify_cancel():
                item.future.set_exception(ShuttingDownError())
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    @property
    def depth(self) -> int:
        """Items waiting (not yet taken into a model call): queued or in the admission line."""
        return self._live + self._line_items

    @property
    def queued_tokens(self) -> int:
        """Tokens admitted and waiting for a worker (at most `max_queued_tokens`, beyond one item)."""
        return self._live_tokens

    @property
    def in_flight(self) -> int:
        """Model calls running now (at most `workers`)."""
        return self._in_flight

    def retry_after(self) -> int:
        """Seconds a refused caller should wait: the queue's drain time at the recent rate (1..60)."""
        if self._units_per_s <= 0:
            return 1
        return max(1, min(60, math.ceil(self.depth / self._units_per_s)))

    # -- submitting --------------------------------------------------------------------------------
    def submit(
        self, payloads: Sequence[P], sizes: Sequence[int], group: Hashable, ticket: Ticket
    ) -> list[Item[P, R]]:
        """Queue payloads (one item each) under `ticket`.

        Args:
            payloads: what the handler receives. sizes: each payload's length in tokens.
            group: items of different groups never share a model call (decoding options).
            ticket: whose items these are (priority, cancellation).

        Returns:
            The items; each one's `future` gets its output.

        Items past the admission bound wait in line (their futures resolve all the same).

        Raises:
            OverloadedError: they do not fit behind the items already waiting.
            CancelledWorkError: the ticket was cancelled.
            ShuttingDownError: the queue was stopped.
        """
        if not payloads:
            return []
        if ticket.cancelled:
            raise CancelledWorkError()
        with self._cond:
            if self._stopped:
                raise ShuttingDownError()
            waiting = self.depth
            if waiting and waiting + len(payloads) > self.queue_size:
                retry = self.retry_after()
                self.observer.rejected(self.name)
                raise OverloadedError(self.name, retry)
            items = [
                Item[P, R](payload, max(int(size), 1), group, ticket, seq=next(self._seq))
                for payload, size in zip(payloads, sizes, strict=True)
            ]
            for item in items:
                item.admitted = False
            self._line.append(items)
            self._line_items += len(items)
            self._admit()
            depth = self.depth
            self._cond.notify_all()
        try:
            ticket._attach(self, items)
        except CancelledWorkError:
            self.discard(items)
            raise
        self.observer.depth(self.name, depth)
        self.start()
        return items

    def run(
        self,
        payloads: Sequence[P],
        sizes: Sequence[int],
        group: Hashable,
        ticket: Ticket,
        on_done: Callable[[list[int], list[R]], None] | None = None,
    ) -> list[R]:
        """Submit and wait for the outputs (from a thread other than this queue's).

        on_done: called in this thread with (indices into `payloads`, their outputs) as model
            calls come back, before the rest are done (a job's checkpoint writes them then, so
            a crash loses only the calls in flight); every payload is passed once.

        Raises what `submit` raises, the model call's error, or `CancelledWorkError` when the
        ticket is cancelled while waiting.
        """
        items = self.submit(payloads, sizes, group, ticket)
        try:
            if on_done is not None:
                self._report_as_done(items, on_done)
            return [item.future.result() for item in items]
        except concurrent.futures.CancelledError:
            raise CancelledWorkError() from None
        finally:
            self.discard(items)

    @staticmethod
    def _report_as_done(items: Sequence[Item[P, R]], on_done: Callable[[list[int], list[R]], None]) -> None:
        """Wait for every item, passing each group that resolved together to `on_done`."""
        ready: SimpleQueue[int] = SimpleQueue()

        def tell(index: int) -> Callable[[object], None]:
            return lambda _: ready.put(index)

        for index, item in enumerate(items):
            item.future.add_done_callback(tell(index))
        left = len(items)
        while left:
            indices = [ready.get()]  # the first of a call, then whatever resolved with it
            with contextlib.suppress(Empty):
                while True:
                    indices.append(ready.get_nowait())
            left -= len(indices)
            indices.sort()
            failed = [i for i in indices if items[i].future.cancelled() or items[i].future.exception()]
            good = sorted(set(indices) - set(failed))
            if good:  # what came back is reported even when a call beside it failed
                on_done(good, [items[i].future.result() for i in good])
            for index in failed:
                items[index].future.result()  # raises the call's error (or CancelledError)

    def discard(self, items: Sequence[Item[P, R]]) -> None:
        """Take waiting items out of the queue (timeout, disconnect, error); their futures cancel."""
        with self._cond:
            for item in items:
                if item.queued:
                    self._forget(item)
                item.future.cancel()
            self._items = [item for item in self._items if item.queued]
            self._admit()
            depth = self.depth
        self.observer.depth(self.name, depth)

    # -- worker ------------------------------------------------------------------------------------
    def _forget(self, item: Item[P, R]) -> None:
        item.queued = False
        if item.admitted:
            self._live -= 1
            self._live_tokens -= item.size
        else:
            self._line_items -= 1

    def _admit(self) -> None:
        """Move submissions from the line into the queue, in order, while they fit the bound.
        Called with the lock held."""
        admitted = False
        while self._line:
            group = [item for item in self._line[0] if item.queued]
            for item in group:
                if item.future.cancelled():
                    self._forget(item)
            group = [item for item in group if item.queued]
            tokens = sum(item.size for item in group)
            bound = self.max_queued_tokens
            if group and bound and self._live and self._live_tokens + tokens > bound:
                self._line[0] = group
                break
            self._line.popleft()
            for item in group:
                item.admitted = True
            self._items.extend(group)
            self._line_items -= len(group)
            self._live += len(group)
            self._live_tokens += tokens
            admitted = admitted or bool(group)
        if admitted:
            self._cond.notify_all()

    def _full(self) -> bool:
        return self._live >= self.max_batch_size or self._live_tokens >= self.batch_tokens

    def _take(self) -> list[Item[P, R]]:
        """The first waiting item (by priority, then age) and the same-group items closest to it
        in length that fit the budget. Called with the lock held."""
        live: list[Item[P, R]] = []
        for item in self._items:
            if not item.queued:
                continue
            if item.future.cancelled():  # cancelled, its caller not yet told the queue: drop it now
                self._forget(item)
                continue
            live.append(item)
        if not live:
            self._items = []
            return []
        head = min(live, key=lambda i: (i.ticket.priority, i.seq))
        same = [i for i in live if i.group == head.group and i is not head]
        same.sort(key=lambda i: (i.ticket.priority, abs(i.size - head.size), i.seq))
        batch = [head]
        longest = head.size
        for item in same:
            if len(batch) >= self.max_batch_size:
                break
            width = max(longest, item.size)
            if width * (len(batch) + 1) <= self.batch_tokens:
                batch.append(item)
                longest = width
        for item in batch:
            self._forget(item)
        self._items = [item for item in self._items if item.queued]
        self._admit()
        return batch

    def _next_batch(self) -> list[Item[P, R]] | None:
        with self._cond:
            while True:
                if self._stopped:
                    return None
                if not self._live:
                    self._cond.wait()
                    continue
                if self.max_wait_s > 0 and not self._full():
                    deadline = time.monotonic() + self.max_wait_s
                    while not self._full() and not self._stopped:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            break
                        self._cond.wait(remaining)
                    if self._stopped:
                        return None
                batch = self._take()
                depth = self.depth
                if batch:
                    self._in_flight += 1
                    break
        self.observer.depth(self.name, depth)
        return batch

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            try:
                self._call(batch)
            finally:
                with self._cond:
                    self._in_flight -= 1

    def _call(self, batch: list[Item[P, R]]) -> None:
        batch = [item for item in batch if item.future.set_running_or_notify_cancel()]
        if not batch:
            return
        payloads = [item.payload for item in batch]
        started = time.perf_counter()
        try:
            outputs = list(self.handler(payloads, batch[0].group))
            if len(outputs) != len(batch):
                raise RuntimeError(f"handler gave {len(outputs)} outputs for {len(batch)} items")
        except Exception as exc:
            log.error("model call of %s failed on %d items", self.name, len(batch), exc_info=exc)
            # Domain errors carry messages meant for people; anything else stays in the log.
            error = exc if isinstance(exc, TarjamaError) else InferenceError()
            for item in batch:
                item.future.set_exception(error)
            return
        elapsed = time.perf_counter() - started
        for item, output in zip(batch, outputs, strict=True):
            item.future.set_result(output)
        self._record(batch, outputs, elapsed)

    def _record(self, batch: list[Item[P, R]], outputs: list[R], elapsed: float) -> None:
        generated = sum(self.count_tokens(o) for o in outputs) if self.count_tokens else 0
        if elapsed > 0:
            rate = self.workers * len(batch) / elapsed  # the workers drain in parallel
            self._units_per_s = rate if self._units_per_s == 0 else 0.8 * self._units_per_s + 0.2 * rate
        report = BatchReport(
            model=self.name,
            rows=len(batch),
            requests=len({item.ticket.id for item in batch}),
            source_tokens=sum(item.size for item in batch),
            generated_tokens=generated,
            seconds=elapsed,
        )
        try:
            self.observer.batch(report)
        except Exception:  # metrics never break inference
            log.exception("scheduler observer failed")


# -- the queues of one engine ----------------------------------------------------------------------------
class Scheduler:
    """The model queues of one engine: one per translation pair, one per summary model.

    Args:
        engine: loads the models (each on first use, without blocking the others).
        queue_size / max_wait_s: as for `ModelQueue`.
        observer: receives every queue's events (the service's metrics).
        max_queued_tokens: each queue's admission bound (`ModelQueue`); 0 takes two rounds of
            calls (`settings.batch_tokens`), enough to keep every replica fed.

    Each queue gets one worker per replica of its model's engine (`LoadedModel.replicas`), and
    `settings.batch_tokens` is the budget of all the calls in flight together: with N replicas
    each call takes at most 1/N of it. The engine's working memory grows with the hypotheses it
    decodes at once times the target vocabulary; CTranslate2 caps the rows of each engine call by
    `settings.decode_memory_mb` (decoding a larger call in parts), so the memory of the calls in
    flight stays bounded whatever the token budget.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        queue_size: int = 256,
        max_wait_s: float = 0.005,
        observer: SchedulerObserver | None = None,
        max_queued_tokens: int = 0,
    ) -> None:
        self.engine = engine
        self.max_queued_tokens = max_queued_tokens
        self.queue_size = queue_size
        self.max_wait_s = max_wait_s
        self.observer: SchedulerObserver = observer or NullObserver()
        self._queues: dict[str, ModelQueue[Any, Any]] = {}
        self._guard = threading.Lock()
        self._closed = False

    def _admission(self) -> int:
        return self.max_queued_tokens or 2 * self.engine.settings.batch_tokens

    def _call_tokens(self, replicas: int) -> int:
        return max(1, self.engine.settings.batch_tokens // max(1, replicas))

    def _queue(self, name: str, make: Callable[[], ModelQueue[Any, Any]]) -> ModelQueue[Any, Any]:
        with self._guard:
            if self._closed:
                raise ShuttingDownError()
            queue = self._queues.get(name)
            if queue is None:
                queue = self._queues[name] = make()
                queue.start()
            return queue

    def translation_queue(self, source: str, target: str) -> ModelQueue[Unit, str]:
        """The queue of a translation pair; its model loads (in the calling thread) the first time.

        Raises:
            UnsupportedLanguageError: a pair no model serves.
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        name = f"{source}-{target}"
        if name in self._queues:
            return self._queues[name]
        translator = self.engine.translator(source, target)  # loads outside any scheduler lock
        workers = translator.model.replicas

        def handler(units: list[Unit], options: Hashable) -> list[str]:
            return translator.translate_units(units, options)  # type: ignore[arg-type]

        settings = self.engine.settings
        return self._queue(
            name,
            lambda: ModelQueue(
                name,
                handler,
                batch_tokens=self._call_tokens(workers),
                max_batch_size=settings.max_batch_size,
                queue_size=self.queue_size,
                max_wait_s=self.max_wait_s,
                observer=self.observer,
                count_tokens=translator.model.count_tokens,
                workers=workers,
                max_queued_tokens=self._admission(),
            ),
        )

    def summary_queue(self, slot: str) -> ModelQueue[SummaryRow, str]:
        """The queue of a summary model (`summary-en`, `summary-ar`); it loads the first time.

        Items are `SummaryRow`s grouped by their `GenerationOptions` (min_new_tokens aside); each
        call decodes at least the smallest of its rows' `min_new_tokens`.
        """
        if slot in self._queues:
            return self._queues[slot]
        model = self.engine.model(slot)
        workers = model.replicas
        lang = slot.rsplit("-", 1)[-1]

        def handler(rows: list[SummaryRow], options: Any) -> list[str]:
            # The queue formed the batch within the budget already: one model call.
            return generate_rows(model, lang, rows, options, 1 << 30, 1 << 30)

        settings = self.engine.settings
        return self._queue(
            slot,
            lambda: ModelQueue(
                slot,
                handler,
                batch_tokens=self._call_tokens(workers),
                max_batch_size=settings.max_batch_size,
                queue_size=self.queue_size,
                max_wait_s=self.max_wait_s,
                observer=self.observer,
                count_tokens=model.count_tokens,
                workers=workers,
                max_queued_tokens=self._admission(),
            ),
        )

    def queues(self) -> dict[str, ModelQueue[Any, Any]]:
        """The queues made so far, by name."""
        with self._guard:
            return dict(self._queues)

    def close(self) -> None:
        """Stop every queue; waiting items fail with `ShuttingDownError`."""
        with self._guard:
            self._closed = True
            queues, self._queues = list(self._queues.values()), {}
        for queue in queues:
            queue.stop()
