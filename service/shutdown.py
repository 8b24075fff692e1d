"""Graceful stop: on SIGTERM a worker refuses new requests (503, `Connection: close`) while the
requests in flight finish, then stops and exits 0.

uvicorn's own handler stops accepting at once (with `--workers 2` the shared socket then queues
new connections that nobody answers, so clients hang until they time out) and re-raises the
signal after its shutdown (exit status 143). `install` takes the worker's SIGTERM over at startup:
the first signal starts the drain; when nothing is in flight (or `drain_timeout_s` has passed) it
tells the server to exit. A second signal goes to uvicorn's handler (immediate stop).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("service.shutdown")

POLL_S = 0.05


class Drain:
    """Requests in flight, and whether this worker is draining (the middleware consults it)."""

    def __init__(self) -> None:
        self.draining = False
        self.in_flight = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    async def wait_idle(self, timeout_s: float) -> bool:
        """Wait until no request is in flight; False when `timeout_s` passed first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while self.in_flight > 0:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(POLL_S)
        return True


def _uvicorn_server(handler: Any) -> Any:
    """The uvicorn `Server` whose `handle_exit` is installed, or None."""
    server = getattr(handler, "__self__", None)
    return server if server is not None and hasattr(server, "should_exit") else None


def install(drain: Drain, timeout_s: float) -> Callable[[], None] | None:
    """Take SIGTERM over for a draining stop; returns a function that puts the old handler back.

    None (nothing installed) off the main thread (in-process test clients) or when the handler in
    place is not a uvicorn server's.
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGTERM)
    server = _uvicorn_server(previous)
    if server is None:
        return None
    loop = asyncio.get_running_loop()

    async def stop() -> None:
        clean = await drain.wait_idle(timeout_s)
        if not clean:
            log.warning(
                "drain timeout (%g s): stopping with %d requests in flight", timeout_s, drain.in_flight
            )
        server.should_exit = True

    def on_term(sig: int, frame: Any) -> None:
        if drain.draining:  # a second signal: stop now
            previous(sig, frame)  # type: ignore[operator,misc]
            return
        drain.draining = True
        log.info("SIGTERM: draining %d requests in flight; new requests get 503", drain.in_flight)
        loop.call_soon_threadsafe(lambda: loop.create_task(stop()))

    signal.signal(signal.SIGTERM, on_term)

    def restore() -> None:
        if signal.getsignal(signal.SIGTERM) is on_term:
            signal.signal(signal.SIGTERM, previous)

    return restore
