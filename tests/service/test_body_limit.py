"""A body over the limit: every client reads the 413, even one that sends the whole body at once
without `Expect: 100-continue` (Python's urllib)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import uvicorn

from models.engine import Engine
from service.app import create_app
from tests.service.conftest import ServerThread, free_port, make_settings


@pytest.fixture(scope="module")
def small_server(service_engine: Engine) -> Iterator[str]:
    app = create_app(make_settings(max_body_bytes=64 * 1024), service_engine)
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False)
    with ServerThread(config) as running:
        yield running.url


@pytest.mark.parametrize("size", [256 * 1024, 8 * 1024 * 1024])
@pytest.mark.parametrize("path", ["/v1/translate", "/translate"])
def test_urllib_reads_the_413(small_server: str, size: int, path: str) -> None:
    body = json.dumps({"text": "x" * size, "q": "x", "target": "ar"}).encode()
    request = urllib.request.Request(
        small_server + path, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 413
    answer = json.loads(refused.value.read())
    if path.startswith("/v1/"):
        assert answer["error"]["code"] == "payload_too_large"
    else:  # LibreTranslate's shape
        assert "over the limit" in answer["error"]
    # The server is fine afterwards.
    ok = urllib.request.Request(
        small_server + "/v1/detect",
        data=json.dumps({"text": "hello"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(ok, timeout=60) as response:
        assert response.status == 200
