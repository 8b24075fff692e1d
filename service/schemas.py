"""Request and response bodies of the `/v1` API (the LibreTranslate routes have their own, loose ones)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

SourceLang = Literal["ar", "en", "auto"]
TargetLang = Literal["ar", "en"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(value: str) -> str:
    """JSON can carry `\\ud800`-style escapes that are not characters; nothing downstream takes them."""
    if _SURROGATE.search(value):
        raise ValueError("text contains an unpaired surrogate escape (\\ud800-\\udfff); send valid Unicode")
    return value


# What counts as blank, the same for the server (Python `re`) and the schema (ECMA-262 regex):
# the union of both engines' whitespace, so a schema-valid text is never refused as blank.
_SPACE = "\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NOT_BLANK = f"[^{_SPACE}]"
NOT_BLANK_RE = re.compile(NOT_BLANK)
_NOT_BLANK = NOT_BLANK_RE


# What XML 1.0 (so a TMX export) cannot hold; surrogates are refused by `valid_unicode` already.
NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
XML_SAFE = f"^[^{NOT_XML_CHARS}]*$"
# Some non-space character, and nothing XML cannot hold (an approved sentence, a suggestion).
XML_TEXT = f"^[^{NOT_XML_CHARS}]*[^{_SPACE}{NOT_XML_CHARS}][^{NOT_XML_CHARS}]*$"
MAX_MEMORY_CHARS = 5000  # = models.terminology.store.MAX_MEMORY_CHARS
_NOT_XML_RE = re.compile(f"[{NOT_XML_CHARS}]")


def _xml_text(value: Any) -> Any:
    """XML_TEXT, checked with an answer that names the problem (before the schema's pattern)."""
    if isinstance(value, str):
        bad = _NOT_XML_RE.search(value)
        if bad:  # TMX is XML 1.0: an entry it cannot hold would make every later export fail
            raise ValueError(f"an approved sentence must not hold control character U+{ord(bad.group()):04X}")
        if not _NOT_BLANK.search(value):
            raise ValueError("an approved translation needs a non-empty source and target")
    return value


# An approved sentence (or its translation): not blank, nothing XML cannot hold, within size.
Sentence = Annotated[
    str,
    StringConstraints(max_length=MAX_MEMORY_CHARS, pattern=XML_TEXT),
    BeforeValidator(_xml_text),
    AfterValidator(valid_unicode),
]


def _not_blank(value: str) -> str:
    if not _NOT_BLANK.search(value):
        raise ValueError("text is empty; send some text to work on")
    return value


Text = Annotated[str, AfterValidator(valid_unicode)]

# A glossary term must hold a letter or digit to match on (the core checks it after folding);
# the schema and the server both take these scripts' letters and digits, which all survive folding.
TERM_CHAR = (
    "[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # ASCII and Latin letters, digits
    "\u0621-\u063f\u0641-\u064a\u0660-\u0669\u0671-\u06d3\u06f0-\u06f9]"  # Arabic, no tatweel
)
MAX_TERM_CHARS = 200  # = models.terminology.glossary.MAX_TERM_CHARS
MAX_GLOSSARY_ENTRIES = 5000  # = models.terminology.glossary.MAX_ENTRIES
MAX_NAME_CHARS = 200  # a glossary's name
# A glossary's source term and target term, as the core takes them (see `build_glossary`).


def _rule(pattern: str, problem: str) -> BeforeValidator:
    """The schema's `pattern`, checked first so that the answer names the problem in words."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and not compiled.search(value):
            raise ValueError(problem)
        return value

    return BeforeValidator(check)


Term = Annotated[
    str,
    StringConstraints(max_length=MAX_TERM_CHARS, pattern=TERM_CHAR),
    _rule(TERM_CHAR, "a glossary source term needs a letter or digit (Arabic or Latin script) to match on"),
    AfterValidator(valid_unicode),
]
TermTarget = Annotated[
    str,
    StringConstraints(max_length=MAX_TERM_CHARS, pattern=NOT_BLANK),
    _rule(NOT_BLANK, "a glossary entry has an empty term; give source and target"),
    AfterValidator(valid_unicode),
]
# Do-not-translate kinds (= models.terminology.spans.KINDS).
ProtectKind = Literal["url", "email", "handle", "hashtag", "marker"]


def contract(
    one_of: tuple[str, ...] = (),
    not_null: tuple[str, ...] = (),
    not_blank: tuple[str, ...] = (),
    at_most_one: tuple[str, ...] = (),
) -> Callable[[dict[str, Any]], None]:
    """A `json_schema_extra` that writes the model's cross-field rules into its JSON schema.

    one_of: exactly one of these fields must be sent. not_null: optional fields that may be left
    out but not sent as null (the schema drops their `null`). not_blank: string fields (or lists
    of strings) that must hold a non-space character. at_most_one: optional fields of which no
    two may be sent with a value (null counts as not sent).
    """

    def extra(schema: dict[str, Any]) -> None:
        props = schema.get("properties", {})
        for name in not_null:
            choices = props[name].pop("anyOf", None)
            if choices:
                props[name].update(next(c for c in choices if c.get("type") != "null"))
        for name in not_blank:
            target = props[name].get("items", props[name])
            target["pattern"] = NOT_BLANK
        if one_of:
            schema["oneOf"] = [{"required": [name]} for name in one_of]
        for i, first in enumerate(at_most_one):
            for second in at_most_one[i + 1 :]:
                both = {name: {"not": {"type": "null"}} for name in (first, second)}
                schema.setdefault("allOf", []).append(
                    {"not": {"required": [first, second], "properties": both}}
                )
        term_maps(schema)

    return extra


def term_maps(schema: Any) -> None:
    """Pydantic writes a `{Term: ...}` dict as `patternProperties`, which lets any other key through;
    say instead that every key is a term (the server checks exactly that)."""
    if isinstance(schema, dict):
        patterned = schema.get("patternProperties", {})
        if list(patterned) == [TERM_CHAR]:
            schema.pop("patternProperties")
            schema["additionalProperties"] = patterned[TERM_CHAR]
            schema.setdefault("propertyNames", {})["pattern"] = TERM_CHAR
        for value in schema.values():
            term_maps(value)
    elif isinstance(schema, list):
        for value in schema:
            term_maps(value)


def _reject_nulls(data: Any, names: tuple[str, ...]) -> Any:
    if isinstance(data, dict):
        for name in names:
            if name in data and data[name] is None:
                raise ValueError(f"{name} must not be null; leave it out instead")
    return data


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _OneOrMany(_Strict):
    """`text` (one document) or `texts` (several, each handled on its own), never both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=contract(
            one_of=("text", "texts"), not_null=("text", "texts"), not_blank=("text", "texts")
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        return _reject_nulls(data, ("text", "texts"))

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


def _translate_schema(schema: dict[str, Any]) -> None:
    contract(
        one_of=("text", "texts"),
        not_null=("text", "texts"),
        not_blank=("text", "texts"),
        at_most_one=("glossary_id", "glossary"),
    )(schema)
    # Streaming takes plain text only (see the route).
    schema["not"] = {
        "required": ["stream", "format"],
        "properties": {"stream": {"const": True}, "format": {"const": "html"}},
    }


class _Terminology(_Strict):
    """A stored glossary by id, or an inline one (source term -> target term), never both."""

    glossary_id: str | None = Field(
        default=None, max_length=64, description="a glossary made with POST /v1/glossaries"
    )
    glossary: dict[Term, TermTarget] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_GLOSSARY_ENTRIES,
        description="inline glossary for this request's pair: {source term: target term}; each source "
        "holds a letter or digit and is given once (after folding case and spelling variants)",
    )

    @model_validator(mode="after")
    def _one_glossary(self) -> _Terminology:
        if self.glossary_id is not None and self.glossary is not None:
            raise ValueError("send glossary_id or glossary, not both")
        return self


class TranslateRequest(_Terminology, _OneOrMany):
    """`text` (one document) or `texts` (several, each routed on its own), never both."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_translate_schema)

    source: SourceLang = Field(default="auto", description="source language, or auto to detect each text")
    target: TargetLang | None = Field(default=None, description="target language (default: the other one)")
    format: Literal["text", "html"] = Field(default="text", description="html: translate text nodes only")
    beam_size: int | None = Field(default=None, ge=1, le=16, description="1 = greedy; default from settings")
    flags: bool = Field(default=False, description="include segments with their quality flags")
    stream: bool = Field(default=False, description="answer NDJSON, one line per paragraph as it is done")
    protect: list[ProtectKind] | None = Field(
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
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=lambda schema: _summary_schema(schema),
    )

    text: Text
    lang: TargetLang | None = Field(default=None, description="language of the summary (default: the text's)")
    source: SourceLang = Field(default="auto", description="language of the text, or auto")
    method: Literal["extractive", "abstractive"] = "extractive"
    sentences: int | None = Field(default=3, ge=1, le=50)
    ratio: float | None = Field(
        default=None, gt=0, le=1, description="share of sentences when sentences is null"
    )
    route: Literal["auto", "summarize-first", "translate-first"] = "auto"
    words: int | None = Field(
        default=None,
        ge=1,
        le=5000,
        description="length budget in words (overrides sentences and ratio): whole sentences until it is "
        "reached, the last one possibly past it",
    )
    trim: bool = Field(default=False, description="with words, cut the summary at the budget")

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _not_blank(value)

    @model_validator(mode="after")
    def _length(self) -> SummarizeRequest:
        if self.sentences is None and self.ratio is None and self.words is None:
            raise ValueError("send sentences, ratio or words")
        return self


def _summary_schema(schema: dict[str, Any]) -> None:
    contract(not_blank=("text",))(schema)
    # sentences may be null only when ratio is sent (see `_length`).
    schema["anyOf"] = [
        {"properties": {"sentences": {"type": "integer"}}},
        {"required": ["ratio"], "properties": {"ratio": {"type": "number"}}},
    ]


class SummaryOut(BaseModel):
    summary: str
    sentences: list[str]
    lang: str
    source_lang: str
    method: str
    route: str
    models: dict[str, str]


class BriefingRequest(_Terminology):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=contract(
            one_of=("text", "html"),
            not_null=("text", "html"),
            not_blank=("text", "html"),
            at_most_one=("glossary_id", "glossary"),
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        return _reject_nulls(data, ("text", "html"))

    text: Text | None = Field(default=None, description="article text (or Markdown / JSON record)")
    html: Text | None = Field(default=None, description="an article page; cleaned before composing")
    format: Literal["json", "markdown", "md", "html"] = Field(
        default="json", description="json, markdown (or md, as the CLI takes it) or html"
    )
    id: str = Field(default="article", max_length=200, pattern=r"^[A-Za-z0-9._\-]+$")
    summary_sentences: int = Field(default=3, ge=1, le=20)
    summary_words: int | None = Field(
        default=None, ge=1, le=5000, description="summary length in words (overrides summary_sentences)"
    )
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


class EntryIn(_Strict):
    """One glossary entry."""

    source: Term
    target: TermTarget


class GlossaryIn(_Strict):
    """A glossary: a name, a pair, and entries as {source: target} or [{source, target}] / [[s, t]].

    Each source holds a letter or digit and is given once (after folding case and spelling variants).
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=contract(not_blank=("name",)))

    name: Text = Field(min_length=1, max_length=MAX_NAME_CHARS)
    pair: Literal["ar-en", "en-ar"]
    entries: (
        Annotated[dict[Term, TermTarget], Field(min_length=1, max_length=MAX_GLOSSARY_ENTRIES)]
        | Annotated[
            list[EntryIn | tuple[Term, TermTarget]], Field(min_length=1, max_length=MAX_GLOSSARY_ENTRIES)
        ]
    )

    @classmethod
    def body_schema(cls) -> dict[str, Any]:
        """The JSON schema with its definitions written in place (for a hand-made request body)."""
        schema = cls.model_json_schema()
        defs = schema.pop("$defs", {})

        def inline(node: Any) -> Any:
            if isinstance(node, dict):
                ref = node.get("$ref", "")
                if ref.startswith("#/$defs/"):
                    return inline(defs[ref.removeprefix("#/$defs/")])
                return {key: inline(value) for key, value in node.items()}
            if isinstance(node, list):
                return [inline(value) for value in node]
            return node

        return dict(inline(schema))

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _not_blank(value)

    def pairs(self) -> list[tuple[str, str]]:
        """The entries as (source, target) pairs, in the order given."""
        if isinstance(self.entries, dict):
            return list(self.entries.items())
        return [(e.source, e.target) if isinstance(e, EntryIn) else e for e in self.entries]


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
    source: Sentence = Field(description="the sentence; not blank, no control characters but tab and newline")
    target: Sentence = Field(description="the approved translation")
    who: (
        Annotated[str, StringConstraints(max_length=200, pattern=XML_SAFE), AfterValidator(valid_unicode)]
        | None
    ) = Field(default=None, description="who approved it (keys on: the key); no control characters")


class MemoryOut(BaseModel):
    pair: str
    source: str
    target: str
    who: str
    created_at: float
    updated_at: float


class MemoriesOut(BaseModel):
    entries: list[MemoryOut]
