"""Service logging: each line once, with its request id; JSON lines on request; secrets redacted."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator

import pytest

from service.app import create_app
from service.logging import redact, request_id_var


@pytest.fixture
def root_logging(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # no .env


@contextlib.contextmanager
def taken_over() -> Iterator[None]:
    """Within one test phase: let configure_logging take the root logger, then put it back exactly."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    access_level = logging.getLogger("uvicorn.access").level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.getLogger("uvicorn.access").setLevel(access_level)


def _emit(message: str, *args: object) -> None:
    token = request_id_var.set("req-123")
    try:
        logging.getLogger("service.test").warning(message, *args)
    finally:
        request_id_var.reset(token)


@pytest.mark.usefixtures("root_logging")
def test_each_line_once_with_the_request_id_after_the_cli_configured_logging(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with taken_over():
        # `tarjama serve` runs models.cli.main, whose basicConfig adds a root handler first.
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", force=True)
        create_app()  # the uvicorn factory path: settings from the environment, logging configured
        _emit("hello from a request")
    lines = [line for line in capsys.readouterr().err.splitlines() if "hello from a request" in line]
    assert len(lines) == 1, lines
    assert "[req-123]" in lines[0]


@pytest.mark.usefixtures("root_logging")
def test_json_log_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TARJAMA_LOG_FORMAT", "json")
    with taken_over():
        create_app()
        _emit("translated %d texts for /translate?api_key=%s", 3, "tj_topsecret")
    lines = [line for line in capsys.readouterr().err.splitlines() if "translated" in line]
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["request_id"] == "req-123" and entry["level"] == "warning"
    assert entry["logger"] == "service.test"
    assert entry["message"] == "translated 3 texts for /translate?api_key=[redacted]"


@pytest.mark.usefixtures("root_logging")
def test_uvicorn_access_lines_have_query_secrets_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    with taken_over():
        create_app()
        logging.getLogger("uvicorn.access").warning(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/languages?api_key=tj_abc123&x=1", "1.1", 200
        )
    err = capsys.readouterr().err
    assert "tj_abc123" not in err and "api_key=[redacted]&x=1" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/v1/x?api_key=abc", "/v1/x?api_key=[redacted]"),
        ("/x?q=1&token=abc&y=2", "/x?q=1&token=[redacted]&y=2"),
        ("GET /x?API_KEY=abc HTTP/1.1", "GET /x?API_KEY=[redacted] HTTP/1.1"),
        ("q=hello&password=p%40ss", "q=hello&password=[redacted]"),
        ("monkey=banana", "monkey=banana"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
