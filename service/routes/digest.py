"""`POST /v1/digest`: one bilingual digest of many articles (titles, both summaries, dates, sources).

Every article is cleaned, then all are composed together (`models.briefing.compose_briefings`), so
their paragraphs share translation batches; the digest is rendered by `models.briefing.render_digest`
(HTML with an index of jump links, or Markdown) or returned as JSON. Over `digest_job_chars`
characters the request answers 202 with a job (`/v1/jobs/{id}`) instead of waiting.

`summary_words` caps each summary: it is composed with enough sentences, then cut to whole
sentences within the word budget (at least one sentence is kept, and never cut mid-sentence).
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.engine import Engine
from models.errors import InvalidInputError, NoMainTextError, TarjamaError
from service.deps import CallerDep, ServiceDep
from service.job_runner import JobRunner, register_handler
from service.jobs import Job
from service.routes import ERRORS
from service.routes.job_views import RunnerDep, admit_job, key_id, status_body
from service.schemas import NOT_BLANK_RE, Text, contract
from service.work import run_in_thread

router = APIRouter(prefix="/v1", tags=["briefings"])
MEDIA = {
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "json": "application/json",
}


class DigestArticle(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=contract(
            one_of=("text", "html"), not_null=("text", "html"), not_blank=("text", "html")
        ),
    )

    text: Text | None = Field(default=None, description="the article as text (or Markdown)")
    html: Text | None = Field(default=None, description="the article as an HTML page (cleaned first)")
    title: Text | None = Field(default=None, max_length=1000, description="its headline, when known")
    url: Text | None = Field(default=None, max_length=2000, description="where it was published (linked)")
    date: Text | None = Field(default=None, max_length=100, description="when it was published")
    id: Text | None = Field(default=None, max_length=200, description="an id (default: article-N)")

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in ("text", "html"):
                if name in data and data[name] is None:
                    raise ValueError(f"{name} must not be null; leave it out instead")
        return data

    @model_validator(mode="after")
    def _one_body(self) -> DigestArticle:
        if (self.text is None) == (self.html is None):
            raise ValueError("send exactly one of text or html per article")
        if not NOT_BLANK_RE.search(self.text or self.html or ""):
            raise ValueError("the article is empty")
        return self


class DigestRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=contract(at_most_one=("summary_sentences", "summary_words"))
    )

    articles: list[DigestArticle] = Field(min_length=1, max_length=500)
    format: Literal["html", "markdown", "json"] = "html"
    summary_sentences: int | None = Field(default=None, ge=1, le=20)
    summary_words: int | None = Field(default=None, ge=5, le=1000)

    @model_validator(mode="after")
    def _one_length(self) -> DigestRequest:
        if self.summary_sentences is not None and self.summary_words is not None:
            raise ValueError("send summary_sentences or summary_words, not both")
        return self

    def chars(self) -> int:
        return sum(len(a.text or a.html or "") for a in self.articles)


def _cut_to_words(sentences: list[str], words: int) -> list[str]:
    kept: list[str] = []
    used = 0
    for sentence in sentences:
        count = len(sentence.split())
        if kept and used + count > words:
            break
        kept.append(sentence)
        used += count
    return kept


def compose_digest(engine: Engine, body: DigestRequest) -> tuple[str, str]:
    """The digest as (content, format). Raises InvalidInputError naming the article that failed."""
    from models.briefing import BriefingOptions, compose_briefings, render_digest
    from models.briefing.digest import digest_counts
    from models.clean import clean_article

    pairs = []
    for number, article in enumerate(body.articles, start=1):
        article_id = article.id or f"article-{number}"
        try:
            if article.html is not None:
                cleaned = clean_article(article.html, format="html")
            else:
                cleaned = clean_article(article.text or "", format="auto")
        except TarjamaError as exc:  # a page with no article text keeps its code
            error = NoMainTextError if isinstance(exc, NoMainTextError) else InvalidInputError
            raise error(f"articles[{number - 1}] ({article_id}): {exc.message}") from None
        if article.title:
            cleaned.title = article.title
        known = {"url": article.url, "date": article.date}
        cleaned.metadata = {**cleaned.metadata, **{k: v for k, v in known.items() if v}}
        pairs.append((article_id, cleaned))
    sentences = body.summary_sentences or 3
    if body.summary_words is not None:
        sentences = min(20, max(1, math.ceil(body.summary_words / 12)))
    briefings = compose_briefings(engine, pairs, BriefingOptions(summary_sentences=sentences))
    if body.summary_words is not None:
        for briefing in briefings:
            briefing.summary = {
                lang: _cut_to_words(s, body.summary_words) for lang, s in briefing.summary.items()
            }
    if body.format == "json":
        data = {
            "counts": digest_counts(briefings),
            "articles": [
                {
                    "id": b.id,
                    "source_lang": b.source_lang,
                    "title": b.title,
                    "summary": b.summary,
                    "source": {
                        k: v for k, v in b.source.items() if k in ("url", "date", "sitename", "author")
                    },
                    "warnings": b.warnings,
                }
                for b in briefings
            ],
        }
        return json.dumps(data, ensure_ascii=False), "json"
    links = [
        (briefing, article.url or "") for briefing, article in zip(briefings, body.articles, strict=True)
    ]
    return render_digest(links, body.format), body.format


async def run_digest_job(runner: JobRunner, job: Job) -> None:
    raw = await asyncio.to_thread((runner.store.folder(job.id) / "input").read_bytes)
    body = DigestRequest.model_validate_json(raw)
    await asyncio.to_thread(runner.store.progress, job.id, 0, len(body.articles))
    content, fmt = await runner.run_in_thread(compose_digest, body, job=job)
    suffix = {"html": "html", "markdown": "md", "json": "json"}[fmt]
    await asyncio.to_thread(
        runner.store.finish, job.id, content.encode("utf-8"), f"digest.{suffix}", MEDIA[fmt], []
    )


register_handler("digest", run_digest_job)


@router.post(
    "/digest",
    responses={
        **ERRORS,
        200: {
            "content": {"text/html": {}, "text/markdown": {}, "application/json": {}},
            "description": "the digest",
        },
        202: {"description": "a large digest: a job to poll at /v1/jobs/{id}"},
    },
    summary="Bilingual digest of many articles",
)
async def digest_route(
    body: DigestRequest, svc: ServiceDep, caller: CallerDep, runner: RunnerDep
) -> Response:
    """Titles and both summaries per article, linked when URLs are given; all articles share batches."""
    chars = body.chars()
    if chars > svc.settings.digest_job_chars:
        await admit_job(caller, chars)
        raw = body.model_dump_json(exclude_none=True).encode("utf-8")  # no nulls: the model refuses them
        job = await asyncio.to_thread(runner.store.create, "digest", key_id(caller), {}, {"input": raw})
        runner.wake()
        return JSONResponse(status_body(job, "/v1/jobs"), status_code=202)
    await caller.admit(chars, len(body.articles))
    content, fmt = await run_in_thread(svc, compose_digest, body)
    if fmt == "json":
        return Response(content, media_type=MEDIA["json"])
    if fmt == "html":
        return HTMLResponse(content)
    return PlainTextResponse(content, media_type=MEDIA["markdown"])
