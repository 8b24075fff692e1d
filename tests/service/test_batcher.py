"""The batcher on its own, with a stand-in translator: budgets, option groups, cancellation, 429."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from types import SimpleNamespace
from typing import Any

import pytest

from models.translate import TranslationOptions, Unit
from service.batcher import ModelQueue
from service.errors import QueueFullError
from service.metrics import Metrics


class FakeTranslator:
    """Upper-cases units; records each call's (rows, beam, longest)."""

    def __init__(
        self, batch_tokens: int = 64, max_batch_size: int = 4, hold: threading.Event | None = None
    ) -> None:
        self.settings = SimpleNamespace(batch_tokens=batch_tokens, max_batch_size=max_batch_size)
        self.calls: list[tuple[int, int | None, int]] = []
        self.threads: set[str] = set()
        self.hold = hold
        self.entered = threading.Event()

    def translate_units(self, units: list[Unit], options: TranslationOptions | None = None) -> list[str]:
        self.entered.set()
        if self.hold is not None:
            self.hold.wait(10)
        self.threads.add(threading.current_thread().name)
        self.calls.append(
            (len(units), options.beam_size if options else None, max(len(u.tokens) for u in units))
        )
        return [unit.text.upper() for unit in units]


def unit(text: str, tokens: int = 10) -> Unit:
    return Unit(text, ("▁x",) * tokens)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def make_queue(translator: Any, **kwargs: Any) -> ModelQueue:
    options = {"queue_size": 100, "max_wait_s": 0.02, "metrics": Metrics()} | kwargs
    return ModelQueue("en-ar", translator, **options)


def test_budget_and_option_groups() -> None:
    fake = FakeTranslator(batch_tokens=64, max_batch_size=4)

    async def main() -> list[list[str]]:
        queue = make_queue(fake, max_wait_s=0.05)
        queue.start()
        greedy = TranslationOptions(beam_size=1)
        wide = TranslationOptions(beam_size=2)
        jobs = [
            queue.translate([unit(f"a{i}") for i in range(5)], greedy, 1),
            queue.translate([unit(f"b{i}") for i in range(5)], wide, 2),
            queue.translate([unit("long", 40), unit("c")], greedy, 3),
        ]
        out = await asyncio.gather(*jobs)
        await queue.stop()
        return out

    out = run(main())
    assert out[0] == [f"A{i}" for i in range(5)] and out[1] == [f"B{i}" for i in range(5)]
    assert out[2] == ["LONG", "C"]
    assert sum(rows for rows, _, _ in fake.calls) == 12
    for rows, _, longest in fake.calls:
        assert rows <= 4 and (rows == 1 or rows * longest <= 64)
    # Each call had one beam size; both sizes were used.
    assert {beam for _, beam, _ in fake.calls} == {1, 2}
    assert len(fake.threads) == 1 and next(iter(fake.threads)).startswith("tarjama-infer-en-ar")


def test_units_from_many_requests_share_a_call() -> None:
    fake = FakeTranslator(batch_tokens=4096, max_batch_size=64)

    async def main() -> None:
        queue = make_queue(fake, max_wait_s=0.2)
        queue.start()
        await asyncio.gather(*(queue.translate([unit(f"r{i}")], TranslationOptions(), i) for i in range(10)))
        await queue.stop()

    run(main())
    assert fake.calls and len(fake.calls) < 10
    assert sum(rows for rows, _, _ in fake.calls) == 10


def test_cancelled_units_leave_the_queue_and_are_skipped() -> None:
    hold = threading.Event()
    fake = FakeTranslator(hold=hold)

    async def main() -> tuple[int, int, list[str]]:
        queue = make_queue(fake, max_wait_s=0)
        queue.start()
        first = asyncio.ensure_future(queue.translate([unit("first")], TranslationOptions(), 1))
        await asyncio.to_thread(fake.entered.wait, 10)  # "first" is in the held model call
        doomed = asyncio.ensure_future(queue.translate([unit("x1"), unit("x2")], TranslationOptions(), 2))
        await asyncio.sleep(0.01)
        depth_before = queue.depth
        doomed.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await doomed
        depth_after = queue.depth
        hold.set()
        result = await first
        later = await queue.translate([unit("later")], TranslationOptions(), 3)
        await queue.stop()
        return depth_before, depth_after, result + later

    before, after, outputs = run(main())
    assert (before, after) == (2, 0)
    assert outputs == ["FIRST", "LATER"]
    translated = sum(rows for rows, _, _ in fake.calls)
    assert translated == 2  # x1 and x2 never reached the model


def test_full_queue_refuses_with_retry_after() -> None:
    hold = threading.Event()
    fake = FakeTranslator(hold=hold)

    async def main() -> QueueFullError:
        queue = make_queue(fake, queue_size=3, max_wait_s=0)
        queue.start()
        running = asyncio.ensure_future(queue.translate([unit("a")], TranslationOptions(), 1))
        await asyncio.to_thread(fake.entered.wait, 10)  # "a" is in the held model call; the queue is empty
        waiting = asyncio.ensure_future(queue.translate([unit("b"), unit("c")], TranslationOptions(), 2))
        await asyncio.sleep(0.01)
        with pytest.raises(QueueFullError) as refused:
            queue.submit([unit("d"), unit("e")], TranslationOptions(), 3)
        fits = asyncio.ensure_future(queue.translate([unit("f")], TranslationOptions(), 4))
        await asyncio.sleep(0.01)
        hold.set()
        assert await asyncio.gather(running, waiting, fits) == [["A"], ["B", "C"], ["F"]]
        # A request bigger than the whole queue is still taken when nothing waits.
        assert len(await queue.translate([unit(str(i)) for i in range(5)], TranslationOptions(), 5)) == 5
        await queue.stop()
        return refused.value

    error = run(main())
    assert error.status == 429 and error.code == "queue_full"
    assert 1 <= int(error.headers["Retry-After"]) <= 60


def test_model_errors_reach_every_waiting_request() -> None:
    class Broken(FakeTranslator):
        def translate_units(self, units: list[Unit], options: TranslationOptions | None = None) -> list[str]:
            raise RuntimeError("boom")

    async def main() -> list[Any]:
        queue = make_queue(Broken(), max_wait_s=0.05)
        queue.start()
        results = await asyncio.gather(
            queue.translate([unit("a")], TranslationOptions(), 1),
            queue.translate([unit("b")], TranslationOptions(), 2),
            return_exceptions=True,
        )
        ok = queue.depth == 0
        await queue.stop()
        return [*results, ok]

    first, second, drained = run(main())
    assert (
        getattr(first, "code", None) == "inference_failed"
        and getattr(second, "code", None) == "inference_failed"
    )
    assert "boom" not in str(getattr(first, "message", ""))
    assert drained


def test_cancelled_futures_never_spin_the_worker() -> None:
    """Units whose futures were cancelled before their request cleaned up are dropped at once."""
    fake = FakeTranslator()

    async def main() -> tuple[list[str], int]:
        queue = make_queue(fake, max_wait_s=0)
        for item in queue.submit([unit("a"), unit("b")], TranslationOptions(), 1):
            item.future.cancel()  # and nobody calls discard
        queue.start()
        out = await asyncio.wait_for(queue.translate([unit("c")], TranslationOptions(), 2), 5)
        depth = queue.depth
        await queue.stop()
        return out, depth

    out, depth = run(main())
    assert out == ["C"] and depth == 0
    assert [rows for rows, _, _ in fake.calls] == [1]
