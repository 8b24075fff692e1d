"""`POST /v1/summarize`: the core's summary, run in a work thread within the request timeout.

Its translations and summary-model calls go through the core scheduler (see `service.work`);
summary models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter

from models.contract import TranslationEngine
from models.routing import route
from service.deps import CallerDep, ServiceDep
from service.routes import ERRORS
from service.schemas import SummarizeRequest, SummaryOut
from service.work import run_in_thread

if TYPE_CHECKING:
    from models.summarize import Summary

router = APIRouter(prefix="/v1", tags=["summaries"])


def _summarize(engine: TranslationEngine, body: SummarizeRequest) -> Summary:
    from models.summarize import SummaryOptions, summarize

    source_lang = None if body.source == "auto" else body.source
    lang = body.lang or (source_lang or route(body.text).source)
    options = SummaryOptions(
        lang=lang,
        method=body.method,
        sentences=body.sentences,
        ratio=body.ratio,
        route=body.route,
        words=body.words,
        trim=body.trim,
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
