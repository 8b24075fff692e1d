"""`tarjama serve` itself, as an operator runs it: a subprocess, configured by the environment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.service.conftest import free_port


@pytest.mark.slow
def test_tarjama_serve_answers_and_stops_cleanly(tiny_env: dict[str, str]) -> None:
    port = free_port()
    env = os.environ | tiny_env | {"TARJAMA_LOG_LEVEL": "info", "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "models.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.communicate()[0]
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "tarjama serve did not become ready"
            time.sleep(0.2)
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        response = httpx.post(
            f"{url}/v1/translate",
            json={"text": "مرحبا بكم."},
            headers={"X-Request-ID": "serve-1"},
            timeout=60,
        )
        assert response.status_code == 200 and response.json()["source"] == "ar"
        assert "tarjama_model_calls_total" in httpx.get(f"{url}/metrics").text
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    # Our log lines carry the request id; no traceback on a clean stop.
    assert "[serve-1] POST /v1/translate 200" in output
    assert "Traceback" not in output
