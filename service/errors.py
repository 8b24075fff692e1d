"""One JSON error shape for every failure: `{"error": {"code": str, "message": str}}`.

Domain errors (`models.errors`) map to HTTP statuses here; framework errors (validation, 404, 405)
are reshaped; anything else is a 500 with a generic message, logged with the request id.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from models import errors as core

log = logging.getLogger("service.errors")

# Domain error -> HTTP status. The most specific class wins (checked in MRO order).
STATUS_BY_ERROR: dict[type[core.TarjamaError], int] = {
    core.UnsupportedLanguageError: 400,
    core.InputDecodeError: 400,
    core.InvalidInputError: 422,
    core.NoMainTextError: 422,
    core.InputTooLargeError: 413,
    core.ModelNotFoundError: 503,
    core.ModelLoadError: 503,
    core.ConfigurationError: 503,
    core.OverloadedError: 429,
    core.CancelledWorkError: 504,
    core.ShuttingDownError: 503,
    core.InferenceError: 500,
    core.TarjamaError: 400,
}

_CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
    504: "timeout",
}

INTERNAL_MESSAGE = "internal error; the server log has the details under this request's id"
# What a client is told of a server-side domain error (5xx): its message may hold server paths and
# library text, so it goes to the log only.
SERVER_MESSAGES = {
    503: "a model or setting this request needs is not available on this server; the server log has "
    "the details under this request's id",
}


class ServiceError(Exception):
    """An HTTP-level refusal with the one error shape (queue full, bad key, timeout, ...)."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


class QueueFullError(ServiceError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429,
            "queue_full",
            f"the translation queue is full; retry in {retry_after} s",
            {"Retry-After": str(retry_after)},
        )


class RequestTimeoutError(ServiceError):
    def __init__(self, seconds: float) -> None:
        super().__init__(504, "timeout", f"the request took longer than {seconds:g} s and was stopped")


class UnavailableError(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(503, "unavailable", message)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=dict(headers or {}))


def status_for(exc: core.TarjamaError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]  # type: ignore[index]
    return 400


# Pydantic names the branch of a union it tried (`dict[...]`, `function-after[...]`): not a field.
_BRANCH = re.compile(r"^(dict|list|tuple|set|function-[a-z]+|constrained-str|json-or-python)\[")


def _location(loc: Sequence[Any]) -> str:
    parts = [
        str(part)
        for part in loc
        if part not in ("body", "query", "path", "header") and not _BRANCH.match(str(part))
    ]
    return ".".join(parts) or "body"


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """A short, input-free summary of pydantic errors: `field: problem; ...` (at most five)."""
    parts = []
    for error in errors[:5]:
        kind = error.get("type", "")
        if kind == "json_invalid":
            parts.append("the body is not valid JSON")
            continue
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{_location(error.get('loc', ()))}: {message}")
    if len(errors) > 5:
        parts.append(f"and {len(errors) - 5} more")
    return "; ".join(parts) or "invalid request"


async def _on_service_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


def public_error(exc: BaseException) -> tuple[int, str, str]:
    """(status, code, message) to send for `exc`; server-side details are logged, never sent.

    Our own refusals (`ServiceError`) and client-side domain errors (4xx) keep their message: it was
    written for the caller. A 5xx domain error sends a fixed message with its code; anything else is
    a 500 `internal_error`. The log line carries the request id and the chained causes.
    """
    if isinstance(exc, ServiceError):
        return exc.status, exc.code, exc.message
    if isinstance(exc, core.TarjamaError):
        status = status_for(exc)
        if status < 500:
            return status, exc.code, exc.message
        log.error("%s (%d): %s", exc.code, status, exc.message, exc_info=exc)
        return status, exc.code, SERVER_MESSAGES.get(status, INTERNAL_MESSAGE)
    log.error("unhandled error", exc_info=exc)
    return 500, "internal_error", INTERNAL_MESSAGE


async def _on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    status, code, message = public_error(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, core.OverloadedError) else None
    return error_response(status, code, message, headers)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "validation_error", validation_message(exc.errors()))


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODE_BY_STATUS.get(exc.status_code, "error" if exc.status_code < 500 else "internal_error")
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code < 500 else None
    if isinstance(exc.__cause__, UnicodeDecodeError):
        code, detail = "invalid_encoding", "the body is not valid UTF-8; send JSON encoded as UTF-8"
    return error_response(exc.status_code, code, detail or code.replace("_", " "), exc.headers)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", INTERNAL_MESSAGE)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _on_service_error)
    app.add_exception_handler(core.TarjamaError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
