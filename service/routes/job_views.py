"""What the job routes share: the runner of the app, the caller's key id, status and result answers."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import FileResponse

from service.deps import Caller
from service.errors import ServiceError, UnavailableError
from service.job_runner import JobRunner
from service.jobs import Job, JobNotFoundError


def get_runner(request: Request) -> JobRunner:
    runner = getattr(request.app.state, "jobs", None)
    if runner is None:
        raise UnavailableError("the service is starting or stopping; retry shortly")
    return runner  # type: ignore[no-any-return]


RunnerDep = Annotated[JobRunner, Depends(get_runner)]


async def admit_job(caller: Caller, chars: int) -> None:
    """Count a job against the key's quotas: one request, and its characters per day (429 beyond).

    Unlike `Caller.admit` there is no per-request character cap: jobs exist for inputs over it.
    """
    if caller.key is None or caller.svc.keys is None:
        return
    settings, key = caller.svc.settings, caller.key
    rpm = settings.default_rpm if key.rpm is None else key.rpm
    daily = settings.default_daily_chars if key.daily_chars is None else key.daily_chars
    result = await asyncio.to_thread(caller.svc.keys.admit, key, chars, rpm, daily)
    if result.allowed:
        return
    if result.reason == "rate_limited":
        message = f"over this key's {rpm} requests per minute; retry in {result.retry_after} s"
    else:
        message = f"{chars} characters is over what is left of this key's {daily} per day"
    raise ServiceError(429, result.reason, message, {"Retry-After": str(result.retry_after)})


def key_id(caller: Caller) -> int | None:
    return caller.key.id if caller.key is not None else None


async def find_job(runner: RunnerDep, caller: Caller, job_id: str, kinds: tuple[str, ...]) -> Job:
    """The caller's job of one of `kinds`; 404 for an unknown, expired or other key's job alike."""
    if not job_id.isalnum() or len(job_id) > 64:
        raise JobNotFoundError(job_id)
    keys_on = caller.svc.settings.api_keys
    job = await asyncio.to_thread(runner.store.get, job_id, key_id(caller), check_key=keys_on)
    if job.kind not in kinds:
        raise JobNotFoundError(job_id)
    return job


def status_body(job: Job, base: str) -> dict[str, Any]:
    return job.to_dict(f"{base}/{job.id}")


def result_response(runner: JobRunner, job: Job) -> FileResponse:
    """The stored result as a download; 409 while the job is not done (the status says why)."""
    if job.status != "done" or job.result_name is None:
        reason = f": {job.error_message}" if job.status == "failed" and job.error_message else ""
        raise ServiceError(
            409, "job_not_done", f"the job is {job.status}{reason}; poll its status until done"
        )
    path = runner.store.result_path(job)
    if not path.is_file():
        raise JobNotFoundError(job.id)
    return FileResponse(
        path, media_type=job.media_type or "application/octet-stream", filename=job.result_name
    )
