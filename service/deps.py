"""`Annotated` dependencies that keep the routes short: the app's service, the caller, timeouts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from models.errors import InputTooLargeError
from service.errors import RequestTimeoutError, ServiceError, UnavailableError
from service.keys import ApiKey
from service.state import Service

T = TypeVar("T")


def get_service(request: Request) -> Service:
    service = getattr(request.app.state, "service", None)
    if service is None:
        raise UnavailableError("the service is starting or stopping; retry shortly")
    return service  # type: ignore[no-any-return]


ServiceDep = Annotated[Service, Depends(get_service)]


def key_from_headers(request: Request) -> str | None:
    """`Authorization: Bearer KEY`, the one place `/v1` takes a key from.

    Never the query string: URLs end up in access logs, proxies and browser histories.
    """
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


async def authenticate(svc: Service, secret: str | None) -> ApiKey | None:
    """The caller's key when keys are on (401 when missing, unknown or revoked); None when off."""
    if not svc.settings.api_keys or svc.keys is None:
        return None
    if not secret:
        raise ServiceError(
            401,
            "missing_api_key",
            "this service needs an API key: send the header Authorization: Bearer <key> "
            "(LibreTranslate routes: api_key in the JSON or form body)",
            {"WWW-Authenticate": "Bearer"},
        )
    key = await asyncio.to_thread(svc.keys.lookup, secret)
    if key is None:
        raise ServiceError(
            401, "invalid_api_key", "unknown or revoked API key", {"WWW-Authenticate": "Bearer"}
        )
    return key


@dataclass
class Caller:
    """Who is calling (their key, when keys are on) and the limits that apply to them."""

    svc: Service
    key: ApiKey | None
    charged: tuple[int, float] | None = None  # (characters, when) counted against the key

    async def refund(self) -> None:
        """Take back what `admit` counted: the request failed, so no work was delivered."""
        if self.charged is None or self.key is None or self.svc.keys is None:
            return
        chars, at = self.charged
        self.charged = None
        await asyncio.to_thread(self.svc.keys.refund, self.key, chars, at)

    async def admit(self, chars: int = 0, texts: int = 1) -> None:
        """Check the size limits (413), then count the request against the key's quotas (429).

        A request that then fails (bad language, no text, timeout, ...) is refunded by
        `get_caller` (or the route, for the LibreTranslate ones): only delivered work is charged.
        """
        settings = self.svc.settings
        if chars > settings.max_chars:
            raise InputTooLargeError(
                f"{chars} characters is over this service's limit of {settings.max_chars} per request; "
                "split the text into several requests"
            )
        if texts > settings.max_texts:
            raise InputTooLargeError(f"{texts} texts is over the limit of {settings.max_texts} per request")
        if self.key is None or self.svc.keys is None:
            return
        key = self.key
        rpm = settings.default_rpm if key.rpm is None else key.rpm
        daily = settings.default_daily_chars if key.daily_chars is None else key.daily_chars
        result = await asyncio.to_thread(self.svc.keys.admit, key, chars, rpm, daily)
        if result.allowed:
            self.charged = (chars, result.at)
            return
        if result.reason == "rate_limited":
            message = f"over this key's {rpm} requests per minute; retry in {result.retry_after} s"
        else:
            message = f"over this key's {daily} characters per day; the quota resets at 00:00 UTC"
        raise ServiceError(429, result.reason, message, {"Retry-After": str(result.retry_after)})


async def get_caller(request: Request, svc: ServiceDep) -> AsyncIterator[Caller]:
    """The caller; what it was charged is refunded when the route fails."""
    caller = Caller(svc, await authenticate(svc, key_from_headers(request)))
    try:
        yield caller
    except BaseException:
        await caller.refund()
        raise


CallerDep = Annotated[Caller, Depends(get_caller)]


async def within_timeout(svc: Service, work: Awaitable[T]) -> T:
    """`work` within the request timeout; 504 (and its queued units dropped) beyond it."""
    seconds = svc.settings.request_timeout_s
    try:
        return await asyncio.wait_for(work, seconds)
    except asyncio.TimeoutError:
        svc.metrics.timeouts.inc()
        raise RequestTimeoutError(seconds) from None
