"""The core scheduler on its own, with a stand-in model: budgets, option groups, priority,
cancellation, overload, errors (the service's batcher tests, moved with the scheduler)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from models.errors import CancelledWorkError, OverloadedError
from models.scheduler import BatchReport, ModelQueue, NullObserver, Priority, Ticket
from models.translate import TranslationOptions, Unit


class FakeModel:
    """Upper-cases units; records each call's (rows, beam, longest) and its texts."""

    def __init__(self, hold: threading.Event | None = None) -> None:
        self.calls: list[tuple[int, int | None, int]] = []
        self.texts: list[list[str]] = []
        self.threads: set[str] = set()
        self.hold = hold
        self.entered = threading.Event()

    def __call__(self, units: list[Unit], options: Any) -> list[str]:
        self.entered.set()
        if self.hold is not None:
            self.hold.wait(10)
        self.threads.add(threading.current_thread().name)
        self.calls.append((len(units), options.beam_size, max(len(u.tokens) for u in units)))
        self.texts.append([u.text for u in units])
        return [unit.text.upper() for unit in units]


class Recorder(NullObserver):
    def __init__(self) -> None:
        self.reports: list[BatchReport] = []
        self.refused = 0

    def batch(self, report: BatchReport) -> None:
        self.reports.append(report)

    def rejected(self, model: str) -> None:
        self.refused += 1


def unit(text: str, tokens: int = 10) -> Unit:
    return Unit(text, ("▁x",) * tokens)


def make_queue(model: Any, **kwargs: Any) -> ModelQueue[Unit, str]:
    options = {"batch_tokens": 64, "max_batch_size": 4, "queue_size": 100, "max_wait_s": 0.02} | kwargs
    return ModelQueue("en-ar", model, **options)


def run(
    queue: ModelQueue[Unit, str], units: list[Unit], options: Any, ticket: Ticket | None = None
) -> list[str]:
    return queue.run(units, [len(u.tokens) for u in units], options, ticket or Ticket())


def test_budget_and_option_groups() -> None:
    fake = FakeModel()
    queue = make_queue(fake, max_wait_s=0.05)
    greedy, wide = TranslationOptions(beam_size=1), TranslationOptions(beam_size=2)
    jobs = [
        ([unit(f"a{i}") for i in range(5)], greedy),
        ([unit(f"b{i}") for i in range(5)], wide),
        ([unit("long", 40), unit("c")], greedy),
    ]
    with ThreadPoolExecutor(3) as pool:
        out = list(pool.map(lambda job: run(queue, *job), jobs))
    queue.stop()
    assert out[0] == [f"A{i}" for i in range(5)] and out[1] == [f"B{i}" for i in range(5)]
    assert out[2] == ["LONG", "C"]
    assert sum(rows for rows, _, _ in fake.calls) == 12
    for rows, _, longest in fake.calls:
        assert rows <= 4 and (rows == 1 or rows * longest <= 64)
    assert {beam for _, beam, _ in fake.calls} == {1, 2}
    assert len(fake.threads) == 1 and next(iter(fake.threads)).startswith("tarjama-infer-en-ar")


def test_units_from_many_requests_share_a_call() -> None:
    fake = FakeModel()
    recorder = Recorder()
    queue = make_queue(fake, batch_tokens=4096, max_batch_size=64, max_wait_s=0.2, observer=recorder)
    with ThreadPoolExecutor(10) as pool:
        list(pool.map(lambda i: run(queue, [unit(f"r{i}")], TranslationOptions()), range(10)))
    queue.stop()
    assert fake.calls and len(fake.calls) < 10
    assert sum(rows for rows, _, _ in fake.calls) == 10
    assert max(report.requests for report in recorder.reports) > 1
    assert sum(report.rows for report in recorder.reports) == 10


def test_a_cancelled_tickets_units_leave_the_queue_and_never_reach_the_model() -> None:
    hold = threading.Event()
    fake = FakeModel(hold=hold)
    queue = make_queue(fake, max_wait_s=0)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(run, queue, [unit("first")], TranslationOptions())
        assert fake.entered.wait(10)  # "first" is in the held model call
        doomed = Ticket()
        waiting = pool.submit(run, queue, [unit("x1"), unit("x2")], TranslationOptions(), doomed)
        while queue.depth < 2:
            threading.Event().wait(0.005)
        depth_before = queue.depth
        doomed.cancel()
        depth_after = queue.depth
        hold.set()
        with pytest.raises(CancelledWorkError):
            waiting.result(10)
        result = first.result(10)
    later = run(queue, [unit("later")], TranslationOptions())
    with pytest.raises(CancelledWorkError):  # a cancelled ticket takes no more work
        run(queue, [unit("again")], TranslationOptions(), doomed)
    queue.stop()
    assert (depth_before, depth_after) == (2, 0)
    assert result + later == ["FIRST", "LATER"]
    assert [text for call in fake.texts for text in call] == ["first", "later"]


