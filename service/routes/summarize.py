"""`POST /v1/summarize` and `POST /v1/briefing`: core work run in a thread, within the timeout.

Their translations go through the batcher (see `service.engine_proxy`); summary models load on
first use.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from models.engine import Engine, route
from service.deps import CallerDep, ServiceDep
from service.engine_proxy import run_in_thread
from service.routes import ERRORS
from service.schemas import BriefingRequest, SummarizeRequest, SummaryOut

router = APIRouter(prefix="/v1", tags=["summaries"])


def _summarize(engine: Engine, body: SummarizeRequest) -> Any:
    from models.summarize.facade import summarize
    from models.summarize.options import SummaryOptions

    source_lang = None if body.source == "auto" else body.source
    lang = body.lang or (source_lang or route(body.text).source)
    options = SummaryOptions(
        lang=lang, method=body.method, sentences=body.sentences, ratio=body.ratio, route=body.route
    )
    return summarize(engine, body.text, options, source_lang=source_lang)


@router.post(
    "/summarize", response_model=SummaryOut, responses=ERRORS, summary="Summarise (ar/en, cross-lingual)"
)
async def summarize_route(body: SummarizeRequest, svc: ServiceDep, caller: CallerDep) -> SummaryOut:
    """Extractive (model-free) or abstractive; `lang` other than the text's gives a cross-lingual summary."""
    await caller.admit(len(body.text))
    summary = await run_in_thread(svc, _summarize, body)
    return SummaryOut(
        summary=summary.text,
        sentences=list(summary.sentences),
        lang=summary.lang,
        source_lang=summary.source_lang,
        method=summary.method,
        route=summary.route,
        models=dict(summary.models),
    )


def _briefing(engine: Engine, body: BriefingRequest) -> tuple[Any, str]:
    from models.briefing import BriefingOptions, compose_briefing, render
    from models.translate import TranslationOptions

    options = BriefingOptions(
        summary_sentences=body.summary_sentences,
        summary_method=body.summary_method,
        translation=TranslationOptions(beam_size=body.beam_size),
    )
    kind = "html" if body.html is not None else "auto"
    briefing = compose_briefing(engine, body.content, article_id=body.id, format=kind, options=options)
    return briefing, render(briefing, body.format) if body.format != "json" else ""


@router.post(
    "/briefing",
    responses={
        **ERRORS,
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
    briefing, rendered = await run_in_thread(svc, _briefing, body)
    if body.format == "json":
        return JSONResponse(briefing.to_dict())
    if body.format == "html":
        return HTMLResponse(rendered)
    return PlainTextResponse(rendered, media_type="text/markdown; charset=utf-8")
