"""Several workers per queue (one per engine replica) and admission control: structure only, no timing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from models.backends import GenerationOptions
from models.backends.convert import converted_dir
from models.backends.ct2 import CTranslate2Backend
from models.device import DeviceSpec
from models.errors import CancelledWorkError, InferenceError, OverloadedError
from models.loader import load_model
from models.scheduler import ModelQueue, NullObserver, Ticket
from models.settings import Settings


def make_queue(handler: Any, **kwargs: Any) -> ModelQueue[str, str]:
    options = {
        "batch_tokens": 64,
        "max_batch_size": 1,
        "queue_size": 100,
        "max_wait_s": 0,
        "workers": 2,
    } | kwargs
    return ModelQueue("en-ar", handler, **options)


def test_two_workers_have_two_batches_in_flight_at_once() -> None:
    both = threading.Barrier(2, timeout=10)  # breaks (and the call fails) unless two calls overlap
    seen: list[tuple[str, int]] = []

    def handler(items: list[str], group: Any) -> list[str]:
        both.wait()
        seen.append((threading.current_thread().name, queue.in_flight))
        both.wait()  # neither leaves before both looked
        return [item.upper() for item in items]

    queue = make_queue(handler)
    with ThreadPoolExecutor(2) as pool:
        out = list(pool.map(lambda text: queue.run([text], [5], None, Ticket()), ["a", "b"]))
    queue.stop()
    assert out == [["A"], ["B"]]
    assert len({name for name, _ in seen}) == 2
    assert all(flight == 2 for _, flight in seen)
    assert queue.in_flight == 0


def test_one_worker_never_has_two_calls_in_flight() -> None:
    flights: list[int] = []

    def handler(items: list[str], group: Any) -> list[str]:
        flights.append(queue.in_flight)
        return items

    queue = make_queue(handler, workers=1)
    with ThreadPoolExecutor(4) as pool:
        out = list(pool.map(lambda text: queue.run([text], [5], None, Ticket()), list("abcd")))
    queue.stop()
    assert out == [["a"], ["b"], ["c"], ["d"]] and flights == [1, 1, 1, 1]


def test_cancelled_units_never_reach_a_replica() -> None:
    hold = threading.Event()
    entered = threading.Semaphore(0)
    texts: list[str] = []

    def handler(items: list[str], group: Any) -> list[str]:
        entered.release()
        hold.wait(10)
        texts.extend(items)
        return items

    queue = make_queue(handler)
    busy = [Ticket(), Ticket()]
    doomed = Ticket()
    with ThreadPoolExecutor(3) as pool:
        running = [pool.submit(queue.run, [f"busy{i}"], [5], None, busy[i]) for i in range(2)]
        assert entered.acquire(timeout=10) and entered.acquire(timeout=10)  # both replicas held
        waiting = pool.submit(queue.run, ["doomed1", "doomed2"], [5, 5], None, doomed)
        while queue.depth < 2:
            threading.Event().wait(0.01)
        doomed.cancel()
        with pytest.raises(CancelledWorkError):
            waiting.result(10)
        hold.set()
        assert [f.result(10) for f in running] == [["busy0"], ["busy1"]]
        assert queue.run(["later"], [5], None, Ticket()) == ["later"]
    queue.stop()
    assert sorted(texts) == ["busy0", "busy1", "later"]
    assert queue.depth == 0


class DepthWatch(NullObserver):
    """Records the queue's admitted tokens and waiting items at every depth change."""

    def __init__(self) -> None:
        self.queue: ModelQueue[str, str] | None = None
        self.tokens: list[int] = []
        self.depths: list[int] = []
        self.refused = 0

    def depth(self, model: str, depth: int) -> None:
        if self.queue is not None:
            self.tokens.append(self.queue.queued_tokens)
            self.depths.append(depth)

    def rejected(self, model: str) -> None:
        self.refused += 1


def test_a_flood_never_holds_more_than_the_bound_and_all_finish_or_are_refused() -> None:
    size, bound = 10, 30
    watch = DepthWatch()
    peak = [0]

    def handler(items: list[str], group: Any) -> list[str]:
        peak[0] = max(peak[0], queue.queued_tokens)
        threading.Event().wait(0.002)  # let the flood pile up behind the workers
        return [item.upper() for item in items]

    queue = make_queue(handler, max_queued_tokens=bound, queue_size=24, observer=watch)
    watch.queue = queue

    def request(number: int) -> list[str] | str:
        texts = [f"r{number}u{k}" for k in range(1 + number % 2)]
        try:
            return queue.run(texts, [size] * len(texts), None, Ticket())
        except OverloadedError:
            return "429"

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(request, range(120)))
    queue.stop()
    assert max(watch.tokens) <= bound and peak[0] <= bound
    assert max(watch.depths) * size > bound  # some submissions waited in line beyond the bound
    for number, result in enumerate(results):
        if result != "429":
            assert result == [f"R{number}U{k}" for k in range(1 + number % 2)]
    assert results.count("429") == watch.refused
    assert queue.depth == 0 and queue.queued_tokens == 0


