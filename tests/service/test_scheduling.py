"""Summaries through the core scheduler: summary-model calls shared across requests, a timed-out
request's queued units dropped before the model, overload mapped to 429."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from models.engine import Engine
from models.scheduler import ModelQueue, Ticket
from service.batcher import wait_for
from service.errors import QueueFullError
from tests.service.conftest import metric, running_app, wait_until

ARTICLE = (
    "The ministry opened a new hospital today. It has two hundred beds.\n\n"
    "The minister said the project cost fifty million dinars. Work began two years ago."
)


class ModelGate:
    """Holds the first `generate` call of a loaded model until opened; records rows per call."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.opened = threading.Event()
        self.entered = threading.Event()
        self.calls: list[int] = []

    def __call__(self, sources: Any, options: Any, target: Any = None) -> Any:
        self.calls.append(len(sources))
        if len(self.calls) == 1:
            self.entered.set()
            if not self.opened.wait(30):
                raise RuntimeError("gate never opened")
        return self.real(sources, options, target)


@pytest.fixture
def summary_gate(service_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Any:
    model = service_engine.model("summary-en")
    gate = ModelGate(model.generate)
    monkeypatch.setattr(model, "generate", gate)
    yield gate
    gate.opened.set()


def summarize(client: Any) -> Any:
    body = {"text": ARTICLE, "method": "abstractive", "sentences": 1, "source": "en"}
    return client.post("/v1/summarize", json=body)


def test_concurrent_abstractive_summaries_share_summary_model_calls(
    service_engine: Engine, summary_gate: ModelGate
) -> None:
    with running_app(service_engine, cache="none", max_batch_wait_ms=5) as client:
        with ThreadPoolExecutor(3) as pool:
            first = pool.submit(summarize, client)
            assert summary_gate.entered.wait(30)
            rest = [pool.submit(summarize, client) for _ in range(2)]
            wait_until(
                lambda: metric(client, "tarjama_queue_depth", model="summary-en") >= 2,
                30,
                "two queued summaries",
            )
            summary_gate.opened.set()
            responses = [first.result(), *(f.result() for f in rest)]
        assert [r.status_code for r in responses] == [200] * 3
        assert all(r.json()["models"].get("summary-en") for r in responses)
        calls = metric(client, "tarjama_model_calls_total", model="summary-en")
        single = metric(client, "tarjama_batch_requests_bucket", model="summary-en", le="1.0")
        assert calls == len(summary_gate.calls)
        assert single < calls  # at least one summary-model call served two requests at once
        assert metric(client, "tarjama_batch_requests_sum", model="summary-en") > calls


def test_a_timed_out_summarys_queued_units_never_reach_the_model(
    service_engine: Engine, summary_gate: ModelGate
) -> None:
    with running_app(service_engine, cache="none", request_timeout_s=0.5, max_batch_wait_ms=0) as client:
        with ThreadPoolExecutor(2) as pool:
            slow = pool.submit(summarize, client)
            assert summary_gate.entered.wait(30)
            queued = pool.submit(summarize, client)
            responses = [slow.result(), queued.result()]
        assert [r.status_code for r in responses] == [504, 504]
        assert all(r.json()["error"]["code"] == "timeout" for r in responses)
        assert metric(client, "tarjama_queue_depth", model="summary-en") == 0
        summary_gate.opened.set()
        wait_until(
            lambda: metric(client, "tarjama_model_calls_total", model="summary-en") == 1, what="the held call"
        )
        # The held request's thread stops at its next model call; the queued one never had one.
        threading.Event().wait(0.3)
        assert len(summary_gate.calls) == 1
        assert summarize(client).status_code == 200
        assert len(summary_gate.calls) > 1


def test_overload_of_a_core_queue_is_a_429_with_retry_after() -> None:
    hold = threading.Event()

    def held(items: list[str], group: Any) -> list[str]:
        hold.wait(10)
        return items

    queue: ModelQueue[str, str] = ModelQueue(
        "en-ar", held, batch_tokens=64, max_batch_size=1, queue_size=1, max_wait_s=0
    )

    async def main() -> QueueFullError:
        running = asyncio.ensure_future(wait_for(queue, ["a"], [1], None, Ticket()))
        await asyncio.sleep(0.05)
        waiting = asyncio.ensure_future(wait_for(queue, ["b"], [1], None, Ticket()))
        await asyncio.sleep(0.05)
        with pytest.raises(QueueFullError) as refused:
            await wait_for(queue, ["c"], [1], None, Ticket())
        hold.set()
        assert await asyncio.gather(running, waiting) == [["a"], ["b"]]
        return refused.value

    error = asyncio.run(main())
    queue.stop()
    assert error.status == 429 and error.code == "queue_full"
    assert 1 <= int(error.headers["Retry-After"]) <= 60
