"""Detection, languages, models, health, readiness and metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from models.engine import LANGUAGES, PAIRS
from models.text.detect import detect_language
from service.deps import CallerDep, ServiceDep
from service.errors import UnavailableError
from service.routes import ERRORS
from service.schemas import (
    DetectionOut,
    DetectionsOut,
    DetectRequest,
    HealthOut,
    LanguageOut,
    LanguagesOut,
    ModelOut,
    ModelsOut,
    PairOut,
    ReadyOut,
)
from service.state import Service

router = APIRouter(prefix="/v1", tags=["meta"])
ops = APIRouter(tags=["operations"])

TASKS = {"ar-en": "translation", "en-ar": "translation", "summary-en": "summary", "summary-ar": "summary"}


def languages_of(svc: Service) -> LanguagesOut:
    return LanguagesOut(
        languages=[
            LanguageOut(code=code, name=name, targets=[t for s, t in PAIRS if s == code])
            for code, name in LANGUAGES.items()
        ],
        pairs=[PairOut(source=s, target=t, model=svc.engine.spec(f"{s}-{t}")) for s, t in PAIRS],
    )


@router.post("/detect", response_model=DetectionOut | DetectionsOut, responses=ERRORS, summary="Detect ar/en")
async def detect(body: DetectRequest, caller: CallerDep) -> DetectionOut | DetectionsOut:
    """`text` answers `{"language", "confidence"}`; `texts` answers `{"detections": [...]}`."""
    documents = body.documents
    await caller.admit(sum(len(text) for text in documents), len(documents))
    found = await asyncio.to_thread(lambda: [detect_language(text) for text in documents])
    items = [DetectionOut(language=d.lang, confidence=d.confidence) for d in found]
    return items[0] if body.text is not None else DetectionsOut(detections=items)


@router.get(
    "/languages", response_model=LanguagesOut, responses=ERRORS, summary="Supported languages and pairs"
)
async def languages(svc: ServiceDep, caller: CallerDep) -> LanguagesOut:
    await caller.admit()
    return languages_of(svc)


@router.get("/models", response_model=ModelsOut, responses=ERRORS, summary="Configured and loaded models")
async def models(svc: ServiceDep, caller: CallerDep) -> ModelsOut:
    await caller.admit()
    loaded = svc.engine.loaded()
    out = []
    for slot, task in TASKS.items():
        model = loaded.get(slot)
        backend = getattr(model, "backend", None)
        device = getattr(backend, "device", None)
        out.append(
            ModelOut(
                slot=slot,
                task=task,
                name=model.name if model is not None else svc.engine.spec(slot),
                loaded=model is not None,
                backend=getattr(backend, "name", None),
                device=getattr(device, "device", None),
                compute_type=getattr(device, "compute_type", None),
            )
        )
    return ModelsOut(models=out)


@ops.get("/healthz", response_model=HealthOut, summary="Alive")
async def healthz() -> HealthOut:
    return HealthOut(status="ok")


@ops.get("/readyz", response_model=ReadyOut, responses={503: ERRORS[503]}, summary="Models loaded")
async def readyz(svc: ServiceDep) -> ReadyOut:
    if not svc.batcher.ready():
        raise UnavailableError("the translation models are not loaded yet")
    return ReadyOut(status="ready", models=sorted(svc.engine.loaded()))


@ops.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(svc: ServiceDep) -> Response:
    for queue in svc.batcher.queues().values():
        svc.metrics.queue_depth.labels(queue.name).set(queue.depth)
    svc.metrics.models_loaded.set(len(svc.engine.loaded()))
    return Response(svc.metrics.render(), media_type=CONTENT_TYPE_LATEST)
