"""The app factory. `tarjama serve` runs `uvicorn.run("service.app:create_app", factory=True)`.

The lifespan starts the engine (the translation models load at startup, summary models on first
use), the batcher, the translation memory and the key store, and stops them in reverse order.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI

from models.engine import Engine
from models.terminology.store import TerminologyStore
from service.batcher import Batcher
from service.cache import TranslationCache, make_cache
from service.errors import install_error_handlers
from service.job_runner import open_jobs
from service.keys import KeyStore
from service.logging import configure_logging, install_request_ids
from service.metrics import Metrics
from service.middleware import RequestMiddleware
from service.routes import (
    briefing,
    digest,
    documents,
    glossaries,
    jobs,
    libretranslate,
    memory,
    meta,
    summarize,
    translate,
)
from service.routes.web import router as web_router
from service.settings import ServiceSettings, load_service_settings
from service.shutdown import Drain
from service.shutdown import install as install_drain
from service.state import Service

log = logging.getLogger("service.app")

DESCRIPTION = """Arabic <-> English translation, summaries and bilingual briefings.

Every error answers `{"error": {"code": str, "message": str}}`. When API keys are on, send
`Authorization: Bearer <key>` (LibreTranslate clients: `api_key`). Responses carry `X-Request-ID`.
"""


def create_app(
    settings: ServiceSettings | None = None,
    engine: Engine | None = None,
    *,
    cache: TranslationCache | None = None,
) -> FastAPI:
    """Build the app. With no settings (the uvicorn factory path) they are read from the environment
    and logging is configured; with no engine one is built from the core settings and closed at
    shutdown (an engine passed in belongs to the caller). `cache` replaces the configured backend.
    """
    if settings is None:
        settings = load_service_settings()
        configure_logging(settings.log_level, settings.log_format)
    else:
        install_request_ids()
    metrics = Metrics()
    drain = Drain()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            running_engine = engine
            if running_engine is None:  # ours: closed at shutdown
                from models.settings import load_settings

                running_engine = Engine(load_settings())
                stack.callback(running_engine.close)
            core = running_engine.settings
            memory = cache
            if memory is None:  # ours: closed at shutdown
                memory = make_cache(settings, core.cache_dir)
                stack.callback(memory.close)
            keys = None
            if settings.api_keys:
                keys = KeyStore(settings.keys_path(core.cache_dir))
                stack.callback(keys.close)
            terminology = TerminologyStore(core.terminology_path())
            stack.callback(terminology.close)
            work_pool = ThreadPoolExecutor(settings.work_threads, thread_name_prefix="tarjama-work")
            stack.callback(work_pool.shutdown, wait=False, cancel_futures=True)
            batcher = Batcher(
                running_engine,
                queue_size=settings.queue_size,
                max_wait_s=settings.max_batch_wait_ms / 1000,
                metrics=metrics,
                max_queued_tokens=settings.max_queued_tokens,
            )
            stack.push_async_callback(batcher.stop)
            await batcher.start(preload=settings.preload)
            log.info(
                "ready: %s (cache=%s, api keys %s)",
                ", ".join(sorted(running_engine.loaded())) or "-",
                memory.name,
                "on" if keys else "off",
            )
            restore = install_drain(drain, settings.drain_timeout_s)  # SIGTERM: drain, then exit 0
            if restore is not None:
                stack.callback(restore)
            app.state.service = Service(
                settings, running_engine, batcher, memory, metrics, work_pool, keys, terminology
            )
            await open_jobs(app, app.state.service, stack)
            try:
                yield
            finally:
                app.state.service = None

    app = FastAPI(
        title="tarjama",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served offline by service.routes.web
        redoc_url=None,
    )
    app.state.service = None
    app.state.drain = drain
    install_error_handlers(app)
    app.add_middleware(
        RequestMiddleware,
        max_body_bytes=settings.max_body_bytes,
        metrics=lambda: metrics,
        metrics_token=settings.metrics_token,
        drain=drain,
    )
    for module in (translate, summarize, briefing, meta, libretranslate):
        app.include_router(module.router)
    for module in (glossaries, memory, documents, digest, jobs):  # terminology; documents and jobs
        app.include_router(module.router)
    app.include_router(meta.ops)
    app.include_router(web_router)  # the workbench page and the offline docs
    return app
