"""Request and response bodies of the `/v1` API (the LibreTranslate routes have their own, loose ones)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

SourceLang = Literal["ar", "en", "auto"]
TargetLang = Literal["ar", "en"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(value: str) -> str:
    """JSON can carry `\\ud800`-style escapes that are not characters; nothing downstream takes them."""
    if _SURROGATE.search(value):
        raise ValueError("text contains an unpaired surrogate escape (\\ud800-\\udfff); send valid Unicode")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("text is empty; send some text to work on")
    return value


Text = Annotated[str, AfterValidator(valid_unicode)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _OneOrMany(_Strict):
    """`text` (one document) or `texts` (several, each handled on its own), never both."""

    text: Text | None = Field(default=None, description="one document; blank lines separate paragraphs")
    texts: list[Text] | None = Field(default=None, min_length=1, description="several documents")

    @field_validator("text")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _not_blank(value) if value is not None else None

    @field_validator("texts")
    @classmethod
    def _texts(cls, value: list[str] | None) -> list[str] | None:
        return [_not_blank(text) for text in value] if value is not None else None

    @model_validator(mode="after")
    def _one_of(self) -> _OneOrMany:
        if (self.text is None) == (self.texts is None):
            raise ValueError("send either text or texts")
        return self

    @property
    def documents(self) -> list[str]:
        return [self.text] if self.text is not None else list(self.texts or [])


class _Terminology(_Strict):
    """A stored glossary by id, or an inline one (source term -> target term), never both."""

    glossary_id: str | None = Field(
        default=None, max_length=64, description="a glossary made with POST /v1/glossaries"
    )
    glossary: dict[Text, Text] | None = Field(
        default=None, description="inline glossary for this request's pair: {source term: target term}"
    )

    @model_validator(mode="after")
    def _one_glossary(self) -> _Terminology:
        if self.glossary_id is not None and self.glossary is not None:
            raise ValueError("send glossary_id or glossary, not both")
        return self


class TranslateRequest(_Terminology, _OneOrMany):
    """`text` (one document) or `texts` (several, each routed on its own), never both."""

    source: SourceLang = Field(default="auto", description="source language, or auto to detect each text")
    target: TargetLang | None = Field(default=None, description="target language (default: the other one)")
    format: Literal["text", "html"] = Field(default="text", description="html: translate text nodes only")
    beam_size: int | None = Field(default=None, ge=1, le=16, description="1 = greedy; default from settings")
    flags: bool = Field(default=False, description="include segments with their quality flags")
    stream: bool = Field(default=False, description="answer NDJSON, one line per paragraph as it is done")
    protect: list[str] | None = Field(
        default=None,
        description="do-not-translate kinds: url, email, handle, hashtag, marker ([[...]]); [] for none; "
        "default from settings (all)",
    )


class SegmentOut(BaseModel):
    source: str
    target: str
    flags: list[str]
    memory: str | None = Field(default=None, description='"approved": an editor-approved translation')


class TranslationOut(BaseModel):
    """One text's translation: the text, its (detected) source, the target and the model used."""

    translation: str
    source: str
    target: str
    model: str = Field(description="model id; 'none' when the text was already in the target language")
    confidence: float | None = Field(default=None, description="detection confidence when source was auto")
    segments: list[SegmentOut] | None = None


class TranslationsOut(BaseModel):
    translations: list[TranslationOut]


class DetectRequest(_OneOrMany):
    """`text` or `texts` whose language to detect."""


class DetectionOut(BaseModel):
    language: str = Field(description="ar, en, or und (no letters, or a tie)")
    confidence: float


class DetectionsOut(BaseModel):
    detections: list[DetectionOut]


class LanguageOut(BaseModel):
    code: str
    name: str
    targets: list[str]


class PairOut(BaseModel):
    source: str
    target: str
    model: str


class LanguagesOut(BaseModel):
    languages: list[LanguageOut]
    pairs: list[PairOut]


class ModelOut(BaseModel):
    slot: str
    task: str
    name: str
    loaded: bool
    backend: str | None = None
    device: str | None = None
    compute_type: str | None = None


class ModelsOut(BaseModel):
    models: list[ModelOut]


class SummarizeRequest(_Strict):
    text: Text
    lang: TargetLang | None = Field(default=None, description="language of the summary (default: the text's)")
    source: SourceLang = Field(default="auto", description="language of the text, or auto")
    method: Literal["extractive", "abstractive"] = "extractive"
    sentences: int | None = Field(default=3, ge=1, le=50)
    ratio: float | None = Field(
        default=None, gt=0, le=1, description="share of sentences when sentences is null"
    )
    route: Literal["auto", "summarize-first", "translate-first"] = "auto"

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _not_blank(value)

    @model_validator(mode="after")
    def _length(self) -> SummarizeRequest:
        if self.sentences is None and self.ratio is None:
            raise ValueError("send sentences or ratio")
        return self


class SummaryOut(BaseModel):
    summary: str
    sentences: list[str]
    lang: str
    source_lang: str
    method: str
    route: str
    models: dict[str, str]


class BriefingRequest(_Terminology):
    text: Text | None = Field(default=None, description="article text (or Markdown / JSON record)")
    html: Text | None = Field(default=None, description="an article page; cleaned before composing")
    format: Literal["json", "markdown", "html"] = "json"
    id: str = Field(default="article", max_length=200, pattern=r"^[A-Za-z0-9._\-]+$")
    summary_sentences: int = Field(default=3, ge=1, le=20)
    summary_method: Literal["extractive", "abstractive"] = "extractive"
    beam_size: int | None = Field(default=None, ge=1, le=16)

    @field_validator("text", "html")
    @classmethod
    def _content(cls, value: str | None) -> str | None:
        return _not_blank(value) if value is not None else None

    @model_validator(mode="after")
    def _one_of(self) -> BriefingRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("send either text or html")
        return self

    @property
    def content(self) -> str:
        return self.text if self.text is not None else self.html or ""


class HealthOut(BaseModel):
    status: str


class ReadyOut(BaseModel):
    status: str
    models: list[str]


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    """The one error shape of every route."""

    error: ErrorDetail


class GlossaryIn(_Strict):
    """A glossary: a name, a pair, and entries as {source: target} or [{source, target}] / [[s, t]]."""

    name: str = Field(min_length=1, max_length=200)
    pair: Literal["ar-en", "en-ar"]
    entries: dict[str, str] | list[dict[str, str] | list[str]]


class GlossaryOut(BaseModel):
    id: str
    name: str
    pair: str
    size: int
    shared: bool = Field(description="made by an admin (CLI): every key sees it")
    created_at: float | None = None
    entries: list[dict[str, str]] | None = None


class GlossariesOut(BaseModel):
    glossaries: list[GlossaryOut]


class MemoryIn(_Strict):
    """An approved translation of one sentence."""

    pair: Literal["ar-en", "en-ar"]
    source: Text = Field(min_length=1, max_length=5000)
    target: Text = Field(min_length=1, max_length=5000)
    who: str | None = Field(default=None, max_length=200, description="who approved it (keys on: the key)")


class MemoryOut(BaseModel):
    pair: str
    source: str
    target: str
    who: str
    created_at: float
    updated_at: float


class MemoriesOut(BaseModel):
    entries: list[MemoryOut]
