"""The `Briefing` object: one article in both languages, with what the renderers and adapters need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.clean.types import RemovedText
from models.errors import InvalidInputError
from models.languages import CODES
from models.translate import TranslationOptions

BRIEFING_LANGUAGES = CODES
SUMMARY_METHODS = ("extractive", "abstractive")


@dataclass(frozen=True)
class BriefingOptions:
    """How briefings are composed.

    Args:
        summary_sentences: sentences per summary (extractive), or the length hint (abstractive).
        summary_words: a length budget in words per summary instead (see `SummaryOptions.words`);
            None to use `summary_sentences`.
        summary_method: "extractive" (model-free, the default) or "abstractive".
        translation: decoding choices for the paragraph translations; None takes settings.
    """

    summary_sentences: int = 3
    summary_method: str = "extractive"
    translation: TranslationOptions | None = None
    summary_words: int | None = None

    def __post_init__(self) -> None:
        if self.summary_words is not None and (
            isinstance(self.summary_words, bool)
            or not isinstance(self.summary_words, int)
            or self.summary_words < 1
        ):
            raise InvalidInputError(
                f"summary_words must be a whole number of at least 1, not {self.summary_words!r}"
            )
        if isinstance(self.summary_sentences, bool) or not isinstance(self.summary_sentences, int):
            raise InvalidInputError("summary_sentences must be a whole number (1 to 50)")
        if not 1 <= self.summary_sentences <= 50:
            raise InvalidInputError(f"summary_sentences must be 1 to 50, not {self.summary_sentences}")
        if self.summary_method not in SUMMARY_METHODS:
            raise InvalidInputError(
                f"unknown summary method {self.summary_method!r}; use {' or '.join(SUMMARY_METHODS)}"
            )


@dataclass
class ParagraphPair:
    """One body paragraph in both languages.

    Args:
        ar: the Arabic side. en: the English side. One of the two is the article's own paragraph,
            the other its translation.
        flags: quality flags (`models.quality`) of the translated side's sentences, each flag once,
            in the order first seen.
    """

    ar: str
    en: str
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ar": self.ar, "en": self.en, "flags": list(self.flags)}


@dataclass
class Briefing:
    """One article in Arabic and English.

    Args:
        id: the caller's identifier for the article (a file stem, a record id).
        source: what is known of where it came from (path, url, format, author, date, sitename, ...).
        source_lang: the article's own language, "ar" or "en".
        title: {"ar": ..., "en": ...}; both "" when the article has no title.
        summary: {"ar": [sentences], "en": [sentences]}.
        paragraphs: the body, paragraph for paragraph, in both languages.
        removed: boilerplate taken out by cleaning, with reasons.
        models: slot ("ar-en", "en-ar", "summary-en", ...) -> model name, for what was used.
        timings: seconds per stage ("clean" when known, "translate", "summarize", "total").
        warnings: things a reader of the briefing should know (flagged sentences, uncertain language,
            encoding fallbacks, ...).
    """

    id: str
    source: dict[str, str]
    source_lang: str
    title: dict[str, str]
    summary: dict[str, list[str]]
    paragraphs: list[ParagraphPair]
    removed: list[RemovedText] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def target_lang(self) -> str:
        """The language the body was translated into."""
        return "en" if self.source_lang == "ar" else "ar"

    def flagged_paragraphs(self) -> int:
        return sum(1 for pair in self.paragraphs if pair.flags)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary; `Briefing.from_dict` reads it back to an equal briefing."""
        return {
            "id": self.id,
            "source": dict(self.source),
            "source_lang": self.source_lang,
            "title": dict(self.title),
            "summary": {lang: list(sentences) for lang, sentences in self.summary.items()},
            "paragraphs": [pair.to_dict() for pair in self.paragraphs],
            "removed": [{"text": item.text, "reason": item.reason} for item in self.removed],
            "models": dict(self.models),
            "timings": dict(self.timings),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Briefing:
        """Read a dictionary made by `to_dict` (or parsed from a briefing's JSON).

        Raises:
            InvalidInputError: a missing field or a field of the wrong type, named in the message.
        """
        data = _as_map(data, "briefing")
        source_lang = _str(data, "source_lang")
        if source_lang not in BRIEFING_LANGUAGES:
            raise InvalidInputError(f"briefing field 'source_lang' must be 'ar' or 'en', not {source_lang!r}")
        return cls(
            id=_str(data, "id"),
            source=_str_map(data, "source"),
            source_lang=source_lang,
            title=_str_map(data, "title"),
            summary={
                str(lang): _str_list(sentences, f"summary.{lang}")
                for lang, sentences in _map(data, "summary").items()
            },
            paragraphs=[_pair(item, f"paragraphs[{i}]") for i, item in enumerate(_list(data, "paragraphs"))],
            removed=[
                _removed(item, f"removed[{i}]")
                for i, item in enumerate(_list(data, "removed", required=False))
            ],
            models=_str_map(data, "models", required=False),
            timings=_float_map(data, "timings"),
            warnings=_str_list(data.get("warnings", []), "warnings"),
        )


# -- from_dict helpers -------------------------------------------------------------------------------
def _as_map(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"{where} must be an object")
    return value


def _pair(item: Any, where: str) -> ParagraphPair:
    item = _as_map(item, f"briefing field {where!r}")
    return ParagraphPair(
        ar=_str(item, "ar", where), en=_str(item, "en", where), flags=_str_list(item.get("flags", []), where)
    )


def _removed(item: Any, where: str) -> RemovedText:
    item = _as_map(item, f"briefing field {where!r}")
    return RemovedText(text=_str(item, "text", where), reason=_str(item, "reason", where))


def _str(data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str):
        name = f"{where}.{key}" if where else key
        raise InvalidInputError(f"briefing field {name!r} must be a string")
    return value


def _map(data: Mapping[str, Any], key: str, required: bool = True) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"briefing field {key!r} must be an object")
    return value


def _str_map(data: Mapping[str, Any], key: str, required: bool = True) -> dict[str, str]:
    value = _map(data, key, required)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InvalidInputError(f"briefing field {key!r} must map strings to strings")
    return dict(value)


def _float_map(data: Mapping[str, Any], key: str) -> dict[str, float]:
    value = _map(data, key, required=False)
    result: dict[str, float] = {}
    for name, seconds in value.items():
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise InvalidInputError(f"briefing field '{key}.{name}' must be a number of seconds")
        result[str(name)] = float(seconds)
    return result


def _list(data: Mapping[str, Any], key: str, required: bool = True) -> list[Any]:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise InvalidInputError(f"briefing field {key!r} must be a list")
    return value


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInputError(f"briefing field {where!r} must be a list of strings")
    return list(value)
