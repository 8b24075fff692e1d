"""Service fixtures: one Engine over the tiny models for the whole session, apps built with the same
factory `tarjama serve` uses (`create_app` + lifespan via TestClient, or a real uvicorn server)."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from service.app import create_app
from service.settings import ServiceSettings


@pytest.fixture(scope="session")
def service_engine(tiny_settings: Any) -> Iterator[Engine]:
    """One engine for every service test, loaded once; the default backend (auto: CTranslate2 where
    the model converts), as `tarjama serve` runs it."""
    engine = Engine(tiny_settings)
    yield engine
    engine.close()


def make_settings(**overrides: Any) -> ServiceSettings:
    """Service settings for tests: no .env, everything else at its defaults unless overridden."""
    return ServiceSettings(_env_file=None, **overrides)  # type: ignore[call-arg]


@contextlib.contextmanager
def running_app(engine: Engine, **kwargs: Any) -> Iterator[TestClient]:
    """An app from `create_app` with its lifespan running (as under `tarjama serve`).

    kwargs: ServiceSettings fields, plus `memory`: a TranslationCache object to use instead.
    """
    memory = kwargs.pop("memory", None)
    settings = make_settings(**kwargs)
    with TestClient(create_app(settings, engine, cache=memory), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def client(service_engine: Engine) -> Iterator[TestClient]:
    """A default app, shared by a module's tests."""
    with running_app(service_engine) as c:
        yield c


_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$")


def metric(client: TestClient, name: str, **labels: str) -> float:
    """Sum of the samples of `name` (exact sample name) whose labels include `labels`."""
    total = 0.0
    for line in client.get("/metrics").text.splitlines():
        match = _SAMPLE.match(line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(match.group(3))
    return total


def wait_until(condition: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


class Gate:
    """Holds model calls of one translator until opened: makes queueing, 429 and 504 deterministic.

    entered: set when a model call is waiting at the gate. calls: model calls seen (units each).
    """

    def __init__(self, real: Callable[..., list[str]], hold_first_only: bool = False) -> None:
        self.real = real
        self.opened = threading.Event()
        self.entered = threading.Event()
        self.calls: list[int] = []
        self.hold_first_only = hold_first_only

    def __call__(self, units: Any, options: Any = None) -> list[str]:
        self.calls.append(len(units))
        if not self.hold_first_only or len(self.calls) == 1:
            self.entered.set()
            if not self.opened.wait(30):
                raise RuntimeError("gate never opened")
        return self.real(units, options)


@pytest.fixture
def gate(service_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Gate]:
    """`gate("en", "ar")` holds that translator's model calls until `.opened.set()` (set at teardown)."""
    gates: list[Gate] = []

    def make(source: str = "en", target: str = "ar", hold_first_only: bool = False) -> Gate:
        translator = service_engine.translator(source, target)
        g = Gate(translator.translate_units, hold_first_only)
        monkeypatch.setattr(translator, "translate_units", g)
        gates.append(g)
        return g

    yield make  # type: ignore[misc]
    for g in gates:
        g.opened.set()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerThread:
    """A real uvicorn server on 127.0.0.1 in a thread, built the way `tarjama serve` builds it."""

    def __init__(self, config: Any) -> None:
        import uvicorn

        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{config.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        wait_until(lambda: self.server.started or not self.thread.is_alive(), 120, "the server to start")
        if not self.server.started:
            raise RuntimeError("uvicorn did not start (see the log)")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
