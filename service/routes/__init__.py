"""HTTP routes, one module per area; each exposes `router`."""

from __future__ import annotations

from typing import Any

from service.schemas import ErrorOut

# Documented error answers (all in the one error shape).
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in {
        400: "bad request (unsupported language pair, unreadable body)",
        401: "missing, unknown or revoked API key",
        413: "body or text over the configured limits",
        422: "invalid request fields",
        429: "queue full or key quota exceeded (see Retry-After)",
        500: "internal error (details in the server log, by request id)",
        503: "not ready (models loading) or shutting down",
        504: "request timeout",
    }.items()
}
# Routes that take a `glossary_id` also answer 404 for an unknown one.
WITH_GLOSSARY: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "unknown glossary_id (or not the caller's)"},
}
