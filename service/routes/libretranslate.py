"""LibreTranslate-compatible routes, so clients and plugins written for LibreTranslate work unchanged.

`POST /translate` (`q` a string or a list, `source` incl. `auto`, `target`, `format` text|html,
`api_key`; JSON or form), `POST /detect`, `GET /languages` and `GET /frontend/settings`. Errors use
LibreTranslate's shape, `{"error": "message"}`, and its status codes (400 for bad or missing fields,
never 422), because its clients read `error` as a string.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any, Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field, ValidationError, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.engine import LANGUAGES, PAIRS
from models.errors import InputDecodeError, UnsupportedLanguageError
from models.text.detect import detect_language
from models.translate import TranslationOptions
from service.deps import Caller, ServiceDep, authenticate, key_from_headers, within_timeout
from service.errors import public_error, validation_message
from service.routes import ERRORS
from service.routes.translate import translate_html
from service.schemas import NOT_BLANK, NOT_BLANK_RE, Text
from service.state import Service
from service.translation import gather_all, translate_texts


def lt_error(exc: Exception) -> tuple[int, str, dict[str, str]]:
    """(status, message, headers) of LibreTranslate's error answer for `exc`."""
    if isinstance(exc, RequestValidationError):
        return 400, validation_message(exc.errors()), {}
    if isinstance(exc, StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code < 500 else "request refused"
        return exc.status_code, detail, dict(exc.headers or {})
    status, _, message = public_error(exc)
    headers = getattr(exc, "headers", None) or {}
    return (400 if status == 422 else status), message, dict(headers)


class LibreTranslateRoute(APIRoute):
    """Answers every failure of its endpoint (dependencies included) as `{"error": "message"}`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                status, message, headers = lt_error(exc)
                return JSONResponse({"error": message}, status_code=status, headers=headers)

        return answer


router = APIRouter(tags=["libretranslate"], route_class=LibreTranslateRoute)

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_URLENCODED = "application/x-www-form-urlencoded"


def _q_not_blank(value: str | list[str]) -> str | list[str]:
    texts = [value] if isinstance(value, str) else value
    if not texts or any(not NOT_BLANK_RE.search(text) for text in texts):
        raise ValueError("q is empty; send the text to work on")
    return value


class LTTranslate(BaseModel):
    q: Text | list[Text]
    source: Literal["auto", "ar", "en"] = "auto"
    target: Literal["ar", "en"]
    format: Literal["text", "html"] = "text"
    api_key: str | None = None
    alternatives: int = Field(default=0, ge=0, le=3)

    _q = field_validator("q")(_q_not_blank)


class LTDetect(BaseModel):
    q: Text | list[Text]
    api_key: str | None = None

    _q = field_validator("q")(_q_not_blank)


class LTErrorOut(BaseModel):
    """LibreTranslate's error shape."""

    error: str


_TEXT = {"type": "string", "pattern": NOT_BLANK}
_Q = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}], "description": "text, or texts"}
_KEY = {"type": "string", "description": "API key, when the server needs one"}
_TRANSLATE_FIELDS = {
    "source": {"type": "string", "enum": ["auto", "ar", "en"], "default": "auto"},
    "target": {"type": "string", "enum": ["ar", "en"]},
    "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
    "alternatives": {"type": "integer", "minimum": 0, "maximum": 3, "default": 0},
    "api_key": _KEY,
}


