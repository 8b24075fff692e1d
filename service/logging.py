"""Logging with the request id on every line.

The id lives in a context variable set by the request middleware; a log-record factory copies it
onto every record (from any logger, uvicorn's included), so formatters can print `%(request_id)s`.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("tarjama_request_id", default="-")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_VALID_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_HANDLER_MARK = "_tarjama_service_handler"
_FACTORY_MARK = "_tarjama_request_id_factory"


def new_request_id(offered: str | None = None) -> str:
    """The client's X-Request-ID when it is a short token of safe characters, else a fresh one."""
    if offered and _VALID_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def _install_record_factory() -> None:
    current = logging.getLogRecordFactory()
    if getattr(current, _FACTORY_MARK, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return record

    setattr(factory, _FACTORY_MARK, True)
    logging.setLogRecordFactory(factory)


# Query-string secrets (`?api_key=...`, `&token=...`) in any log line, uvicorn's access log included.
_SECRET_PARAM = re.compile(
    r"(?i)((?:^|[?&;\s\"'(])(?:api[_-]?key|key|token|access[_-]?token|secret|password|auth)=)[^&\s\"';#]*"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """`text` with the value of every secret-looking query parameter replaced by `[redacted]`."""
    return _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and exception text) with query-string secrets redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (and exc_info)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc_info"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class _TextFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))


def configure_logging(level: str = "info", fmt: str = "text") -> None:
    """Root logging to stderr, once, with request ids and secrets redacted; idempotent.

    The service owns the root logger of its process: a handler installed before (the CLI's
    `basicConfig`) is removed, so each line is written once, with its request id.
    fmt: "text" (one readable line) or "json" (one JSON object per line).
    """
    _install_record_factory()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else _TextFormatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


def install_request_ids() -> None:
    """Only the record factory (tests and embedding apps keep their own handlers)."""
    _install_record_factory()
