"""`POST /v1/translate`: JSON or NDJSON stream; plain text or HTML."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from models.engine import route
from models.errors import InvalidInputError
from models.text.markup import parse_blocks
from models.translate import DocumentTranslation, TranslationOptions
from service.deps import CallerDep, ServiceDep, within_timeout
from service.errors import RequestTimeoutError, error_body, public_error
from service.routes import WITH_GLOSSARY
from service.routes.glossaries import request_terminology
from service.schemas import SegmentOut, TranslateRequest, TranslationOut, TranslationsOut
from service.state import Service
from service.translation import TextResult, gather_all, stream_translation, translate_texts

log = logging.getLogger("service.translate")
router = APIRouter(prefix="/v1", tags=["translation"])

NDJSON = "application/x-ndjson"


def segments_of(document: DocumentTranslation) -> list[SegmentOut]:
    return [
        SegmentOut(source=s.source, target=s.target, flags=list(s.flags), memory=s.memory)
        for s in document.segments
    ]


def translation_out(result: TextResult, flags: bool) -> TranslationOut:
    document = result.translation
    return TranslationOut(
        translation=document.text,
        source=document.source_lang,
        target=document.target_lang,
        model=document.model,
        confidence=result.confidence,
        segments=segments_of(document) if flags else None,
    )


async def translate_html(
    svc: Service, page: str, source: str, target: str | None, options: TranslationOptions, flags: bool
) -> TranslationOut:
    """Translate an HTML document block by block across inline tags (`models.text.markup`); its
    markup comes back unchanged, `alt`/`title`/`aria-label`/`placeholder` translated."""
    document = await asyncio.to_thread(parse_blocks, page)
    texts = document.texts
    plain = " ".join(_MARKERS.sub(" ", text) for text in texts)
    pair = await asyncio.to_thread(route, plain, source, target)
    results = await translate_texts(svc, texts, pair.source, pair.target, options) if texts else []
    translated = [r.translation.text for r in results]
    models = {r.translation.model for r in results} - {"none"}
    segments = [s for r in results for s in segments_of(r.translation)]
    return TranslationOut(
        translation=await asyncio.to_thread(document.render, translated),
        source=pair.source,
        target=pair.target,
        model=next(iter(models)) if models else "none",
        confidence=pair.confidence if source == "auto" else None,
        segments=segments if flags else None,
    )


_MARKERS = re.compile(r"__t\d+__")


@router.post(
    "/translate",
    response_model=TranslationOut | TranslationsOut,
    responses={
        **WITH_GLOSSARY,
        200: {"content": {NDJSON: {}}, "description": "a translation, or NDJSON lines"},
    },
    summary="Translate Arabic <-> English text or HTML",
)
async def translate(body: TranslateRequest, request: Request, svc: ServiceDep, caller: CallerDep) -> Any:
    """`text` answers `{"translation", "source", "target", "model", ...}`; `texts` answers
    `{"translations": [...]}`. With `"stream": true` (or `Accept: application/x-ndjson`) the answer is
    NDJSON: one line per paragraph as soon as it is translated, then `{"done": true, ...}`."""
    documents = body.documents
    await caller.admit(sum(len(text) for text in documents), len(documents))
    terms = await request_terminology(svc, caller, body.glossary_id, body.glossary, body.protect)
    options = TranslationOptions(beam_size=body.beam_size, terminology=terms)
    if body.stream or NDJSON in request.headers.get("accept", ""):
        if body.format == "html":
            raise InvalidInputError("streaming takes format=text; send HTML without stream")
        return await stream(svc, documents, body.source, body.target, options, body.flags)
    if body.format == "html":
        pages = [
            translate_html(svc, page, body.source, body.target, options, body.flags) for page in documents
        ]
        items = await within_timeout(svc, gather_all(pages))
    else:
        results = await within_timeout(
            svc, translate_texts(svc, documents, body.source, body.target, options)
        )
        items = [translation_out(result, body.flags) for result in results]
    return items[0] if body.text is not None else TranslationsOut(translations=items)


def _line(item: dict[str, Any], flags: bool) -> bytes:
    if "translated" in item:
        paragraph = item.pop("translated")
        item["translation"] = paragraph.target
        if flags:
            item["segments"] = [
                {"source": s.source, "target": s.target, "flags": list(s.flags), "memory": s.memory}
                for s in paragraph.segments
            ]
    return (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8")


async def stream(
    svc: Service, texts: list[str], source: str, target: str | None, options: TranslationOptions, flags: bool
) -> StreamingResponse:
    """The first paragraph is awaited before answering, so its errors keep their status (429, 504);
    later errors end the stream with an error line in the one shape."""
    loop = asyncio.get_running_loop()
    timeout = svc.settings.request_timeout_s
    deadline = loop.time() + timeout
    lines = stream_translation(svc, texts, source, target, options)
    try:
        first = await asyncio.wait_for(lines.__anext__(), timeout)
    except asyncio.TimeoutError:
        await lines.aclose()
        svc.metrics.timeouts.inc()
        raise RequestTimeoutError(timeout) from None
    except BaseException:
        await lines.aclose()
        raise

    async def body() -> AsyncIterator[bytes]:
        try:
            yield _line(first, flags)
            while True:
                try:
                    item = await asyncio.wait_for(lines.__anext__(), max(deadline - loop.time(), 0.001))
                except StopAsyncIteration:
                    return
                except asyncio.TimeoutError:
                    svc.metrics.timeouts.inc()
                    error = RequestTimeoutError(timeout)
                    yield _line(error_body(error.code, error.message), False)
                    return
                except Exception as exc:  # the answer has started: an error line, never raw text
                    _, code, message = public_error(exc)
                    yield _line(error_body(code, message), False)
                    return
                yield _line(item, flags)
        finally:
            await lines.aclose()

    return StreamingResponse(body(), media_type=NDJSON)
