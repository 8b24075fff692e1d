"""`POST /v1/jobs`: briefings of many articles plus their digest, as a zip, asynchronously.

Send a zip of articles (multipart `file`; .txt .md .html .json .jsonl and documents such as .docx or
.pdf, in folders if you like) or JSON `{"texts": [...]}`; poll `GET /v1/jobs/{id}`; fetch
`GET /v1/jobs/{id}/result` (briefings, digest.md/html and report.json, zipped).

The job runs `tarjama batch` on its own folder as a worker process (the service never imports
`batch/`: the two adapters stay independent). The batch manifest in the job's output folder is what
makes a job survive a restart: after a crash or SIGKILL the job is queued again, `tarjama batch`
runs on the same folders and skips every article already done (nothing is translated twice).
The worker loads its own copy of the models and runs at a lower CPU priority (nice 10), so it does
not share the service's batcher; it dies with the service (PR_SET_PDEATHSIG on Linux).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import shutil
import signal
import sqlite3
import stat
import sys
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.documents.base import DocumentLimits
from models.documents.safety import check_zip
from models.errors import InvalidInputError
from service.deps import CallerDep, ServiceDep
from service.errors import ServiceError, validation_message
from service.job_runner import JobRunner, register_handler
from service.jobs import Job
from service.routes import ERRORS, JOB_RESULT, WITH_JOB, WITH_UPLOAD
from service.routes.job_views import RunnerDep, admit_job, find_job, key_id, result_response, status_body
from service.schemas import Text, contract

router = APIRouter(prefix="/v1", tags=["jobs"])
BASE = "/v1/jobs"
ARTICLE_SUFFIXES = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl",
    ".docx", ".pptx", ".odt", ".odp", ".epub", ".pdf", ".srt", ".vtt",
)  # fmt: skip
MAX_TEXTS = 10_000
_SKIPPED_OUTPUTS = ("manifest.sqlite",)


def _archive_limits(svc: Any) -> DocumentLimits:
    return DocumentLimits(max_bytes=svc.settings.max_body_bytes, max_entries=20_000)


def _check_archive(data: bytes, limits: DocumentLimits) -> int:
    """Refuse a bad zip at submission (4xx); the number of article files in it."""
    archive = check_zip(data, "the upload", limits, "zip", macros=False)
    count = sum(
        1
        for e in archive.infolist()
        if not e.is_dir() and Path(e.filename).suffix.lower() in ARTICLE_SUFFIXES
    )
    if count == 0:
        raise InvalidInputError(f"the zip holds no articles ({' '.join(ARTICLE_SUFFIXES)})")
    return count


def extract_articles(data: bytes, target: Path) -> int:
    """Article files of the zip under `target` (written to a temporary folder, then renamed).

    Symbolic links and other file types are skipped; names were checked for zip-slip at submission
    and each path is checked again to stay inside `target`.
    """
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    root = partial.resolve()
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            mode = entry.external_attr >> 16
            # Only regular files: a symlink or device entry is skipped (no file type bits = a file).
            if entry.is_dir() or (stat.S_IFMT(mode) and not stat.S_ISREG(mode)):
                continue
            if Path(entry.filename).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            path = (partial / entry.filename).resolve()
            if root not in path.parents:
                raise InvalidInputError(f"zip entry {entry.filename[:80]!r} points outside the job's folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(entry) as source, open(path, "wb") as out:
                shutil.copyfileobj(source, out)
            count += 1
    partial.rename(target)
    return count


def write_texts(texts: list[str], target: Path) -> int:
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for number, text in enumerate(texts, start=1):
        (partial / f"text-{number:05d}.txt").write_text(text, encoding="utf-8")
    partial.rename(target)
    return len(texts)


def _done_articles(out: Path) -> int:
    manifest = out / "manifest.sqlite"
    if not manifest.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=1)
        try:
            return int(db.execute("SELECT COUNT(*) FROM articles WHERE status != 'pending'").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _die_with_parent() -> None:  # runs in the child before exec
    os.nice(10)
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _zip_outputs(out: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if not path.is_file() or rel.startswith(_SKIPPED_OUTPUTS) or path.name.startswith("."):
                continue
            archive.write(path, rel)
    return buffer.getvalue()


async def run_batch_job(runner: JobRunner, job: Job) -> None:
    store = runner.store
    folder = store.folder(job.id)
    inp, out = folder / "input", folder / "output"
    if not inp.is_dir():  # first run, or a restart before the input was fully written
        if (folder / "input.zip").is_file():
            data = (folder / "input.zip").read_bytes()
            total = await asyncio.to_thread(extract_articles, data, inp)
        else:
            texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
            total = await asyncio.to_thread(write_texts, texts, inp)
    else:
        total = sum(1 for p in inp.rglob("*") if p.is_file())
    formats = ",".join(job.params.get("formats", ["json", "md", "html"]))
    command = [sys.executable, "-m", "models.cli.main", "batch", str(inp), str(out), "--formats", formats]
    command += ["--workers", "1", "--quiet", "--group-articles", "4"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(_repo_root()), os.environ.get("PYTHONPATH")])),
    }
    log_path = folder / "worker.log"
    with open(log_path, "ab") as log:
        process = await asyncio.create_subprocess_exec(
            *command, stdout=log, stderr=log, env=env, preexec_fn=_die_with_parent
        )
        try:
            while True:
                try:
                    await asyncio.wait_for(process.wait(), 1.0)
                    break
                except asyncio.TimeoutError:
                    await asyncio.to_thread(store.progress, job.id, _done_articles(out), total)
        except asyncio.CancelledError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()  # the next start resumes from the manifest
            raise
    code = process.returncode
    if code not in (0, 1):
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or [""]
        message = (
            tail[0].removeprefix("tarjama: error: ")[:500] or f"the batch worker exited with status {code}"
        )
        raise ServiceError(500, "batch_failed", message)
    notes = []
    report_path = out / "report.json"
    if report_path.is_file():
        counts = json.loads(report_path.read_text(encoding="utf-8")).get("counts", {})
        if counts.get("failed"):
            notes.append(f"{counts['failed']} article(s) failed; report.json in the result says why")
    result = await asyncio.to_thread(_zip_outputs, out)
    await asyncio.to_thread(store.finish, job.id, result, f"briefings-{job.id}.zip", "application/zip", notes)
    shutil.rmtree(inp, ignore_errors=True)
    (folder / "input.zip").unlink(missing_ok=True)


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


register_handler("batch", run_batch_job)


class TextsJob(BaseModel):
    """The JSON body of `POST /v1/jobs`: the articles as texts, and the briefing formats to write."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=contract(not_blank=("texts",)))

    texts: Annotated[list[Text], Field(min_length=1, max_length=MAX_TEXTS, description="one article each")]
    formats: Annotated[
        list[Literal["json", "md", "html"]], Field(min_length=1, description="briefing formats")
    ] = ["json", "md", "html"]


