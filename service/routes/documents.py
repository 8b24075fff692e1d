"""Documents as asynchronous jobs: `POST /v1/documents` (multipart upload) -> `{id, status}`; poll
`GET /v1/documents/{id}`; fetch `GET /v1/documents/{id}/result` (the translated file, same format;
a PDF comes back as .docx). LibreTranslate's `POST /translate_file` sits on top: it submits a job,
waits for it within the request timeout and answers `translatedFileUrl`. `POST /v1/documents/text`
answers a document's paragraphs at once, untranslated (the workbench loads uploads with it).

The upload is parsed once at submission (in a thread) so a corrupt, encrypted, macro-carrying or
oversized file is a 4xx at once; the job then translates it through the service's batcher.
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from models.documents import DocumentLimits, DocumentOptions, format_for, read_document
from models.errors import DocumentTooLargeError, InvalidInputError, NoMainTextError, UnsupportedFormatError
from models.terminology.spans import parse_kinds
from models.terminology.terms import Terminology
from models.translate import TranslationOptions
from service.deps import Caller, CallerDep, ServiceDep, authenticate, key_from_headers
from service.errors import ServiceError
from service.job_runner import JobRunner, register_handler
from service.jobs import Job, JobNotFoundError
from service.routes import ERRORS, JOB_RESULT, WITH_GLOSSARY, WITH_JOB, WITH_UPLOAD
from service.routes.glossaries import request_terminology, store_of
from service.routes.job_views import RunnerDep, admit_job, find_job, key_id, result_response, status_body
from service.schemas import SourceLang, TargetLang, contract
from service.state import Service

router = APIRouter(tags=["documents"])
BASE = "/v1/documents"


def limits_for(svc: Service) -> DocumentLimits:
    return DocumentLimits(max_bytes=svc.settings.max_document_bytes)


def _languages(source: str, target: str | None) -> tuple[str, str | None]:
    source = (source or "auto").strip().lower()
    target = (target or "").strip().lower() or None
    if source not in ("auto", "ar", "en"):
        raise ServiceError(
            400, "unsupported_language", f"unsupported source language {source[:20]!r}; use auto, ar or en"
        )
    if target not in (None, "ar", "en"):
        raise ServiceError(
            400, "unsupported_language", f"unsupported target language {target[:20]!r}; use ar or en"
        )
    if source != "auto" and source == target:
        raise ServiceError(400, "unsupported_language", f"source and target are both {source}")
    return source, target


async def _read_upload(svc: Service, upload: UploadFile) -> tuple[bytes, str]:
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    if not name:
        raise InvalidInputError("the upload has no file name; its extension gives the format")
    try:
        format_for(name)
    except UnsupportedFormatError as exc:
        raise ServiceError(415, exc.code, exc.message) from None
    limit = svc.settings.max_document_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DocumentTooLargeError(f"{name}: over the limit of {limit} bytes per document")
    return data, name


async def submit_document(
    runner: JobRunner,
    caller: Caller,
    upload: UploadFile,
    source: str,
    target: str | None,
    glossary_id: str | None = None,
) -> Job:
    """Check the upload (format, size, safety, parse) and the glossary (404 for one the caller cannot
    see), count it against the key's quotas, queue its job."""
    svc = caller.svc
    source, target = _languages(source, target)
    if glossary_id:
        await request_terminology(svc, caller, glossary_id, None)
    data, name = await _read_upload(svc, upload)
    document = await asyncio.to_thread(read_document, data, name, limits_for(svc))
    if not any(block.text.strip() for block in document.blocks):
        raise NoMainTextError(f"{name}: the document has no text to translate")
    await admit_job(caller, len(document.text))
    owner = key_id(caller)
    params = {
        "name": name,
        "source": source,
        "target": target,
        "glossary_id": glossary_id or None,
        "token": secrets.token_urlsafe(16),
    }
    job = await asyncio.to_thread(runner.store.create, "document", owner, params, {"input": data})
    total = sum(1 for block in document.blocks if any(ch.isalpha() for ch in block.text))
    await asyncio.to_thread(runner.store.progress, job.id, 0, total)
    runner.wake()
    return job


async def run_document_job(runner: JobRunner, job: Job) -> None:
    from models.documents import translate_document

    store, params = runner.store, job.params
    data = (store.folder(job.id) / "input").read_bytes()
    options = DocumentOptions(
        source=params["source"],
        target=params["target"],
        translation=TranslationOptions(terminology=await _job_terminology(runner.svc, params)),
        limits=limits_for(runner.svc),
    )

    def work(engine: Any) -> Any:
        return translate_document(
            engine,
            data,
            params["name"],
            options,
            progress=lambda done, total: store.progress(job.id, done, total),
        )

    result = await runner.run_in_thread(work, job=job)
    fmt = format_for(params["name"])
    await asyncio.to_thread(
        store.finish, job.id, result.data, result.filename(params["name"]), fmt.media_type, result.notes
    )


async def _job_terminology(svc: Service, params: dict[str, Any]) -> Terminology:
    """The job's glossary (checked when it was submitted), protected spans and approved memory.

    A document's paragraphs may be in either language, so the glossary applies to its own pair.
    """
    glossary = None
    glossary_id = params.get("glossary_id")
    if glossary_id:
        glossary = await asyncio.to_thread(store_of(svc).glossary, glossary_id)
        if glossary is None:  # deleted since the job was queued
            raise InvalidInputError(f"glossary {glossary_id!r} was deleted before the job ran")
    kinds = parse_kinds(svc.engine.settings.protect_spans)
    return Terminology(glossary=glossary, protect=kinds, memory=svc.terminology, strict_pair=False)


register_handler("document", run_document_job)


