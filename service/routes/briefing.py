"""`POST /v1/briefing`: an article in both languages, as JSON, Markdown or HTML.

The core composes it in a work thread within the request timeout; its translations go through the
batcher and the translation memory (see `service.work`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from models.contract import TranslationEngine
from models.terminology.terms import Terminology
from service.deps import CallerDep, ServiceDep
from service.routes import WITH_GLOSSARY
from service.routes.glossaries import request_terminology
from service.schemas import BriefingRequest
from service.work import run_in_thread

if TYPE_CHECKING:
    from models.briefing import Briefing

router = APIRouter(prefix="/v1", tags=["briefings"])


def _briefing(engine: TranslationEngine, body: BriefingRequest, terms: Terminology) -> tuple[Briefing, str]:
    from models.briefing import BriefingOptions, compose_briefing, render
    from models.translate import TranslationOptions

    options = BriefingOptions(
        summary_sentences=body.summary_sentences,
        summary_words=body.summary_words,
        summary_method=body.summary_method,
        translation=TranslationOptions(beam_size=body.beam_size, terminology=terms),
    )
    kind = "html" if body.html is not None else "auto"
    briefing = compose_briefing(engine, body.content, article_id=body.id, format=kind, options=options)
    return briefing, render(briefing, body.format) if body.format != "json" else ""


@router.post(
    "/briefing",
    responses={
        **WITH_GLOSSARY,
        200: {
            "content": {"application/json": {}, "text/markdown": {}, "text/html": {}},
            "description": "the briefing as JSON, Markdown or HTML",
        },
    },
    summary="Bilingual briefing of an article",
)
async def briefing_route(body: BriefingRequest, svc: ServiceDep, caller: CallerDep) -> Response:
    """An article (text, or an HTML page that is cleaned first) in both languages with summaries."""
    await caller.admit(len(body.content))
    terms = await request_terminology(svc, caller, body.glossary_id, body.glossary)
    briefing, rendered = await run_in_thread(svc, _briefing, body, terms)
    if body.format == "json":
        return JSONResponse(briefing.to_dict())
    if body.format == "html":
        return HTMLResponse(rendered)
    return PlainTextResponse(rendered, media_type="text/markdown; charset=utf-8")