def _texts_job(raw: bytes) -> TextsJob:
    try:
        body = TextsJob.model_validate_json(raw)
    except ValidationError as exc:
        raise InvalidInputError(validation_message(exc.errors())) from None
    if not all(text.strip() for text in body.texts):
        raise InvalidInputError('"texts" must be a non-empty list of non-empty strings')
    return body


_JOB_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": TextsJob.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "a zip of articles"}
                },
            }
        },
    },
}


@router.post(
    "/jobs",
    status_code=202,
    responses={**ERRORS, 422: WITH_UPLOAD[422]},  # a zip that is not one, or holds no articles
    openapi_extra={"requestBody": _JOB_BODY},
    summary="Briefings and a digest of many articles (job)",
)
async def create_job(request: Request, svc: ServiceDep, caller: CallerDep, runner: RunnerDep) -> JSONResponse:
    """A zip of articles (multipart `file`) or JSON `{"texts": [...], "formats": [...]}`."""
    content_type = request.headers.get("content-type", "")
    formats = ["json", "md", "html"]
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidInputError("send the zip of articles as the multipart field 'file'")
        data = await upload.read()
        await asyncio.to_thread(_check_archive, data, _archive_limits(svc))
        await admit_job(caller, 0)  # characters are known only once the worker reads the files
        files = {"input.zip": data}
    else:
        body = _texts_job(await request.body())
        texts, formats = body.texts, list(body.formats)
        await admit_job(caller, sum(len(t) for t in texts))
        files = {"texts.json": json.dumps(texts, ensure_ascii=False).encode("utf-8")}
    job = await asyncio.to_thread(runner.store.create, "batch", key_id(caller), {"formats": formats}, files)
    runner.wake()
    return JSONResponse(status_body(job, BASE), status_code=202)


@router.get("/jobs/{job_id}", responses=WITH_JOB, summary="Status of a job")
async def job_status(job_id: str, caller: CallerDep, runner: RunnerDep) -> dict[str, Any]:
    return status_body(await find_job(runner, caller, job_id, ("batch", "digest")), BASE)


@router.get("/jobs/{job_id}/result", responses=JOB_RESULT, summary="A job's result")
async def job_result(job_id: str, caller: CallerDep, runner: RunnerDep) -> FileResponse:
    return result_response(runner, await find_job(runner, caller, job_id, ("batch", "digest")))