def test_full_queue_refuses_with_retry_after() -> None:
    hold = threading.Event()
    fake = FakeModel(hold=hold)
    recorder = Recorder()
    queue = make_queue(fake, queue_size=3, max_wait_s=0, observer=recorder)
    with ThreadPoolExecutor(3) as pool:
        running = pool.submit(run, queue, [unit("a")], TranslationOptions())
        assert fake.entered.wait(10)  # "a" is in the held model call; the queue is empty
        waiting = pool.submit(run, queue, [unit("b"), unit("c")], TranslationOptions())
        while queue.depth < 2:
            threading.Event().wait(0.005)
        with pytest.raises(OverloadedError) as refused:
            queue.submit([unit("d"), unit("e")], [10, 10], TranslationOptions(), Ticket())
        fits = pool.submit(run, queue, [unit("f")], TranslationOptions())
        hold.set()
        assert [running.result(10), waiting.result(10), fits.result(10)] == [["A"], ["B", "C"], ["F"]]
    # A request bigger than the whole queue is still taken when nothing waits.
    assert len(run(queue, [unit(str(i)) for i in range(5)], TranslationOptions())) == 5
    queue.stop()
    assert refused.value.code == "overloaded" and 1 <= refused.value.retry_after <= 60
    assert recorder.refused == 1


def test_model_errors_reach_every_waiting_caller_without_details() -> None:
    def broken(units: list[Unit], options: Any) -> list[str]:
        raise RuntimeError("boom")

    queue = make_queue(broken, max_wait_s=0.05)
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(run, queue, [unit(name)], TranslationOptions()) for name in "ab"]
        errors = [f.exception(10) for f in futures]
    drained = queue.depth == 0
    queue.stop()
    assert [getattr(e, "code", None) for e in errors] == ["inference_failed", "inference_failed"]
    assert all("boom" not in str(e) for e in errors)
    assert drained


def test_cancelled_futures_never_spin_the_worker() -> None:
    """Items whose futures were cancelled before their caller cleaned up are dropped at once."""
    fake = FakeModel()
    queue = make_queue(fake, max_wait_s=0)
    for item in queue.submit([unit("a"), unit("b")], [10, 10], TranslationOptions(), Ticket()):
        item.future.cancel()  # and nobody calls discard
    out = run(queue, [unit("c")], TranslationOptions())
    depth = queue.depth
    queue.stop()
    assert out == ["C"] and depth == 0
    assert [rows for rows, _, _ in fake.calls] == [1]


def test_interactive_work_goes_before_background_work() -> None:
    hold = threading.Event()
    fake = FakeModel(hold=hold)
    queue = make_queue(fake, max_wait_s=0, max_batch_size=1)
    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(run, queue, [unit("first")], TranslationOptions())
        assert fake.entered.wait(10)
        job = pool.submit(run, queue, [unit("job")], TranslationOptions(), Ticket(Priority.BACKGROUND))
        while queue.depth < 1:
            threading.Event().wait(0.005)
        request = pool.submit(
            run, queue, [unit("request")], TranslationOptions(), Ticket(Priority.INTERACTIVE)
        )
        while queue.depth < 2:
            threading.Event().wait(0.005)
        hold.set()
        assert [first.result(10), job.result(10), request.result(10)] == [["FIRST"], ["JOB"], ["REQUEST"]]
    queue.stop()
    # The background unit arrived first but waited for the interactive one.
    assert fake.texts == [["first"], ["request"], ["job"]]


def test_batches_are_formed_by_length() -> None:
    """The oldest unit goes with the waiting units closest to it in length, not the next in line."""
    hold = threading.Event()
    fake = FakeModel(hold=hold)
    queue = make_queue(fake, max_wait_s=0, batch_tokens=40, max_batch_size=4)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(run, queue, [unit("first")], TranslationOptions())
        assert fake.entered.wait(10)
        lengths = [4, 20, 5, 19, 4]
        units = [unit(f"u{i}", n) for i, n in enumerate(lengths)]
        rest = pool.submit(run, queue, units, TranslationOptions())
        while queue.depth < len(units):
            threading.Event().wait(0.005)
        hold.set()
        assert rest.result(10) == [f"U{i}" for i in range(5)]
        first.result(10)
    queue.stop()
    assert fake.texts[1] == ["u0", "u4", "u2"]  # the short ones together (3 x 5 <= 40)
    assert sorted(fake.texts[2]) == ["u1", "u3"]  # then the long ones (2 x 20 <= 40)
