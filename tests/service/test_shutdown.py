"""SIGTERM: new requests are refused (503, Connection: close) while those in flight finish; exit 0."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from service.shutdown import Drain, install
from tests.service.conftest import free_port


def test_a_draining_worker_refuses_new_requests(client: TestClient) -> None:
    drain: Drain = client.app.state.drain  # type: ignore[attr-defined]
    drain.draining = True
    try:
        for path, kwargs in (("/v1/translate", {"json": {"text": "Hi."}}), ("/readyz", {})):
            response = client.request("POST" if kwargs else "GET", path, **kwargs)  # type: ignore[arg-type]
            assert response.status_code == 503
            assert response.headers["connection"] == "close"
            assert response.json()["error"]["code"] == "shutting_down"
        lt = client.post("/translate", json={"q": "Hi", "target": "ar"})
        assert lt.status_code == 503 and isinstance(lt.json()["error"], str)
    finally:
        drain.draining = False
    assert client.get("/healthz").status_code == 200


class FakeServer:
    """Stands in for uvicorn's Server: its handle_exit is what `install` takes over."""

    def __init__(self) -> None:
        self.should_exit = False
        self.forced = False

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.forced = True
        self.should_exit = True


async def _until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def test_sigterm_waits_for_requests_in_flight_then_stops_without_reraising() -> None:
    server = FakeServer()
    previous = signal.signal(signal.SIGTERM, server.handle_exit)
    drain = Drain()

    async def scenario() -> None:
        restore = install(drain, timeout_s=30)
        assert restore is not None
        try:
            drain.enter()  # a request in flight
            os.kill(os.getpid(), signal.SIGTERM)
            await _until(lambda: drain.draining)
            await asyncio.sleep(0.2)
            assert not server.should_exit, "must not stop while a request is in flight"
            drain.leave()
            await _until(lambda: server.should_exit)
            assert not server.forced, "uvicorn's handler (which re-raises: exit 143) was not used"
        finally:
            restore()

    try:
        asyncio.run(scenario())
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_drain_timeout_stops_anyway() -> None:
    server = FakeServer()
    previous = signal.signal(signal.SIGTERM, server.handle_exit)
    drain = Drain()

    async def scenario() -> None:
        restore = install(drain, timeout_s=0.1)
        assert restore is not None
        drain.enter()
        os.kill(os.getpid(), signal.SIGTERM)
        await _until(lambda: server.should_exit)
        restore()

    try:
        asyncio.run(scenario())
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_serve_exits_0_on_sigterm(tiny_env: dict[str, str], workers: int) -> None:
    """One worker: uvicorn re-raising SIGTERM would kill `tarjama serve` itself (status -15)."""
    port = free_port()
    env = os.environ | tiny_env | {"TARJAMA_LOG_LEVEL": "info", "HF_HUB_OFFLINE": "1", "TARJAMA_PRELOAD": "0"}
    command = [
        sys.executable,
        "-m",
        "models.cli.main",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.communicate()[0]
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "tarjama serve did not start"
            time.sleep(0.2)
        assert httpx.post(f"{url}/v1/detect", json={"text": "hello"}, timeout=30).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=90)
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert output.count("SIGTERM: draining") >= 1, output
