"""Per-article work shared by the local and the Ray engine: decode, clean, compose, render.

Everything here calls the core (`models.text.decode`, `models.clean`, `models.briefing`); this
module only turns its results and errors into `Outcome`s, one per article, so that one bad article
never stops the others.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from batch.options import RENDER_FORMATS
from batch.sources import Article
from models.errors import ConfigurationError, ModelLoadError, ModelNotFoundError, TarjamaError

if TYPE_CHECKING:
    from models.briefing import Briefing, BriefingOptions
    from models.clean import CleanedArticle, JsonFields
    from models.contract import TranslationEngine
    from models.settings import Settings

log = logging.getLogger(__name__)

RUN_ERRORS = (ConfigurationError, ModelLoadError, ModelNotFoundError)
"""Errors that no other article would escape either (no model, bad settings): they stop the run."""


@dataclass
class Prepared:
    """An article decoded and cleaned, waiting for inference."""

    article: Article
    cleaned: CleanedArticle
    warnings: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """One article's result: its rendered outputs (fmt -> text) or why it failed.

    digest: the briefing (`Briefing.to_dict()`) without the text of its paragraphs: what the
        digest shows, kept in the manifest so a digest covers articles done in earlier runs.
    composed: whether a model ran for it.
    """

    key: str
    rel: str
    record: str | None
    content_hash: str | None
    status: str
    error_code: str | None = None
    reason: str | None = None
    rendered: dict[str, str] = field(default_factory=dict)
    digest: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    composed: bool = False

    @classmethod
    def failed(cls, article: Article, code: str, reason: str, warnings: Sequence[str] = ()) -> Outcome:
        return cls(
            article.key,
            article.rel,
            article.record,
            article.content_hash,
            "failed",
            code,
            reason,
            warnings=list(warnings),
        )

    def to_row(self) -> dict[str, Any]:
        """Flat, string-valued columns (what crosses a Ray Data boundary)."""
        return {
            "key": self.key,
            "rel": self.rel,
            "record": self.record or "",
            "content_hash": self.content_hash or "",
            "status": self.status,
            "error_code": self.error_code or "",
            "reason": self.reason or "",
            "rendered": json.dumps(self.rendered, ensure_ascii=False),
            "digest": json.dumps(self.digest, ensure_ascii=False) if self.digest is not None else "",
            "warnings": json.dumps(self.warnings, ensure_ascii=False),
            "composed": self.composed,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Outcome:
        return cls(
            key=str(row["key"]),
            rel=str(row["rel"]),
            record=str(row["record"]) or None,
            content_hash=str(row["content_hash"]) or None,
            status=str(row["status"]),
            error_code=str(row["error_code"]) or None,
            reason=str(row["reason"]) or None,
            rendered=json.loads(row["rendered"]),
            digest=json.loads(row["digest"]) if row["digest"] else None,
            warnings=json.loads(row["warnings"]),
            composed=bool(row["composed"]),
        )


def _error(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, TarjamaError):
        return exc.code, exc.message
    log.error("unexpected failure", exc_info=exc)
    return "internal_error", "unexpected internal error; the log has the details (run with -v)"


def briefing_options(settings: Settings) -> BriefingOptions:
    """`models.briefing.BriefingOptions` from the run's settings (the fingerprinted ones)."""
    from models.briefing import BriefingOptions
    from models.translate import TranslationOptions

    return BriefingOptions(
        summary_sentences=settings.summary_sentences,
        summary_words=settings.summary_words,
        summary_method=settings.summary_method,
        translation=TranslationOptions(
            beam_size=settings.beam_size,
            max_length_ratio=settings.max_length_ratio,
            terminology=settings.file_terminology(),  # --glossary FILE, protected spans
        ),
    )


def prepare(article: Article, json_fields: JsonFields | None = None) -> Prepared | Outcome:
    """Decode (legacy Arabic encodings with a warning) and clean one article.

    json_fields: `models.clean.JsonFields` for JSON records, None for the cleaner's defaults.
    """
    from models.clean import clean_article
    from models.documents import article_text

    if article.failure is not None:
        return Outcome.failed(article, article.failure.code, article.failure.reason)
    if article.data is None:
        return Outcome.failed(article, "internal_error", f"{article.key}: no bytes to read")
    warnings: list[str] = []
    try:
        text, warning = article_text(article.data, article.key)  # a .docx gives its paragraphs
        if warning:
            warnings.append(warning)
        if not text.strip():
            return Outcome.failed(article, "empty", f"{article.key}: no text", warnings)
        fields = json_fields if article.format == "json" else None
        cleaned = clean_article(text, format=article.format, fields=fields)
    except Exception as exc:
        if not isinstance(exc, TarjamaError):
            log.exception("cleaning %s failed", article.key)
        return Outcome.failed(article, *_error(exc), warnings)
    where = {"path": article.rel} | ({"record": article.record} if article.record is not None else {})
    cleaned.metadata = {**cleaned.metadata, **where}
    article.data = None  # the cleaned text is all that is needed from here on
    return Prepared(article, cleaned, warnings)


def compose(
    engine: TranslationEngine, group: Sequence[Prepared], options: BriefingOptions, formats: Sequence[str]
) -> list[Outcome]:
    """Briefings of a group of articles composed together (their segments share model batches),
    rendered in `formats`. An article that fails is retried alone, so it fails alone.

    Raises the `RUN_ERRORS` (no model, bad settings), which every article would hit.
    """
    from models import briefing as core

    if not group:
        return []
    try:
        briefings = core.compose_briefings(
            engine,
            [(p.article.key, p.cleaned) for p in group],
            options,
            warnings={p.article.key: p.warnings for p in group if p.warnings},
        )
    except RUN_ERRORS:
        raise
    except Exception as exc:
        if len(group) == 1:
            if not isinstance(exc, TarjamaError):
                log.exception("composing %s failed", group[0].article.key)
            outcome = Outcome.failed(group[0].article, *_error(exc), group[0].warnings)
            outcome.composed = True
            return [outcome]
        return [outcome for one in group for outcome in compose(engine, [one], options, formats)]
    return [_render(p, b, formats) for p, b in zip(group, briefings, strict=True)]


def _render(prepared: Prepared, briefing: Briefing, formats: Sequence[str]) -> Outcome:
    from models import briefing as core

    article = prepared.article
    try:
        rendered = {fmt: core.render(briefing, RENDER_FORMATS[fmt]) for fmt in formats}
        digest = briefing.to_dict()
    except Exception as exc:
        log.exception("rendering %s failed", article.key)
        outcome = Outcome.failed(article, *_error(exc), prepared.warnings)
        outcome.composed = True
        return outcome
    # What the digest shows, without the text: paragraph and flag counts stay right.
    digest["paragraphs"] = [{"ar": "", "en": "", "flags": p["flags"]} for p in digest["paragraphs"]]
    digest["removed"] = []
    return Outcome(
        article.key,
        article.rel,
        article.record,
        article.content_hash,
        "done",
        rendered=rendered,
        digest=digest,
        warnings=list(briefing.warnings),
        composed=True,
    )
