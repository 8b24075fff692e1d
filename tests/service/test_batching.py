"""Cross-request batching through HTTP: shared model calls, 429 when full, 504 on timeout."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from models.engine import Engine
from tests.service.conftest import metric, running_app, wait_until


def post(client: Any, text: str, **extra: Any) -> Any:
    return client.post("/v1/translate", json={"text": text, "source": "en", **extra})


def test_concurrent_requests_share_model_calls(service_engine: Engine, gate: Any) -> None:
    """N requests at once: the first holds the model, the other N-1 pile up and go in one call."""
    n = 8
    with running_app(service_engine, cache="none", max_batch_wait_ms=5) as client:
        held = gate("en", "ar", hold_first_only=True)
        with ThreadPoolExecutor(n) as pool:
            first = pool.submit(post, client, "The first request arrives.")
            assert held.entered.wait(10)
            rest = [pool.submit(post, client, f"Request number {i} is waiting.") for i in range(1, n)]
            wait_until(
                lambda: metric(client, "tarjama_queue_depth", model="en-ar") == n - 1, what="queued units"
            )
            held.opened.set()
            responses = [first.result(), *(f.result() for f in rest)]
        assert [r.status_code for r in responses] == [200] * n
        calls = metric(client, "tarjama_model_calls_total", model="en-ar")
        assert calls < n
        assert calls == len(held.calls) == 2
        assert metric(client, "tarjama_batch_size_sum", model="en-ar") == n
        assert metric(client, "tarjama_batch_requests_sum", model="en-ar") == n
        assert metric(client, "tarjama_batch_size_bucket", model="en-ar", le="4.0") == 1  # one call of 7
        assert metric(client, "tarjama_generated_tokens_total", model="en-ar") > 0
        assert metric(client, "tarjama_inference_seconds_total", model="en-ar") > 0
        assert metric(client, "tarjama_queue_depth", model="en-ar") == 0


def test_full_queue_answers_429_with_retry_after(service_engine: Engine, gate: Any) -> None:
    with running_app(service_engine, cache="none", queue_size=2, max_batch_wait_ms=0) as client:
        held = gate("en", "ar")
        with ThreadPoolExecutor(2) as pool:
            running = pool.submit(post, client, "This one is in the model.")
            assert held.entered.wait(10)
            waiting = pool.submit(post, client, "These two sentences wait. They fill the queue.")
            wait_until(lambda: metric(client, "tarjama_queue_depth", model="en-ar") == 2, what="a full queue")
            refused = post(client, "No room for me.")
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "queue_full"
            assert 1 <= int(refused.headers["retry-after"]) <= 60
            # The other direction has its own queue and is not affected.
            assert (
                client.post("/v1/translate", json={"text": "مرحبا بكم.", "source": "ar"}).status_code == 200
            )
            held.opened.set()
            assert running.result().status_code == 200 and waiting.result().status_code == 200
        assert metric(client, "tarjama_queue_rejected_total", model="en-ar") == 1
        assert post(client, "Room again.").status_code == 200


def test_timeout_answers_504_and_drops_queued_units(service_engine: Engine, gate: Any) -> None:
    with running_app(service_engine, cache="none", request_timeout_s=0.5, max_batch_wait_ms=0) as client:
        held = gate("en", "ar")
        with ThreadPoolExecutor(2) as pool:
            slow = pool.submit(post, client, "I am stuck in the model.")
            assert held.entered.wait(10)
            queued = pool.submit(post, client, "I wait behind it. So do I.")
            responses = [slow.result(), queued.result()]
        for response in responses:
            assert response.status_code == 504
            assert response.json() == {
                "error": {"code": "timeout", "message": response.json()["error"]["message"]}
            }
        assert metric(client, "tarjama_queue_depth", model="en-ar") == 0  # the waiting units were dropped
        assert metric(client, "tarjama_request_timeouts_total") == 2
        stream = client.post(
            "/v1/translate", json={"text": "Streams time out too.", "source": "en", "stream": True}
        )
        assert stream.status_code == 504 and stream.json()["error"]["code"] == "timeout"
        held.opened.set()
        wait_until(
            lambda: metric(client, "tarjama_model_calls_total", model="en-ar") == 1, what="the held call"
        )
        calls = len(held.calls)
        assert post(client, "Fine now.").status_code == 200
        assert len(held.calls) == calls + 1  # dropped units never reached the model


def test_stream_error_after_the_first_line_ends_the_stream(service_engine: Engine, gate: Any) -> None:
    """The first model call passes, later ones hang: the stream ends with a timeout line."""
    with running_app(service_engine, cache="none", request_timeout_s=1.0, max_batch_wait_ms=0) as client:
        held = gate("en", "ar")
        original = held.real
        release = threading.Event()

        def hang_after_first(units: Any, options: Any = None) -> list[str]:
            if len(held.calls) > 1:
                release.wait(30)
            return original(units, options)  # type: ignore[no-any-return]

        held.real = hang_after_first
        held.opened.set()
        text = "\n\n".join(f"Paragraph {i} is here." for i in range(12))
        try:
            response = client.post("/v1/translate", json={"text": text, "source": "en", "stream": True})
        finally:
            release.set()
        assert response.status_code == 200
        lines = [json.loads(line) for line in response.text.splitlines()]
        assert lines[0]["paragraph"] == 0
        assert lines[-1] == {"error": {"code": "timeout", "message": lines[-1]["error"]["message"]}}
        assert all("paragraph" in line for line in lines[:-1]) and len(lines) < 13
        wait_until(lambda: metric(client, "tarjama_queue_depth", model="en-ar") == 0, what="a drained queue")
