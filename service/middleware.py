"""The outermost layer: request id, security headers, body-size limit, access log, per-route
metrics, the `/metrics` token, last-resort 500.

A pure ASGI middleware (no response buffering, so NDJSON streams flow through untouched).
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import INTERNAL_MESSAGE, error_body
from service.logging import new_request_id, request_id_var
from service.metrics import Metrics
from service.shutdown import Drain

log = logging.getLogger("service.access")
errors_log = logging.getLogger("service.errors")

REQUEST_ID_HEADER = "X-Request-ID"

# On every response. Frames: nothing of this service is meant to be embedded in another page.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# HTML responses that set no policy of their own: briefings (no script, inline CSS only) and errors.
HTML_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
# A refused body is read and thrown away up to this many bytes before the 413 goes out: a client
# that sends it without `Expect: 100-continue` (Python's urllib) is still writing, and closing on
# it would give it a broken pipe instead of the answer. Beyond this the connection is closed.
DRAIN_LIMIT = 32 * 1024 * 1024
METRICS_PATH = "/metrics"
LIBRETRANSLATE_PATHS = ("/translate", "/detect", "/languages")


class RequestMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        metrics: Callable[[], Metrics | None],
        metrics_token: str | None = None,
        drain: Drain | None = None,
    ) -> None:
        """max_body_bytes: 413 beyond. metrics: the app's metrics (None while starting).
        metrics_token: when set, `/metrics` needs `Authorization: Bearer <token>`.
        drain: this worker's drain state (`service.shutdown`): while draining, requests get 503."""
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        self.metrics_token = metrics_token
        self.drain = drain or Drain()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = new_request_id(headers.get("x-request-id"))
        token = request_id_var.set(request_id)
        start = time.perf_counter()
        state: dict[str, Any] = {"status": 500, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
                state["status"] = message["status"]
                out = MutableHeaders(scope=message)
                out[REQUEST_ID_HEADER] = request_id
                for name, value in SECURITY_HEADERS.items():
                    out.setdefault(name, value)
                if out.get("content-type", "").startswith("text/html"):
                    # Pages with scripts (the workbench, /docs) set their own policy.
                    out.setdefault("Content-Security-Policy", HTML_CSP)
            await send(message)

        if self.drain.draining:  # stopping: refuse at once, and do not keep the connection
            await self._send_error(
                send_with_id,
                503,
                "shutting_down",
                "this server is shutting down; retry (another instance will answer)",
                close=True,
                plain=scope.get("path") in LIBRETRANSLATE_PATHS,
            )
            self._observe(scope, 503, time.perf_counter() - start)
            request_id_var.reset(token)
            return
        self.drain.enter()
        try:
            refusal = self._check_length(headers) or self._check_metrics_token(scope, headers)
            if refusal is not None:
                close = await self._drain(receive, headers) if refusal[0] == 413 else False
                await self._send_error(
                    send_with_id, *refusal, close=close, plain=scope.get("path") in LIBRETRANSLATE_PATHS
                )
            else:
                await self.app(scope, self._limited(receive), send_with_id)
        except Exception as exc:
            errors_log.error("unhandled error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if not state["started"]:
                await self._send_error(send_with_id, 500, "internal_error", INTERNAL_MESSAGE)
        finally:
            self.drain.leave()
            self._observe(scope, state["status"], time.perf_counter() - start)
            request_id_var.reset(token)

    def _check_length(self, headers: Headers) -> tuple[int, str, str] | None:
        """Refuse a declared Content-Length over the limit before reading a byte of the body."""
        length = headers.get("content-length")
        if length is None:
            return None
        if not length.isdigit():
            return 400, "bad_request", "Content-Length is not a number"
        if int(length) > self.max_body_bytes:
            return (
                413,
                "payload_too_large",
                f"the request body is over the limit of {self.max_body_bytes} bytes",
            )
        return None

    @staticmethod
    async def _drain(receive: Receive, headers: Headers) -> bool:
        """Read and discard a refused body (bounded); True when the connection should close.

        A client that asked `Expect: 100-continue` has sent nothing and waits: nothing to read.
        """
        if "100-continue" in headers.get("expect", "").lower():
            return True
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > DRAIN_LIMIT:
            return True
        drained = 0
        while drained <= DRAIN_LIMIT:
            message = await receive()
            if message["type"] != "http.request":
                return True  # the client went away
            drained += len(message.get("body", b""))
            if not message.get("more_body", False):
                return False
        return True

    def _check_metrics_token(self, scope: Scope, headers: Headers) -> tuple[int, str, str] | None:
        if self.metrics_token is None or scope.get("path") != METRICS_PATH:
            return None
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            token.strip().encode("utf-8", "surrogateescape"), self.metrics_token.encode("utf-8")
        ):
            return None
        return 401, "unauthorized", "/metrics needs Authorization: Bearer <TARJAMA_METRICS_TOKEN>"

    def _limited(self, receive: Receive) -> Receive:
        """Count body bytes as they arrive (chunked uploads declare no length)."""
        received = 0
        limit = self.max_body_bytes

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Read the rest (bounded) so the client gets to read the 413.
                    while message.get("more_body", False) and received <= DRAIN_LIMIT:
                        message = await receive()
                        if message["type"] != "http.request":
                            break
                        received += len(message.get("body", b""))
                    raise HTTPException(413, f"the request body is over the limit of {limit} bytes")
            return message

        return limited

    @staticmethod
    async def _send_error(
        send: Send, status: int, code: str, message: str, close: bool = False, plain: bool = False
    ) -> None:
        """The one error shape, or LibreTranslate's `{"error": message}` when `plain`."""
        body = json.dumps({"error": message} if plain else error_body(code, message)).encode("utf-8")
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if close:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        path = getattr(route, "path", None) or "unmatched"
        method = scope.get("method", "")
        metrics = self.metrics()
        if metrics is not None:
            metrics.requests.labels(path, method, str(status)).inc()
            metrics.latency.labels(path, method).observe(seconds)
        log.info("%s %s %d %.1fms", method, scope.get("path"), status, seconds * 1000)
