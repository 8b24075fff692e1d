"""Typed settings for the core, read from `TARJAMA_*` environment variables (and `.env`).

Build them with `load_settings()` and pass them in; nothing reads the environment at import.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

import annotated_types
from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.errors import SettingsError

ENV_PREFIX = "TARJAMA_"
ENV_FILE = ".env"
S = TypeVar("S", bound=BaseSettings)

Backend = Literal["auto", "ctranslate2", "transformers"]
Device = Literal["auto", "cpu", "cuda"]
ComputeType = Literal[
    "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32"
]


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "tarjama"


class Settings(BaseSettings):
    """Settings shared by the library, the service and the batch runner.

    Model fields take an alias (`opus-mt-ar-en`), a hub id with an optional pinned revision
    (`Helsinki-NLP/opus-mt-ar-en@<commit>`) or a local directory; see `models.hub`.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=ENV_FILE, extra="ignore")

    # Translation models, one per direction.
    ar_en_model: str = "Helsinki-NLP/opus-mt-ar-en"
    en_ar_model: str = "Helsinki-NLP/opus-mt-en-ar"
    # Revision used for hub ids that do not pin one with `@rev`.
    revision: str | None = None

    # Summary models (abstractive); loaded only when asked for.
    summary_model_en: str = "sshleifer/distilbart-cnn-12-6"
    summary_model_ar: str = "csebuetnlp/mT5_multilingual_XLSum"
    summary_method: Literal["extractive", "abstractive"] = "extractive"
    summary_sentences: int = Field(default=3, ge=1, le=50)
    summary_words: int | None = Field(default=None, ge=1, le=5000)

    # Engine, device and precision (resolved together in `models.device`).
    backend: Backend = "auto"
    device: Device = "auto"
    compute_type: ComputeType = "auto"
    threads: int = Field(default=0, ge=0, le=512, description="intra-op threads; 0 = all cores")

    # Decoding and batching.
    beam_size: int = Field(default=4, ge=1, le=16)
    max_length_ratio: float = Field(default=2.0, gt=0.0, le=10.0)
    batch_tokens: int = Field(default=4096, ge=64, description="source-token budget of one model call")
    max_batch_size: int = Field(default=64, ge=1)
    # The engine's working memory while decoding grows with rows x beam x target vocabulary; this
    # budget (MB, one model's replicas together) caps the rows of one engine call (models.memory).
    decode_memory_mb: int = Field(
        default=384, ge=0, description="decoding memory of one model's calls in flight (MB); 0 = no cap"
    )
    release_memory: bool = Field(
        default=True, description="return freed heap pages to the OS after each engine call (glibc)"
    )
    segment_tokens: int = Field(default=200, ge=8, description="longest segment sent to a model, in tokens")
    pin_new_tokens: int | None = Field(
        default=None,
        ge=1,
        description="benchmarks: every translation unit decodes exactly this many tokens (min = max)",
    )

    # Vocabulary shortlists (`tarjama models shortlist`), one per direction; CTranslate2 only.
    shortlist_ar_en: Path | None = None
    shortlist_en_ar: Path | None = None

    # Terminology: do-not-translate kinds (url, email, handle, hashtag, marker; "" for none) and
    # the glossary / approved-memory database (default: terminology.sqlite in cache_dir).
    protect_spans: str = "url,email,handle,hashtag,marker"
    terminology_db: Path | None = None
    # A glossary file (.csv/.tsv/.json) for batch runs and `tarjama translate` (`--glossary`).
    glossary_file: Path | None = None

    # Where models, conversions and the hub cache live.
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    offline: bool = False

    @field_validator("ar_en_model", "en_ar_model", "summary_model_en", "summary_model_ar")
    @classmethod
    def _model_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a model reference must not be empty")
        return value

    @field_validator("cache_dir", "terminology_db", "glossary_file")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @field_validator("protect_spans")
    @classmethod
    def _protect_kinds(cls, value: str) -> str:
        from models.errors import InvalidInputError
        from models.terminology.spans import parse_kinds

        try:
            return ",".join(sorted(parse_kinds(value)))
        except InvalidInputError as exc:
            raise ValueError(exc.message) from None

    def terminology_path(self) -> Path:
        """The glossary and approved-memory database (beside the service's key database by default)."""
        return self.terminology_db or self.cache_dir / "terminology.sqlite"

    def file_terminology(self) -> Any:
        """`Terminology` of CLI and batch runs: the settings' protected spans and glossary file
        (applied to the texts of its pair, ignored for the other direction)."""
        from models.terminology.spans import parse_kinds
        from models.terminology.store import load_glossary_file
        from models.terminology.terms import Terminology

        glossary = load_glossary_file(self.glossary_file) if self.glossary_file else None
        return Terminology(glossary=glossary, protect=parse_kinds(self.protect_spans), strict_pair=False)

    @field_validator("shortlist_ar_en", "shortlist_en_ar", mode="before")
    @classmethod
    def _unset_when_blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shortlist_ar_en", "shortlist_en_ar")
    @classmethod
    def _shortlist_file(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        value = value.expanduser()
        if not value.is_file():
            raise ValueError(
                f"no vocabulary shortlist file at {value} (build one with `tarjama models shortlist`)"
            )
        if not os.access(value, os.R_OK):
            raise ValueError(f"the vocabulary shortlist {value} is not readable")
        return value

    def shortlist_for(self, slot: str) -> Path | None:
        """The vocabulary shortlist of a translation slot ("ar-en", "en-ar"); None for the others."""
        return {"ar-en": self.shortlist_ar_en, "en-ar": self.shortlist_en_ar}.get(slot)


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (CLI flags) taking precedence.

    Raises:
        SettingsError: one line naming each bad variable (or flag), its value and what is allowed.
    """
    return build_settings(Settings, overrides)


def build_settings(cls: type[S], overrides: Mapping[str, object]) -> S:
    """`cls` from the environment, `.env` and `overrides` (None values mean unset), or a SettingsError.

    The one path every settings class is built by, so every command words bad settings the same way.
    """
    clean = {key: value for key, value in overrides.items() if value is not None}
    try:
        return cls(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(settings_problems(cls, exc, clean)) from exc


def settings_problems(cls: type[BaseSettings], exc: ValidationError, overrides: Mapping[str, object]) -> str:
    """`TARJAMA_X='value' (from .env): expected ...; ...` for each error, on one line."""
    dotenv = dotenv_values()
    parts = []
    for error in exc.errors(include_url=False):
        loc = error.get("loc") or ()
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        if not loc or str(loc[0]) not in cls.model_fields:
            parts.append(message)
            continue
        field = str(loc[0])
        env_name = ENV_PREFIX + field.upper()
        if field in overrides:
            name, value, origin = "--" + field.replace("_", "-"), overrides[field], ""
        else:
            value = error.get("input")
            name = env_name
            origin = " (from .env)" if env_name not in _environ_upper() and env_name in dotenv else ""
        shown = repr(mask_value(field, value)) if isinstance(value, str) else repr(value)
        # Our own validators word their problem; for type and range errors, say what is allowed.
        why = message if error.get("type") == "value_error" else ""
        allowed = describe_allowed(cls.model_fields[field])
        parts.append(f"{name}={shown}{origin} is not valid: {why or 'expected ' + allowed}")
    return "bad settings: " + "; ".join(parts or ["invalid values"])


def describe_allowed(field: FieldInfo) -> str:
    """What a field accepts, in words: `auto, cpu or cuda`, `an integer from 1 to 16`, ..."""
    annotation = field.annotation
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) is Literal:
        return _either([str(arg) for arg in typing.get_args(annotation)])
    if len(args) == 1:
        annotation = args[0]
    if typing.get_origin(annotation) is Literal:
        return _either([str(arg) for arg in typing.get_args(annotation)])
    if annotation is bool:
        return "true or false (1/0, yes/no)"
    low: object = None
    high: object = None
    strict_low = strict_high = False
    for meta in field.metadata:
        if isinstance(meta, annotated_types.Ge):
            low = meta.ge
        elif isinstance(meta, annotated_types.Gt):
            low, strict_low = meta.gt, True
        elif isinstance(meta, annotated_types.Le):
            high = meta.le
        elif isinstance(meta, annotated_types.Lt):
            high, strict_high = meta.lt, True
    kinds: dict[object, str] = {int: "an integer", float: "a number", Path: "a path", str: "text"}
    kind = kinds.get(annotation, "a value")
    if annotation in (int, float):
        if low is not None and high is not None and not (strict_low or strict_high):
            return f"{kind} from {low} to {high}"
        bounds = []
        if low is not None:
            bounds.append(f"{'>' if strict_low else '>='} {low}")
        if high is not None:
            bounds.append(f"{'<' if strict_high else '<='} {high}")
        return f"{kind} {' and '.join(bounds)}".strip()
    return kind


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


# Field names whose values are secrets (shown masked) or may hold one (URLs with a password).
SECRET_FIELDS = frozenset({"redis_url", "metrics_token"})


def mask_value(field: str, value: str) -> str:
    """A secret setting's value fit to print: tokens as `****`, URLs with their password masked."""
    if field not in SECRET_FIELDS or not value:
        return value
    if "://" in value:
        scheme, _, rest = value.partition("://")
        userinfo, at, host = rest.rpartition("@")
        if not at:
            return value
        user, colon, _ = userinfo.partition(":")
        # redis://:password@host and redis://password@host both hide what follows the scheme
        return f"{scheme}://{user}:****@{host}" if colon and user else f"{scheme}://****@{host}"
    return "****"


def _environ_upper() -> set[str]:
    return {key.upper() for key in os.environ}


def dotenv_values(path: str | Path = ENV_FILE) -> dict[str, str]:
    """The `TARJAMA_*` names and values of a `.env` file (upper-cased names; empty when absent)."""
    file = Path(path)
    if not file.is_file():
        return {}
    from dotenv import dotenv_values as read

    try:
        values = read(file)
    except (OSError, UnicodeDecodeError):
        return {}
    return {k.upper(): v or "" for k, v in values.items() if k.upper().startswith(ENV_PREFIX)}


def unknown_setting_names(classes: typing.Iterable[type[BaseSettings]]) -> list[tuple[str, str, str | None]]:
    """`TARJAMA_*` names in the environment or `.env` that no settings class reads.

    Returns (name, where: "environment" | ".env", the closest known name or None) for each.
    """
    import difflib

    known = {ENV_PREFIX + name.upper() for cls in classes for name in cls.model_fields}
    found: list[tuple[str, str, str | None]] = []
    seen = set()
    for where, names in (("environment", sorted(_environ_upper())), (".env", sorted(dotenv_values()))):
        for name in names:
            if not name.startswith(ENV_PREFIX) or name in known or name in seen:
                continue
            seen.add(name)
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
            found.append((name, where, close[0] if close else None))
    return found


def setting_sources(cls: type[BaseSettings], overrides: Mapping[str, object] | None = None) -> dict[str, str]:
    """Where each field's value comes from: "flag", "environment", ".env" or "default"."""
    overrides = overrides or {}
    environ = _environ_upper()
    dotenv = dotenv_values()
    sources = {}
    for field in cls.model_fields:
        name = ENV_PREFIX + field.upper()
        if overrides.get(field) is not None:
            sources[field] = "flag"
        elif name in environ:
            sources[field] = "environment"
        elif name in dotenv:
            sources[field] = ".env"
        else:
            sources[field] = "default"
    return sources
