"""The workbench page (`GET /`), its static files, the offline API docs (`/docs`, `/redoc`), and the two
small routes the page needs beside the API: `POST /v1/clean` (cleaning alone, with where each removed
piece stood) and `POST /v1/briefing/render` (the page's briefing, corrections included, as HTML,
Markdown or a Word .docx through the core's renderers).

Every HTML answer here carries its own Content-Security-Policy, `X-Content-Type-Options: nosniff`
and `frame-ancestors 'none'`; the page has no inline script.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.briefing.render_docx import MEDIA_TYPE as DOCX_TYPE
from service.deps import CallerDep, ServiceDep
from service.errors import ServiceError
from service.routes import ERRORS
from service.schemas import NOT_BLANK_RE, Text, contract
from service.web import (
    DOCS_CSP,
    PAGE_CSP,
    Asset,
    docs_asset_bytes,
    docs_assets,
    html_headers,
    page_assets,
    template,
)

router = APIRouter(tags=["workbench"])

_PAGE_ASSETS = page_assets()
_DOCS_ASSETS = docs_assets()


class CleanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=contract(not_blank=("text",)))

    text: Text = Field(description="a scraped article: plain text, HTML, Markdown or a JSON record")
    # No explicit "json": a JSON record is found by "auto", and a text that is not one would be a
    # refusal no schema can describe.
    format: Literal["auto", "text", "html", "markdown"] = Field(
        default="auto", description="auto (also finds JSON records), text, html or markdown"
    )

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not NOT_BLANK_RE.search(value):  # the schema's rule (`contract(not_blank=...)`)
            raise ValueError("text is empty; send some text to work on")
        return value


class RemovedOut(BaseModel):
    text: str
    reason: str
    position: int = Field(description="index among title + paragraphs before which it stood")


class CleanOut(BaseModel):
    title: str | None
    paragraphs: list[str]
    removed: list[RemovedOut]
    metadata: dict[str, str]
    format: str


def _briefing_schema() -> dict[str, Any]:
    """What `Briefing.from_dict` reads (other fields are ignored), as a JSON schema."""
    from models.languages import CODES

    text: dict[str, Any] = {"type": "string"}
    texts = {"type": "array", "items": text}
    by_lang = {"type": "object", "additionalProperties": text}
    return {
        "required": ["id", "source", "source_lang", "title", "summary", "paragraphs"],
        "properties": {
            "id": text,
            "source": by_lang,
            "source_lang": {"type": "string", "enum": list(CODES)},
            "title": by_lang,
            "summary": {"type": "object", "additionalProperties": texts},
            "paragraphs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["ar", "en"],
                    "properties": {"ar": text, "en": text, "flags": texts},
                },
            },
            "removed": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "required": ["text", "reason"],
                    "properties": {"text": text, "reason": text},
                },
            },
            "models": {"type": ["object", "null"], "additionalProperties": text},
            "timings": {"type": ["object", "null"], "additionalProperties": {"type": "number"}},
            "warnings": texts,
        },
    }


class RenderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    briefing: dict[str, Any] = Field(
        description="a briefing as `/v1/briefing` answers it in JSON", json_schema_extra=_briefing_schema()
    )
    format: Literal["html", "markdown", "docx"] = Field(
        default="html", description="html (a page), markdown, or docx (a Word document, as a download)"
    )


def _find(haystack: str, needle: str, start: int) -> int:
    """Where `needle` (or its first words, for blocks whose lines were joined) is, from `start`; -1 if not."""
    for probe in (needle, needle[:40]):
        found = haystack.find(probe.strip(), start) if probe.strip() else -1
        if found >= 0:
            return found
    return -1


def positions(content: str, blocks: list[str], removed: list[str]) -> list[int]:
    """For each removed piece, the index of the first kept block after it in `content` (document order)."""
    offsets: list[int] = []
    start = 0
    for block in blocks:
        found = _find(content, block, start)
        offsets.append(found if found >= 0 else (offsets[-1] if offsets else 0))
        start = max(start, found if found >= 0 else start)
    result: list[int] = []
    start = 0
    for text in removed:
        found = _find(content, text, start)
        if found < 0:
            result.append(result[-1] if result else len(blocks))
            continue
        start = found
        result.append(sum(1 for offset in offsets if offset < found))
    return result


def _clean(body: CleanRequest) -> CleanOut:
    from models.clean import clean_article
    from models.text.normalize import normalize

    article = clean_article(body.text, format=body.format)
    blocks = ([article.title] if article.title else []) + article.paragraphs
    where = positions(normalize(body.text), blocks, [item.text for item in article.removed])
    return CleanOut(
        title=article.title,
        paragraphs=article.paragraphs,
        removed=[
            RemovedOut(text=item.text, reason=item.reason, position=position)
            for item, position in zip(article.removed, where, strict=True)
        ],
        metadata=article.metadata,
        format=article.format,
    )


def _render(body: RenderRequest) -> bytes:
    from models.briefing import render_file
    from models.briefing.types import Briefing

    return render_file(Briefing.from_dict(body.briefing), body.format)


def _download_name(briefing: dict[str, Any], suffix: str) -> str:
    """A file name for Content-Disposition: the briefing's id reduced to safe characters."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", str(briefing.get("id", ""))).strip("-.")[:80]
    return (stem or "briefing") + suffix


