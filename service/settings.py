"""Typed service settings, read from `TARJAMA_*` environment variables (and `.env`).

Build them with `load_service_settings()` and pass them to `create_app`; nothing reads the
environment at import. The core's settings (models, device, batching) stay in `models.settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.settings import ENV_FILE, ENV_PREFIX, build_settings

CacheBackend = Literal["memory", "sqlite", "redis", "none"]
LogLevel = Literal["debug", "info", "warning", "error", "critical"]
LogFormat = Literal["text", "json"]


class ServiceSettings(BaseSettings):
    """How the HTTP service listens, limits, authenticates, caches and logs.

    Paths left unset (`keys_db`, `cache_path`) live in the core `cache_dir` (TARJAMA_CACHE_DIR).
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=ENV_FILE, extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")

    # Limits: 413 beyond max_chars / max_body_bytes, 504 beyond request_timeout_s.
    max_chars: int = Field(default=100_000, ge=1, description="characters of text per request")
    max_texts: int = Field(default=256, ge=1, description="texts per request")
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, description="request body size")
    request_timeout_s: float = Field(default=120.0, gt=0, le=3600)

    # Cross-request batching: units queued per model (429 beyond) and the wait for more units.
    queue_size: int = Field(default=2048, ge=1, description="queued units per model before 429")
    max_batch_wait_ms: float = Field(default=5.0, ge=0, le=1000)
    max_queued_tokens: int = Field(
        default=0,
        ge=0,
        description="source tokens queued per model before new work waits in line; 0 = 2 x batch_tokens",
    )
    preload: bool = Field(default=True, description="load the translation models at startup")
    work_threads: int = Field(default=4, ge=1, le=64, description="summaries and briefings run at once")

    # API keys: off by default; keys live hashed in an SQLite file.
    api_keys: bool = False
    keys_db: Path | None = None
    default_rpm: int = Field(default=60, ge=0, description="requests per minute per key; 0 = unlimited")
    default_daily_chars: int = Field(
        default=1_000_000, ge=0, description="characters per key per day; 0 = unlimited"
    )

    # Translation memory.
    cache: CacheBackend = "memory"
    cache_size: int = Field(default=100_000, ge=1, description="entries kept (memory, sqlite)")
    cache_path: Path | None = None
    cache_ttl_s: int = Field(default=0, ge=0, description="entry lifetime in Redis; 0 = no expiry")
    redis_url: str | None = None

    log_level: LogLevel = "info"
    log_format: LogFormat = Field(default="text", description="text lines, or one JSON object per line")

    # /metrics: open when unset; else it needs `Authorization: Bearer <token>`.
    metrics_token: str | None = None
    # Seconds a stopping worker waits for requests in flight (new ones get 503 meanwhile).
    drain_timeout_s: float = Field(default=30.0, ge=0, le=600)

    # Asynchronous jobs (documents, digests, archives): SQLite and one folder per job under jobs_dir.
    jobs_dir: Path | None = Field(default=None, description="default: <cache_dir>/jobs")
    job_ttl_s: float = Field(default=24 * 3600, gt=0, description="how long a finished job's result is kept")
    job_workers: int = Field(default=1, ge=1, le=16, description="jobs run at once")
    max_jobs_per_key: int = Field(default=4, ge=1, description="queued or running jobs per key")
    max_job_bytes_per_key: int = Field(
        default=200 * 1024 * 1024, ge=1024, description="stored job bytes per key"
    )
    max_document_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, description="one uploaded document")
    digest_job_chars: int = Field(
        default=50_000, ge=1, description="/v1/digest above this many characters: 202"
    )

    @field_validator("log_level", "log_format", "cache", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("host must not be empty (use 0.0.0.0 to listen on every interface)")
        return value

    @field_validator("keys_db", "cache_path", "jobs_dir")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @field_validator("metrics_token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("redis_url must start with redis://, rediss:// or unix://")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ServiceSettings:
        if self.cache == "redis" and not self.redis_url:
            raise ValueError("cache=redis needs TARJAMA_REDIS_URL (for example redis://localhost:6379/0)")
        return self

    def keys_path(self, cache_dir: Path) -> Path:
        return self.keys_db or cache_dir / "keys.sqlite"

    def memory_path(self, cache_dir: Path) -> Path:
        return self.cache_path or cache_dir / "translation-memory.sqlite"


def load_service_settings(**overrides: object) -> ServiceSettings:
    """Build service settings from the environment, with explicit overrides (CLI flags) taking precedence.

    Raises:
        SettingsError: one line naming each bad variable (or flag), its value and what is allowed.
    """
    return build_settings(ServiceSettings, overrides)
