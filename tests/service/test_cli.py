"""`tarjama serve`: flags, settings and the uvicorn call (the app factory, by import string)."""

from __future__ import annotations

from typing import Any

import pytest

from models.cli.main import build_parser, main


def test_serve_is_registered_with_its_flags() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "8123", "--workers", "2"])
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 8123, 2)
    assert callable(args.handler)


def test_serve_runs_uvicorn_with_the_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(app=app, **kwargs))
    monkeypatch.setenv("TARJAMA_WORKERS", "3")
    assert main(["serve", "--port", "8765", "--log-level", "warning"]) == 0
    assert seen["app"] == "service.app:create_app" and seen["factory"] is True
    assert (seen["host"], seen["port"], seen["workers"], seen["log_level"]) == (
        "127.0.0.1",
        8765,
        3,
        "warning",
    )


def test_serve_with_bad_settings_fails_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("must not start"))
    monkeypatch.setenv("TARJAMA_CACHE", "redis")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "TARJAMA_REDIS_URL" in err and "Traceback" not in err
    assert main(["serve", "--port", "0"]) == 2
    assert "--port=0" in capsys.readouterr().err
    monkeypatch.delenv("TARJAMA_CACHE")
    monkeypatch.setenv("TARJAMA_BEAM_SIZE", "0")  # a core setting
    assert main(["serve"]) == 2
    assert "TARJAMA_BEAM_SIZE" in capsys.readouterr().err