@router.post("/v1/clean", response_model=CleanOut, responses=ERRORS, summary="Clean a scraped article")
async def clean_route(body: CleanRequest, caller: CallerDep) -> CleanOut:
    """Main text, title and removed boilerplate (with reasons and positions), without translating."""
    await caller.admit(len(body.text))
    return await asyncio.to_thread(_clean, body)


@router.post(
    "/v1/briefing/render",
    responses={**ERRORS, 200: {"content": {"text/html": {}, "text/markdown": {}, DOCX_TYPE: {}}}},
    summary="Render a briefing given as JSON",
)
async def render_route(body: RenderRequest, caller: CallerDep) -> Response:
    """A briefing edited elsewhere (the workbench's, with its corrections) as HTML, Markdown or .docx."""
    await caller.admit()
    rendered = await asyncio.to_thread(_render, body)
    if body.format == "html":
        # A download, not a page of ours: it may keep the renderer's inline style, never run a script.
        return HTMLResponse(rendered, headers=html_headers("default-src 'none'; style-src 'unsafe-inline'"))
    if body.format == "docx":
        name = _download_name(body.briefing, ".docx")
        return Response(
            rendered,
            media_type=DOCX_TYPE,
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "X-Content-Type-Options": "nosniff",
            },
        )
    return PlainTextResponse(rendered, media_type="text/markdown; charset=utf-8")


def _page(keys_on: bool) -> str:
    return template("index.html").replace("{{keys}}", "on" if keys_on else "off")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(svc: ServiceDep) -> HTMLResponse:
    return HTMLResponse(_page(svc.settings.api_keys), headers=html_headers(PAGE_CSP))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def swagger() -> HTMLResponse:
    return HTMLResponse(template("docs.html"), headers=html_headers(DOCS_CSP))


@router.get("/redoc", response_class=HTMLResponse, include_in_schema=False)
async def redoc() -> HTMLResponse:
    return HTMLResponse(template("redoc.html"), headers=html_headers(DOCS_CSP))


def _asset(assets: dict[str, Asset], name: str) -> FileResponse:
    asset = assets.get(name)
    if asset is None:
        raise ServiceError(404, "not_found", f"no such file: {name}")
    return FileResponse(
        asset.path,
        media_type=asset.media_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )


@router.get("/static/web/{name}", include_in_schema=False)
async def web_asset(name: str) -> FileResponse:
    return _asset(_PAGE_ASSETS, name)


@router.get("/static/docs/{name}", include_in_schema=False)
async def docs_asset(name: str) -> Response:
    asset = _DOCS_ASSETS.get(name)
    if asset is None:
        raise ServiceError(404, "not_found", f"no such file: {name}")
    return Response(
        await asyncio.to_thread(docs_asset_bytes, name),
        media_type=asset.media_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=3600"},
    )
