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
# Routes that look up a job by id answer 404 for an unknown, expired or other key's job.
WITH_JOB: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "job_not_found: unknown, expired or another key's job"},
}
# A job's result: also 409 while the job is not done.
JOB_RESULT: dict[int | str, dict[str, Any]] = {
    **WITH_JOB,
    409: {"model": ErrorOut, "description": "job_not_done: the job is queued, running or failed"},
}
# Routes that take an uploaded file: what only its name or content can tell.
WITH_UPLOAD: dict[int | str, dict[str, Any]] = {
    415: {"model": ErrorOut, "description": "unsupported_format: a file name without a known extension"},
    422: {
        "model": ErrorOut,
        "description": "invalid fields, or a corrupt, encrypted or unsafe file, or one with no text",
    },
}
