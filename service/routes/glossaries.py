"""`/v1/glossaries`: named per-pair glossaries (JSON, or an uploaded CSV/TSV file).

With API keys on, a key sees and deletes its own glossaries and sees the shared ones an admin
made with `tarjama glossary add|import`; with keys off every glossary is visible to everyone.
`request_terminology` turns a request's `glossary_id` / inline `glossary` / `protect` into the
core's `Terminology` (with the approved memory attached).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from models.errors import InputTooLargeError, InvalidInputError
from models.terminology.glossary import (
    PAIRS,
    Glossary,
    build_glossary,
    entries_from_table,
)
from models.terminology.spans import parse_kinds
from models.terminology.store import GlossaryInfo, TerminologyStore
from models.terminology.terms import Terminology
from service.deps import Caller, CallerDep, ServiceDep
from service.errors import ServiceError, UnavailableError, validation_message
from service.routes import ERRORS
from service.schemas import MAX_NAME_CHARS, NOT_BLANK, NOT_BLANK_RE, GlossariesOut, GlossaryIn, GlossaryOut
from service.state import Service

router = APIRouter(prefix="/v1", tags=["terminology"])

_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
MAX_FILE_BYTES = 1024 * 1024


def store_of(svc: Service) -> TerminologyStore:
    if svc.terminology is None:
        raise UnavailableError("the terminology database is not open")
    return svc.terminology


def scope(caller: Caller) -> dict[str, Any]:
    """Whose glossaries the caller sees: everyone's with keys off, else its own and the shared ones."""
    return (
        {"owner": None, "everyone": True}
        if caller.key is None
        else {"owner": caller.key.id, "everyone": False}
    )


def unknown_glossary(glossary_id: str) -> ServiceError:
    return ServiceError(
        404, "unknown_glossary", f"no glossary with id {glossary_id!r} (see GET /v1/glossaries)"
    )


async def request_terminology(
    svc: Service,
    caller: Caller,
    glossary_id: str | None,
    inline: Mapping[str, str] | None,
    protect: Sequence[str] | None = None,
) -> Terminology:
    """The terminology of one request; 404 for a glossary id the caller cannot see, 422 for bad entries."""
    kinds = parse_kinds(protect) if protect is not None else parse_kinds(svc.engine.settings.protect_spans)
    glossary: Glossary | None = None
    if glossary_id is not None:
        store = store_of(svc)
        glossary = await asyncio.to_thread(store.glossary, glossary_id, **scope(caller))
        if glossary is None:
            raise unknown_glossary(glossary_id)
    entries: tuple[tuple[str, str], ...] = ()
    if inline is not None:
        entries = tuple(inline.items())
        build_glossary("ar-en", entries)  # checks only; the pair is the text's, known after routing
    return Terminology(glossary=glossary, inline=entries, protect=kinds, memory=svc.terminology)


def _out(info: GlossaryInfo | Glossary, entries: bool = False) -> GlossaryOut:
    if isinstance(info, Glossary):
        return GlossaryOut(
            id=info.id,
            name=info.name,
            pair=info.pair,
            size=len(info.entries),
            shared=info.owner is None,
            entries=[{"source": e.source, "target": e.target} for e in info.entries] if entries else None,
        )
    return GlossaryOut(
        id=info.id,
        name=info.name,
        pair=info.pair,
        size=info.size,
        shared=info.owner is None,
        created_at=info.created_at,
    )


async def _read_glossary(request: Request) -> Glossary:
    """A checked glossary from a JSON body or a form upload (fields name, pair, file)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in _FORM_TYPES:
        form = await request.form()
        upload = form.get("file")
        name, pair = form.get("name"), form.get("pair")
        if upload is None or isinstance(upload, str):
            raise InvalidInputError("upload the glossary as a file field named 'file' (CSV or TSV)")
        if not isinstance(name, str) or not NOT_BLANK_RE.search(name) or pair not in PAIRS:
            raise InvalidInputError("send the form fields 'name' and 'pair' (ar-en or en-ar) with the file")
        if len(name) > MAX_NAME_CHARS:
            raise InvalidInputError(f"a glossary name is at most {MAX_NAME_CHARS} characters")
        data = await upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputTooLargeError(f"a glossary file is at most {MAX_FILE_BYTES} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInputError("the glossary file is not UTF-8 text") from None
        filename = (upload.filename or "").lower()
        delimiter = "\t" if filename.endswith(".tsv") else None
        return build_glossary(pair, entries_from_table(text, delimiter), name=name.strip())
    try:
        body = GlossaryIn.model_validate(json.loads(await request.body() or b"null"))
    except (json.JSONDecodeError, UnicodeDecodeError):  # not JSON, or not UTF-8 text
        raise InvalidInputError("the body is not valid JSON; send {name, pair, entries}") from None
    except ValidationError as exc:
        raise InvalidInputError(validation_message(exc.errors())) from None
    return build_glossary(body.pair, body.pairs(), name=body.name)


@router.post(
    "/glossaries",
    status_code=201,
    response_model=GlossaryOut,
    responses={**ERRORS, 404: {"description": "unknown glossary"}},
    summary="Create a glossary (JSON body or CSV/TSV upload)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": GlossaryIn.body_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "maxLength": MAX_NAME_CHARS, "pattern": NOT_BLANK},
                            "pair": {"type": "string", "enum": list(PAIRS)},
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": "UTF-8 CSV (or TSV: a .tsv name, or a tab in the first line): "
                                "source,target per line, an optional source,target header; the JSON body's "
                                "rules for each entry",
                            },
                        },
                        "required": ["name", "pair", "file"],
                    },
                    "encoding": {"file": {"contentType": "text/csv, text/tab-separated-values"}},
                },
            },
        }
    },
)
async def create_glossary(request: Request, svc: ServiceDep, caller: CallerDep) -> GlossaryOut:
    """JSON `{"name", "pair": "ar-en", "entries": {"ويتكوف": "Witkoff"}}` (or entries as a list), or a
    form upload with `name`, `pair` and `file` (two columns: source, target). Answers its `id`."""
    glossary = await _read_glossary(request)
    owner = caller.key.id if caller.key is not None else None
    stored = await asyncio.to_thread(store_of(svc).add_glossary, glossary, owner)
    return _out(stored, entries=False)


@router.get("/glossaries", response_model=GlossariesOut, responses=ERRORS, summary="List glossaries")
async def list_glossaries(svc: ServiceDep, caller: CallerDep) -> GlossariesOut:
    infos = await asyncio.to_thread(store_of(svc).glossaries, **scope(caller))
    return GlossariesOut(glossaries=[_out(info) for info in infos])


@router.get(
    "/glossaries/{glossary_id}",
    response_model=GlossaryOut,
    responses={**ERRORS, 404: {"description": "unknown glossary"}},
    summary="A glossary with its entries",
)
async def get_glossary(glossary_id: str, svc: ServiceDep, caller: CallerDep) -> GlossaryOut:
    glossary = await asyncio.to_thread(store_of(svc).glossary, glossary_id, **scope(caller))
    if glossary is None:
        raise unknown_glossary(glossary_id)
    return _out(glossary, entries=True)


@router.delete(
    "/glossaries/{glossary_id}",
    status_code=204,
    responses={**ERRORS, 404: {"description": "unknown glossary (or not the caller's)"}},
    summary="Delete a glossary",
)
async def delete_glossary(glossary_id: str, svc: ServiceDep, caller: CallerDep) -> None:
    deleted = await asyncio.to_thread(store_of(svc).delete_glossary, glossary_id, **scope(caller))
    if not deleted:
        raise unknown_glossary(glossary_id)