def _body(json_fields: dict[str, Any], form_fields: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """An OpenAPI requestBody: the same fields as JSON or as a form (q repeated for several texts)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "required": required, "properties": json_fields}
                },
                _URLENCODED: {"schema": {"type": "object", "required": required, "properties": form_fields}},
            },
        }
    }


TRANSLATE_BODY = _body(
    {"q": _Q, **_TRANSLATE_FIELDS},
    {"q": _TEXT, **_TRANSLATE_FIELDS},
    ["q", "target"],
)
DETECT_BODY = _body({"q": _Q, "api_key": _KEY}, {"q": _TEXT, "api_key": _KEY}, ["q"])
LT_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": LTErrorOut, "description": answer["description"]}
    for status, answer in ERRORS.items()
    if status != 422  # LibreTranslate answers bad fields with 400
}


async def read_payload(request: Request) -> dict[str, Any]:
    """Fields from the query string, then a JSON or form body (LibreTranslate accepts all three).

    `api_key` counts only in the body: a key in the URL would end up in access logs.
    """
    payload: dict[str, Any] = {k: v for k, v in request.query_params.items() if k != "api_key"}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == _URLENCODED:
        # Parsed here, not by Starlette (which reads raw bytes as Latin-1): `curl -d 'q=قال'` sends
        # the text as raw UTF-8, browsers and clients percent-encode it; both are UTF-8.
        raw = await request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputDecodeError(
                f"the form body is not valid UTF-8 (byte {exc.start}); send UTF-8"
            ) from None
        fields: dict[str, list[str]] = {}
        try:
            pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:  # a percent-escape that is not UTF-8 (`%FF`)
            raise InputDecodeError(
                "the form body has percent-escapes that are not UTF-8; send UTF-8"
            ) from None
        for name, value in pairs:
            fields.setdefault(name, []).append(value)
        for name, values in fields.items():
            payload[name] = values if len(values) > 1 else values[0]
        return payload
    if content_type in _FORM_TYPES:
        form = await request.form()
        for name in form:
            values = [v for v in form.getlist(name) if isinstance(v, str)]
            if values:
                payload[name] = values if len(values) > 1 else values[0]
        return payload
    body = await request.body()
    if not body.strip():
        return payload
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputDecodeError(f"the body is not valid UTF-8 (byte {exc.start}); send UTF-8 JSON") from None
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": "invalid JSON"}]
        ) from None
    if not isinstance(data, dict):
        raise RequestValidationError([{"type": "dict_type", "loc": ("body",), "msg": "send a JSON object"}])
    payload.update(data)
    return payload


def parse(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False, include_url=False)) from None


async def caller_for(request: Request, svc: Service, payload: dict[str, Any]) -> Caller:
    secret = key_from_headers(request) or payload.get("api_key")
    return Caller(svc, await authenticate(svc, secret if isinstance(secret, str) else None))


def _check_languages(source: str, target: str) -> None:
    if source != "auto" and source not in LANGUAGES:
        raise UnsupportedLanguageError(f"unsupported source language {source!r}; use auto, ar or en")
    if target not in LANGUAGES:
        raise UnsupportedLanguageError(f"unsupported target language {target!r}; use ar or en")


@router.post(
    "/translate", responses=LT_ERRORS, openapi_extra=TRANSLATE_BODY, summary="LibreTranslate: translate"
)
async def lt_translate(request: Request, svc: ServiceDep) -> dict[str, Any]:
    payload = await read_payload(request)
    caller = await caller_for(request, svc, payload)
    body: LTTranslate = parse(LTTranslate, payload)
    texts = [body.q] if isinstance(body.q, str) else list(body.q)
    _check_languages(body.source, body.target)  # before admit: refused work is not charged
    await caller.admit(sum(len(text) for text in texts), len(texts))
    try:
        return await _translate(svc, body, texts)
    except BaseException:
        await caller.refund()
        raise


async def _translate(svc: Service, body: LTTranslate, texts: list[str]) -> dict[str, Any]:
    options = TranslationOptions()
    if body.format == "html":
        pages = [translate_html(svc, page, body.source, body.target, options, False) for page in texts]
        outs = await within_timeout(svc, gather_all(pages))
        translated = [out.translation for out in outs]
        detected = [(out.source, out.confidence or 0.0) for out in outs]
    else:
        results = await within_timeout(svc, translate_texts(svc, texts, body.source, body.target, options))
        translated = [r.translation.text for r in results]
        detected = [(r.translation.source_lang, r.confidence or 0.0) for r in results]
    single = isinstance(body.q, str)
    answer: dict[str, Any] = {"translatedText": translated[0] if single else translated}
    if body.source == "auto":
        languages = [{"confidence": round(conf * 100, 1), "language": lang} for lang, conf in detected]
        answer["detectedLanguage"] = languages[0] if single else languages
    if body.alternatives:
        found = await _alternatives(svc, body, texts, detected, translated)
        answer["alternatives"] = found[0] if single else found
    return answer


async def _alternatives(
    svc: Service, body: LTTranslate, texts: list[str], detected: list[tuple[str, float]], best: list[str]
) -> list[list[str]]:
    """Up to `body.alternatives` other translations of each text (n-best from the model), best first.

    HTML and texts already in the target language have none.
    """
    if body.format == "html":
        return [[] for _ in texts]
    engine = svc.engine

    def work() -> list[list[str]]:
        found: list[list[str]] = []
        for text, (source, _), first in zip(texts, detected, best, strict=True):
            if source == body.target:
                found.append([])
                continue
            translator = engine.translator(source, body.target)
            options = TranslationOptions()
            candidates = translator.alternatives(text, body.alternatives + 1, options)
            found.append([c for c in candidates if c != first][: body.alternatives])
        return found

    return await within_timeout(svc, asyncio.to_thread(work))


@router.post("/detect", responses=LT_ERRORS, openapi_extra=DETECT_BODY, summary="LibreTranslate: detect")
async def lt_detect(request: Request, svc: ServiceDep) -> list[Any]:
    payload = await read_payload(request)
    caller = await caller_for(request, svc, payload)
    body: LTDetect = parse(LTDetect, payload)
    texts = [body.q] if isinstance(body.q, str) else list(body.q)
    await caller.admit(sum(len(text) for text in texts), len(texts))
    try:
        found = await asyncio.to_thread(lambda: [detect_language(text) for text in texts])
    except BaseException:
        await caller.refund()
        raise
    # LibreTranslate always names a language: text with no letters counts as Arabic, confidence 0
    # (as `source=auto` routes it).
    answers = [
        [{"confidence": round(d.confidence * 100, 1), "language": d.lang if d.lang in LANGUAGES else "ar"}]
        for d in found
    ]
    return answers[0] if isinstance(body.q, str) else answers


@router.get("/languages", responses=LT_ERRORS, summary="LibreTranslate: languages")
async def lt_languages(request: Request, svc: ServiceDep) -> list[dict[str, Any]]:
    payload = await read_payload(request)
    caller = await caller_for(request, svc, payload)
    await caller.admit()
    return [
        {"code": code, "name": name, "targets": [t for s, t in PAIRS if s == code]}
        for code, name in LANGUAGES.items()
    ]


@router.get("/frontend/settings", summary="LibreTranslate: what this server offers (no key needed)")
async def lt_settings(svc: ServiceDep) -> dict[str, Any]:
    return {
        "apiKeys": svc.settings.api_keys,
        "keyRequired": svc.settings.api_keys,
        "charLimit": svc.settings.max_chars,
        "filesTranslation": False,
        "supportedFilesFormat": [],
        "suggestions": False,
        "frontendTimeout": 500,
        "language": {
            "source": {"code": "auto", "name": "Auto Detect"},
            "target": {"code": "en", "name": LANGUAGES["en"]},
        },
    }
