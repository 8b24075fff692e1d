"""Runs stored jobs in the background of the app: a few at a time, resumed after a restart.

Each kind of job has a handler `async (runner, job) -> None` that ends with `store.finish` (or
raises: a `TarjamaError` or `ServiceError` fails the job with its code and message, anything else
fails it with a generic message and a log line). Handlers run their model work in the runner's own
threads, never the request pool, so interactive requests keep their threads while a job runs.

Priority: document and digest jobs translate through a `QueuedEngine` on the core scheduler at
`Priority.BACKGROUND`: their units share model calls with interactive requests but are taken after
them, so editors' requests stay fast while a big job runs.

Resume: a document or digest job keeps its translated units in `checkpoint.jsonl` in its folder
(`models.checkpoint.UnitCheckpoint`, written as each model call comes back); a job resumed after
a crash or SIGKILL answers those units from it and sends the model only the rest. Article-archive
jobs resume through their batch worker's manifest instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from models.checkpoint import UnitCheckpoint
from models.errors import TarjamaError
from models.queued import QueuedEngine, UnitMemory
from models.scheduler import Priority
from service.errors import INTERNAL_MESSAGE, ServiceError
from service.jobs import Job, JobStore
from service.state import Service

log = logging.getLogger("service.jobs")

MAX_ATTEMPTS = 3
"""A job interrupted this many times (each restart counts one) fails rather than crash the service again."""

Handler = Callable[["JobRunner", Job], Awaitable[None]]
HANDLERS: dict[str, Handler] = {}
"""Job kind -> handler; route modules register theirs at import (`register_handler`)."""


def register_handler(kind: str, handler: Handler) -> None:
    HANDLERS[kind] = handler


class JobRunner:
    """Picks queued jobs from `store` and runs up to `workers` of them at once."""

    def __init__(self, svc: Service, store: JobStore, workers: int, poll_s: float = 1.0) -> None:
        self.svc = svc
        self.store = store
        self.workers = workers
        self.poll_s = poll_s
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="tarjama-job")
        self._wake = asyncio.Event()
        self._running: dict[str, asyncio.Task[None]] = {}
        self._loop_task: asyncio.Task[None] | None = None

    def queued_engine(self, memory: UnitMemory | None = None) -> QueuedEngine:
        """An engine whose model calls go through the scheduler at background priority, after
        `memory` (default: the translation memory) and the editor-approved memory (see the module
        note)."""
        from service.work import ServiceMemory

        return QueuedEngine(
            self.svc.batcher.scheduler,
            priority=Priority.BACKGROUND,
            memory=memory if memory is not None else ServiceMemory(self.svc, asyncio.get_running_loop()),
            approved=self.svc.terminology,
        )

    async def run_in_thread(self, work: Callable[..., Any], *args: Any, job: Job | None = None) -> Any:
        """`work(queued_engine, *args)` in a job thread; its queued units are dropped if the job stops.

        job: the job whose translated units are checkpointed in its folder as they come back (in
        front of the translation memory), so after a crash or restart it sends the model only the
        units it has not got (see `models.checkpoint`); None for work without a checkpoint.
        """
        from service.work import ServiceMemory

        loop = asyncio.get_running_loop()
        checkpoint = None
        if job is not None:
            path = self.store.checkpoint_path(job.id)
            checkpoint = await asyncio.to_thread(UnitCheckpoint, path, ServiceMemory(self.svc, loop))
            if len(checkpoint):
                log.info("job %s resumes with %d unit(s) from its checkpoint", job.id, len(checkpoint))
        engine = self.queued_engine(checkpoint)

        def run() -> Any:
            try:
                return work(engine, *args)
            finally:  # in the thread: a stopped job's call in flight still lands in the file
                if checkpoint is not None:
                    checkpoint.close()

        try:
            return await loop.run_in_executor(self.pool, run)
        finally:
            engine.cancel()

    async def start(self) -> None:
        interrupted = await asyncio.to_thread(self.store.requeue_interrupted)
        if interrupted:
            log.info("resuming %d interrupted job(s)", len(interrupted))
        self._loop_task = asyncio.create_task(self._loop(), name="tarjama-jobs")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        """Stop picking jobs and cancel the running ones; they stay `running` in the store and are
        resumed by the next start."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
        tasks = list(self._running.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.pool.shutdown(wait=False, cancel_futures=True)

    async def _loop(self) -> None:
        ticks = 0
        while True:
            if ticks % 60 == 0:
                try:
                    await asyncio.to_thread(self.store.expire)
                except Exception as exc:  # a full disk must not stop the runner
                    log.warning("expiring jobs failed: %s", type(exc).__name__)
            ticks += 1
            if len(self._running) < self.workers:
                for job in await asyncio.to_thread(self.store.queued):
                    if len(self._running) >= self.workers:
                        break
                    if job.id not in self._running:
                        self._running[job.id] = asyncio.create_task(self._run(job), name=f"job-{job.id}")
            self._wake.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_s)

    async def _run(self, job: Job) -> None:
        try:
            handler = HANDLERS.get(job.kind)
            if handler is None:
                await asyncio.to_thread(
                    self.store.fail, job.id, "unknown_job_kind", f"no handler for {job.kind}"
                )
                return
            if job.attempts >= MAX_ATTEMPTS:
                message = f"the job was interrupted {job.attempts} times (crash or restart) and was stopped"
                await asyncio.to_thread(self.store.fail, job.id, "job_interrupted", message)
                return
            if not self.store.folder(job.id).is_dir():  # a crash inside `fail` left it half-failed
                message = "the job's files were lost (crash or restart) and it was stopped"
                await asyncio.to_thread(self.store.fail, job.id, "job_files_lost", message)
                return
            job = await asyncio.to_thread(self.store.start, job.id)
            await handler(self, job)
        except asyncio.CancelledError:
            raise  # shutdown: the job stays running and resumes at the next start
        except TarjamaError as exc:
            await asyncio.to_thread(self.store.fail, job.id, exc.code, exc.message)
        except ServiceError as exc:
            await asyncio.to_thread(self.store.fail, job.id, exc.code, exc.message)
        except Exception as exc:
            log.error("job %s (%s) failed", job.id, job.kind, exc_info=exc)
            await asyncio.to_thread(self.store.fail, job.id, "internal_error", INTERNAL_MESSAGE)
        finally:
            self._running.pop(job.id, None)
            self.wake()


async def open_jobs(app: Any, svc: Service, stack: contextlib.AsyncExitStack) -> JobRunner:
    """The job store and runner of an app (lifespan): `app.state.jobs`, stopped at shutdown."""
    settings = svc.settings
    root = settings.jobs_dir or svc.engine.settings.cache_dir / "jobs"
    store = JobStore(
        root,
        ttl_s=settings.job_ttl_s,
        max_active=settings.max_jobs_per_key,
        max_bytes=settings.max_job_bytes_per_key,
    )
    stack.callback(store.close)
    runner = JobRunner(svc, store, settings.job_workers)
    stack.push_async_callback(runner.stop)
    await runner.start()
    app.state.jobs = runner
    return runner
