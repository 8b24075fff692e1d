"""Logging with the request id on every line.

The id lives in a context variable set by the request middleware; a log-record factory copies it
onto every record (from any logger, uvicorn's included), so formatters can print `%(request_id)s`.
"""

from __future__ import annotations

import contextvars
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


def configure_logging(level: str = "info") -> None:
    """Root logging to stderr with request ids; idempotent (safe for every app the factory builds)."""
    _install_record_factory()
    root = logging.getLogger()
    if not any(getattr(handler, _HANDLER_MARK, False) for handler in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
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