def _form_schema(schema: dict[str, Any]) -> None:
    contract(not_null=("target",))(schema)
    # The same language on both sides is refused (see `_languages`).
    schema["not"] = {
        "anyOf": [
            {
                "required": ["source", "target"],
                "properties": {"source": {"const": lang}, "target": {"const": lang}},
            }
            for lang in ("ar", "en")
        ]
    }


_FORMATS = ".docx .pptx .odt .odp .epub .srt .vtt .html .md .txt or .pdf"


class DocumentForm(BaseModel):
    """The multipart fields of `POST /v1/documents` besides `file`."""

    model_config = {"json_schema_extra": _form_schema}

    source: SourceLang = Field("auto", description="ar, en or auto")
    target: TargetLang | None = Field(None, description="ar or en (default: the other language)")
    glossary: str | None = Field(
        None, max_length=64, description="id of a glossary (POST /v1/glossaries) applied to its pair"
    )


class FileForm(BaseModel):
    """The multipart fields of LibreTranslate's `POST /translate_file` besides `file`."""

    model_config = {"json_schema_extra": _form_schema}

    source: SourceLang = "auto"
    target: TargetLang
    api_key: str | None = None


@router.post(
    BASE,
    status_code=202,
    responses={**WITH_GLOSSARY, **WITH_UPLOAD},
    summary="Translate a document (asynchronous job)",
)
async def create_document_job(
    caller: CallerDep,
    runner: RunnerDep,
    file: Annotated[UploadFile, File(description=_FORMATS)],
    form: Annotated[DocumentForm, Form()],
) -> dict[str, Any]:
    """Queue a document for translation; poll the returned id, then fetch the result."""
    job = await submit_document(runner, caller, file, form.source, form.target, form.glossary)
    return status_body(job, BASE)


class DocumentTextOut(BaseModel):
    name: str = Field(description="the file's name, as uploaded")
    format: str = Field(
        description="the format read: docx, pptx, odt, odp, epub, srt, vtt, pdf, html, md, txt"
    )
    paragraphs: list[str] = Field(description="its text, one entry per paragraph, cell, slide note or cue")


async def document_text(caller: Caller, upload: UploadFile) -> DocumentTextOut:
    """Read an upload's paragraphs with the core's readers, after the same checks as a job's upload."""
    svc = caller.svc
    data, name = await _read_upload(svc, upload)
    document = await asyncio.to_thread(read_document, data, name, limits_for(svc))
    paragraphs = document.paragraphs
    if not paragraphs:
        raise NoMainTextError(f"{name}: the document has no text to read")
    await caller.admit(sum(len(p) for p in paragraphs))
    return DocumentTextOut(name=name, format=document.format, paragraphs=paragraphs)


@router.post(
    f"{BASE}/text",
    response_model=DocumentTextOut,
    responses={**ERRORS, **WITH_UPLOAD},
    summary="The text of a document, untranslated",
)
async def document_text_route(
    caller: CallerDep, file: Annotated[UploadFile, File(description=_FORMATS)]
) -> DocumentTextOut:
    """A document's paragraphs at once, with no job and no translation (the workbench fills its
    source box with them); the same formats, size limit and safety checks as `POST /v1/documents`."""
    return await document_text(caller, file)


@router.get(f"{BASE}/{{job_id}}", responses=WITH_JOB, summary="Status of a document job")
async def document_status(job_id: str, caller: CallerDep, runner: RunnerDep) -> dict[str, Any]:
    return status_body(await find_job(runner, caller, job_id, ("document",)), BASE)


@router.get(f"{BASE}/{{job_id}}/result", responses=JOB_RESULT, summary="The translated document")
async def document_result(job_id: str, request: Request, svc: ServiceDep, runner: RunnerDep) -> FileResponse:
    """The file; with keys on, the owner's key, or the `token` of a LibreTranslate download URL."""
    token = request.query_params.get("token")
    if token:
        job = await asyncio.to_thread(runner.store.get, job_id)
        if job.kind != "document" or not secrets.compare_digest(str(job.params.get("token", "")), token):
            raise JobNotFoundError(job_id)
        return result_response(runner, job)
    caller_key = await authenticate(svc, key_from_headers(request))
    job = await find_job(runner, Caller(svc, caller_key), job_id, ("document",))
    return result_response(runner, job)


@router.post(
    "/translate_file",
    responses={**ERRORS, **WITH_UPLOAD},
    tags=["libretranslate"],
    summary="LibreTranslate: translate a file",
)
async def lt_translate_file(
    request: Request,
    svc: ServiceDep,
    runner: RunnerDep,
    file: Annotated[UploadFile, File(description=_FORMATS)],
    form: Annotated[FileForm, Form()],
) -> dict[str, Any]:
    """Translate an uploaded file and answer `{"translatedFileUrl": ...}` once it is ready (within the
    request timeout; a longer job answers 504 and keeps running under /v1/documents)."""
    caller = Caller(svc, await authenticate(svc, key_from_headers(request) or form.api_key))
    job = await submit_document(runner, caller, file, form.source, form.target)
    deadline = asyncio.get_running_loop().time() + svc.settings.request_timeout_s
    while True:
        job = await asyncio.to_thread(runner.store.get, job.id)
        if job.status == "done":
            break
        if job.status == "failed":
            raise ServiceError(400, job.error_code or "failed", job.error_message or "the translation failed")
        if asyncio.get_running_loop().time() > deadline:
            raise ServiceError(
                504, "timeout", f"the file is still being translated; poll {BASE}/{job.id} for its status"
            )
        await asyncio.sleep(0.2)
    url = str(request.base_url).rstrip("/") + f"{BASE}/{job.id}/result?token={job.params['token']}"
    return {"translatedFileUrl": url}