def test_a_submission_bigger_than_the_bound_is_admitted_into_an_empty_queue() -> None:
    queue = make_queue(lambda items, group: items, max_queued_tokens=5, max_batch_size=4)
    assert queue.run(["a", "b", "c"], [10, 10, 10], None, Ticket()) == ["a", "b", "c"]
    queue.stop()


def test_a_cancelled_submission_in_the_admission_line_leaves_it() -> None:
    hold = threading.Event()
    entered = threading.Event()
    texts: list[str] = []

    def handler(items: list[str], group: Any) -> list[str]:
        entered.set()
        hold.wait(10)
        texts.extend(items)
        return items

    queue = make_queue(handler, workers=1, max_queued_tokens=10)
    ahead, queued, doomed = Ticket(), Ticket(), Ticket()
    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(queue.run, ["first"], [10], None, ahead)
        assert entered.wait(10)
        second = pool.submit(queue.run, ["second"], [10], None, queued)
        while queue.queued_tokens < 10:
            threading.Event().wait(0.01)
        line = pool.submit(queue.run, ["doomed"], [10], None, doomed)
        while queue.depth < 2:
            threading.Event().wait(0.01)
        assert queue.queued_tokens == 10  # the third waits in line, outside the bound
        doomed.cancel()
        with pytest.raises(CancelledWorkError):
            line.result(10)
        hold.set()
        assert (first.result(10), second.result(10)) == (["first"], ["second"])
    queue.stop()
    assert texts == ["first", "second"] and queue.depth == 0


def test_a_failing_call_on_one_worker_leaves_the_other_serving() -> None:
    def handler(items: list[str], group: Any) -> list[str]:
        if items == ["bad"]:
            raise RuntimeError("boom")
        return items

    queue = make_queue(handler)
    with pytest.raises(InferenceError):
        queue.run(["bad"], [5], None, Ticket())
    assert queue.run(["good"], [5], None, Ticket()) == ["good"]
    queue.stop()
    assert queue.in_flight == 0


class CountingTranslator:
    """Wraps a ctranslate2.Translator and records the rows of each translate_batch call."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[int] = []

    def translate_batch(self, rows: list[list[str]], **kwargs: Any) -> Any:
        self.calls.append(len(rows))
        return self.inner.translate_batch(rows, **kwargs)

    def unload_model(self) -> None:
        self.inner.unload_model()


def test_ct2_splits_a_call_only_across_free_replicas(
    tiny_settings: Settings, tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    settings = tiny_settings.model_copy(update={"cache_dir": tmp_path})
    model = load_model(str(tiny_models["marian-ar-en"]), settings, backend="ctranslate2")
    sentences = ["أعلنت الوزارة افتتاح مستشفى جديد.", "وصل الرئيس.", "ارتفعت الأسعار."]
    sources = model.encode(sentences, "ar", "en")
    folder = converted_dir(tiny_models["marian-ar-en"], str(tiny_models["marian-ar-en"]), "int8", tmp_path)
    options = GenerationOptions(beam_size=2, min_new_tokens=4, max_new_tokens=4)
    backend = CTranslate2Backend(folder, DeviceSpec("cpu", "int8", 2))
    counting = CountingTranslator(backend.translator)
    backend.translator = counting
    alone = backend.generate(sources, options)
    assert counting.calls == [2, 1]  # a lone call uses both replicas
    backend._busy = 1  # another call holds one replica: this one takes the other, whole
    assert backend.generate(sources, options) == alone
    assert counting.calls[2:] == [3]
    backend._busy = 0
    assert backend.replicas == 2 and model.replicas == 1  # tiny settings: one thread
    backend.close()
    model.close()


@pytest.mark.parametrize(("backend", "replicas"), [("ctranslate2", 2), ("transformers", 1)])
def test_scheduler_gives_each_replica_a_worker_and_a_share_of_the_budget(
    tiny_settings: Settings, tmp_path: Path, backend: str, replicas: int
) -> None:
    from models.engine import Engine
    from models.scheduler import Scheduler
    from models.translate import TranslationOptions

    settings = tiny_settings.model_copy(update={"threads": 2, "cache_dir": tmp_path})
    engine = Engine(settings, backend=backend)
    scheduler = Scheduler(engine, max_wait_s=0)
    try:
        queue = scheduler.translation_queue("ar", "en")
        assert engine.translator("ar", "en").model.replicas == replicas
        assert queue.workers == replicas
        assert queue.batch_tokens == settings.batch_tokens // replicas  # all calls in flight: one budget
        assert queue.max_queued_tokens == 2 * settings.batch_tokens
        translator = engine.translator("ar", "en")
        units = [u for plan in translator.plan_many(["وصل الرئيس.", "ارتفعت الأسعار."]) for u in plan.units()]
        options = TranslationOptions(beam_size=1, max_new_tokens=3)
        with ThreadPoolExecutor(2) as pool:
            outs = list(pool.map(lambda u: queue.run([u], [len(u.tokens)], options, Ticket()), units))
        assert all(len(out) == 1 and isinstance(out[0], str) for out in outs)
    finally:
        scheduler.close()
        engine.close()
