"""The editor-approved translation memory: `PUT/GET/DELETE /v1/memory`, `GET /v1/memory.tmx`, and
LibreTranslate's `POST /suggest`, which stores into the same memory.

An approved sentence is returned as is by every later translation of that sentence (matched
after normalisation: spelling variants, diacritics, spacing), with `memory: "approved"` on its
segment; it never goes to the model and is never evicted like the translation cache.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, field_validator

from models.engine import PAIRS
from models.errors import InvalidInputError
from models.terminology.store import MemoryEntry
from models.terminology.tmx import write_tmx
from service.deps import Caller, CallerDep, ServiceDep, authenticate, key_from_headers
from service.errors import ServiceError
from service.routes import ERRORS
from service.routes.glossaries import store_of
from service.schemas import MAX_MEMORY_CHARS, XML_TEXT, MemoriesOut, MemoryIn, MemoryOut, Sentence

router = APIRouter(tags=["terminology"])

Pair = Annotated[str | None, Query(pattern="^(ar-en|en-ar)$", description="ar-en or en-ar (default: both)")]


def who_of(caller: Caller, given: str | None) -> str:
    """Who approved: the key (name or prefix) when keys are on, else what the client says."""
    if caller.key is not None:
        return f"key:{caller.key.name or caller.key.prefix}"
    return (given or "").strip() or "anonymous"


def _out(entry: MemoryEntry) -> MemoryOut:
    return MemoryOut(
        pair=entry.pair,
        source=entry.source,
        target=entry.target,
        who=entry.who,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
    )


@router.put(
    "/v1/memory", response_model=MemoryOut, responses=ERRORS, summary="Approve a sentence's translation"
)
async def put_memory(body: MemoryIn, svc: ServiceDep, caller: CallerDep) -> MemoryOut:
    """`{"pair": "ar-en", "source": sentence, "target": corrected}`: later translations of the sentence
    return `target`, marked `memory: "approved"`. Replaces an earlier approval of the same sentence."""
    entry = await asyncio.to_thread(
        store_of(svc).approve, body.pair, body.source, body.target, who_of(caller, body.who)
    )
    return _out(entry)


@router.get("/v1/memory", response_model=MemoriesOut, responses=ERRORS, summary="Search the approved memory")
async def search_memory(
    svc: ServiceDep,
    caller: CallerDep,
    q: Annotated[str, Query(max_length=500, description="text in the source (any spelling) or target")] = "",
    pair: Pair = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> MemoriesOut:
    entries = await asyncio.to_thread(store_of(svc).search, pair, q, limit)
    return MemoriesOut(entries=[_out(entry) for entry in entries])


@router.delete(
    "/v1/memory",
    status_code=204,
    responses={**ERRORS, 404: {"description": "no approved translation of this sentence"}},
    summary="Remove an approved translation",
)
async def delete_memory(
    svc: ServiceDep,
    caller: CallerDep,
    source: Annotated[str, Query(min_length=1, max_length=5000, description="the approved sentence")],
    pair: Annotated[str, Query(pattern="^(ar-en|en-ar)$")],
) -> None:
    if not await asyncio.to_thread(store_of(svc).forget, pair, source):
        raise ServiceError(404, "not_in_memory", "no approved translation of this sentence in this pair")


@router.get(
    "/v1/memory.tmx",
    responses={**ERRORS, 200: {"content": {"application/x-tmx+xml": {}}, "description": "TMX 1.4"}},
    summary="Export the approved memory as TMX 1.4",
)
async def export_tmx(svc: ServiceDep, caller: CallerDep, pair: Pair = None) -> Response:
    entries = await asyncio.to_thread(store_of(svc).entries, pair)
    data = await asyncio.to_thread(write_tmx, entries, pair.split("-")[0] if pair else "*all*")
    return Response(
        data,
        media_type="application/x-tmx+xml",
        headers={"Content-Disposition": 'attachment; filename="tarjama-memory.tmx"'},
    )


class LTSuggest(BaseModel):
    q: Sentence
    s: Sentence
    source: str
    target: str
    api_key: str | None = None

    @field_validator("q", "s")
    @classmethod
    def _filled(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("q (the source) and s (the suggested translation) must not be empty")
        return value

    @field_validator("source", "target", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


_SENTENCE = {"type": "string", "maxLength": MAX_MEMORY_CHARS, "pattern": XML_TEXT}
_SUGGEST_FIELDS = {
    "q": {**_SENTENCE, "description": "the source sentence"},
    "s": {**_SENTENCE, "description": "the suggested translation"},
    "source": {"type": "string", "enum": ["ar", "en"]},
    "target": {"type": "string", "enum": ["ar", "en"]},
    "api_key": {"type": "string", "description": "API key, when the server needs one"},
}
_SUGGEST_SCHEMA = {
    "type": "object",
    "required": ["q", "s", "source", "target"],
    "properties": _SUGGEST_FIELDS,
    # A pair of the service's: ar-en or en-ar.
    "anyOf": [
        {"properties": {"source": {"const": source}, "target": {"const": target}}} for source, target in PAIRS
    ],
}
SUGGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _SUGGEST_SCHEMA},
            "application/x-www-form-urlencoded": {"schema": _SUGGEST_SCHEMA},
        },
    }
}


@router.post(
    "/suggest",
    responses=ERRORS,
    openapi_extra=SUGGEST_BODY,
    summary="LibreTranslate: suggest a better translation",
)
async def suggest(request: Request, svc: ServiceDep) -> dict[str, Any]:
    """LibreTranslate's `q`, `s`, `source`, `target` (JSON or form): stored as an approved translation."""
    from service.routes.libretranslate import parse, read_payload

    payload = await read_payload(request)
    caller = Caller(svc, await authenticate(svc, payload.get("api_key") or key_from_headers(request)))
    body: LTSuggest = parse(LTSuggest, payload)
    if (body.source, body.target) not in PAIRS:
        raise InvalidInputError(f"suggestions take a pair of {', '.join(f'{s}-{t}' for s, t in PAIRS)}")
    await asyncio.to_thread(
        store_of(svc).approve,
        f"{body.source}-{body.target}",
        body.q,
        body.s,
        who_of(caller, "libretranslate"),
    )
    return {"success": True}
