"""What a batch run is asked to do (`BatchOptions`), and the fingerprint of what shapes its output."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from models.errors import InvalidInputError
from models.settings import Settings

FORMATS = {"json": ".json", "md": ".md", "html": ".html"}
"""Output formats: CLI name -> file suffix."""

RENDER_FORMATS = {"json": "json", "md": "markdown", "html": "html"}
"""Output formats: CLI name -> the format name of `models.briefing.render`."""

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
LAYOUT_VERSION = "1"
"""Version of the output layout (names, manifest meaning); part of the fingerprint."""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class UsageError(InvalidInputError):
    """A run that cannot start as asked (bad folders or options): exit status 2."""

    code = "usage_error"


@dataclass(frozen=True)
class JsonFieldNames:
    """Keys of a `.json` / `.jsonl` record that hold what; the first one present wins (dotted paths allowed).

    None keeps the cleaner's defaults (`models.clean.JsonFields`).
    """

    id: tuple[str, ...] | None = None
    title: tuple[str, ...] | None = None
    body: tuple[str, ...] | None = None
    url: tuple[str, ...] | None = None

    def id_keys(self) -> tuple[str, ...]:
        return self.id or ("id",)

    def given(self) -> dict[str, tuple[str, ...]]:
        """Only the names set explicitly (keyword arguments for `JsonFields`)."""
        return {name: value for name, value in self.__dict__.items() if value}

    def to_json_fields(self) -> Any:
        from models.clean.types import JsonFields

        return JsonFields(**self.given())


@dataclass(frozen=True)
class BatchOptions:
    """One run of `tarjama batch`.

    in_dir / out_dir: the input archive and where briefings, digest, report and manifest go.
    formats: output formats per article, names of `FORMATS`.
    workers: reader/cleaner threads (local engine) or actors, one model copy each (Ray).
    group_articles: articles composed together, so their segments share model batches.
    queue_articles: cleaned articles read ahead of inference, at most.
    max_bytes: larger inputs are recorded as failed (per line for .jsonl).
    json_fields: field names of .json / .jsonl records.
    engine: "local" or "ray"; ray_address: an existing cluster (None starts or joins a local one).
    ray_gpus: GPUs per actor (None: 1 when the cluster has GPUs, else 0).
    quiet / progress_every: no progress output at all / seconds between log lines off a terminal.
    """

    in_dir: Path
    out_dir: Path
    formats: tuple[str, ...] = ("json", "md", "html")
    workers: int = 2
    group_articles: int = 16
    queue_articles: int = 64
    max_bytes: int = DEFAULT_MAX_BYTES
    json_fields: JsonFieldNames = field(default_factory=JsonFieldNames)
    engine: str = "local"
    ray_address: str | None = None
    ray_gpus: float | None = None
    quiet: bool = False
    progress_every: float = 10.0

    def __post_init__(self) -> None:
        if not self.formats or any(f not in FORMATS for f in self.formats):
            raise UsageError(
                f"formats must be a non-empty subset of {', '.join(FORMATS)}; got {self.formats}"
            )
        for name in ("workers", "group_articles", "queue_articles", "max_bytes"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name.replace('_', '-')} must be at least 1")
        if self.engine not in ("local", "ray"):
            raise UsageError(f"engine must be local or ray, not {self.engine!r}")


def parse_formats(text: str) -> tuple[str, ...]:
    """`json,md,html` -> ("json", "md", "html"); `markdown` is taken for `md`. Order kept, repeats dropped."""
    names = [
        {"markdown": "md", "htm": "html"}.get(p.strip().lower(), p.strip().lower()) for p in text.split(",")
    ]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(f"--formats takes a comma-separated list of {', '.join(FORMATS)}; got {text!r}")
    return tuple(dict.fromkeys(names))


def parse_size(text: str) -> int:
    """`5MB`, `500k`, `1048576` -> bytes."""
    match = _SIZE.match(text)
    if not match:
        raise UsageError(f"--max-bytes takes a size such as 5MB, 500k or 1048576; got {text!r}")
    value = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if value < 1:
        raise UsageError("--max-bytes must be at least 1 byte")
    return value


def parse_keys(text: str | None) -> tuple[str, ...] | None:
    """`id,guid` -> ("id", "guid"); None or blank -> None."""
    if text is None:
        return None
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    return keys or None


def _model_identity(spec: str, settings: Settings) -> str:
    """The model spec plus a key of its exact files (a hub snapshot's commit, or a hash of a
    directory's files), so that a new model version redoes the articles.

    A hub model not in the cache yet is fetched now (when online): the run needs it anyway, and a
    key that changed once it arrives would redo every article on the next run.
    """
    from models.hub import model_fingerprint, parse_model_ref, resolve_model_dir

    try:
        ref = parse_model_ref(spec, settings.revision)
    except Exception:
        return spec
    try:
        path = resolve_model_dir(ref, settings.cache_dir, settings.offline)
    except Exception:  # not here: the run stops with the core's own, clearer error when it needs it
        return ref.name
    return f"{ref.name}@{model_fingerprint(path)}"


def output_settings(settings: Settings, options: BatchOptions) -> dict[str, Any]:
    """The settings that shape an article's outputs (and nothing that only changes speed:
    backend, device, precision, threads, batch sizes, workers)."""
    models = {"ar-en": settings.ar_en_model, "en-ar": settings.en_ar_model}
    if settings.summary_method == "abstractive":
        models |= {"summary-en": settings.summary_model_en, "summary-ar": settings.summary_model_ar}
    try:
        version = metadata.version("tarjama")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "models": {slot: _model_identity(spec, settings) for slot, spec in models.items()},
        "beam_size": settings.beam_size,
        "max_length_ratio": settings.max_length_ratio,
        "segment_tokens": settings.segment_tokens,
        "summary_method": settings.summary_method,
        "summary_sentences": settings.summary_sentences,
        "formats": sorted(options.formats),
        "terminology": _terminology_identity(settings),
        "tarjama": version,
        "layout": LAYOUT_VERSION,
    }


def _terminology_identity(settings: Settings) -> dict[str, Any]:
    """Protected-span kinds and the glossary's content (pair and entries): a changed term redoes articles."""
    identity: dict[str, Any] = {"protect": settings.protect_spans, "glossary": None}
    if settings.glossary_file is not None:
        from models.terminology.store import load_glossary_file

        glossary = load_glossary_file(settings.glossary_file)
        content = json.dumps([glossary.pair, sorted(glossary.as_dict().items())], ensure_ascii=False)
        identity["glossary"] = hashlib.sha256(content.encode()).hexdigest()[:16]
    return identity


def fingerprint(shaping: dict[str, Any]) -> str:
    """A short stable key of `output_settings`."""
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]
