"""Typed settings for the core, read from `TARJAMA_*` environment variables (and `.env`).

Build them with `load_settings()` and pass them in; nothing reads the environment at import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    model_config = SettingsConfigDict(env_prefix="TARJAMA_", env_file=".env", extra="ignore")

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
    segment_tokens: int = Field(default=200, ge=8, description="longest segment sent to a model, in tokens")

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


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (CLI flags) taking precedence."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**clean)  # type: ignore[arg-type]
