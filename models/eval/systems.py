"""Systems under evaluation: a configuration (settings overrides, or a model), its run, its output.

A configuration string is what `--compare` takes: a comma list of `TARJAMA_*` assignments
(`TARJAMA_BEAM_SIZE=1,TARJAMA_BACKEND=transformers`) or a model (path, alias or hub id) for the
direction being scored. `translate_set` builds an `Engine` from it, times loading and translating,
and keeps each document's paragraphs with its segments' quality flags.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.errors import ConfigurationError
from models.eval.inputs import EvalDocument
from models.quality import quality_flags

# Documents per engine call: big enough to fill model batches, small enough for a moving progress bar.
DOCUMENTS_PER_CALL = 8


@dataclass(frozen=True)
class SystemConfig:
    """One system to run. label: how reports name it. overrides: settings field -> value.
    model: a model for the scored direction, replacing the configured one (None keeps it)."""

    label: str
    overrides: dict[str, str] = field(default_factory=dict)
    model: str | None = None


@dataclass
class Speed:
    """How long a system took: model loading apart from translating, and throughput."""

    load_s: float
    translate_s: float
    documents: int
    paragraphs: int
    source_words: int

    @property
    def words_per_s(self) -> float:
        return self.source_words / self.translate_s if self.translate_s > 0 else 0.0

    @property
    def documents_per_s(self) -> float:
        return self.documents / self.translate_s if self.translate_s > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "load_s": round(self.load_s, 3),
            "translate_s": round(self.translate_s, 3),
            "documents": self.documents,
            "paragraphs": self.paragraphs,
            "source_words": self.source_words,
            "source_words_per_s": round(self.words_per_s, 1),
            "documents_per_s": round(self.documents_per_s, 3),
        }


@dataclass
class SystemOutput:
    """A system's output per document id: paragraphs, and quality flags per unit.

    flag_unit: "segment" when the engine translated (its own per-sentence flags), "paragraph" for
    a given hypothesis (flags computed here, paragraph against source paragraph).
    """

    label: str
    hypotheses: dict[str, list[str]]
    unit_flags: dict[str, list[tuple[str, ...]]]
    flag_unit: str
    speed: Speed | None = None
    models: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)


def setting_field(name: str) -> str:
    """`TARJAMA_BEAM_SIZE`, `beam_size` or `beam-size` -> `beam_size`; unknown names are an error."""
    from models.settings import Settings

    key = name.strip()
    key = key[len("TARJAMA_") :] if key.upper().startswith("TARJAMA_") else key
    key = key.lower().replace("-", "_")
    if key not in Settings.model_fields:
        raise ConfigurationError(f"unknown setting {name.strip()!r} (see the README's TARJAMA_* variables)")
    return key


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """`NAME=VALUE` items (TARJAMA_ prefix optional) as settings field -> value."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ConfigurationError(f"expected NAME=VALUE, got {item!r}")
        values[setting_field(name)] = value.strip()
    return values


def parse_config(text: str) -> SystemConfig:
    """A `--compare` argument: comma-separated assignments, or else one model reference."""
    text = text.strip()
    if not text:
        raise ConfigurationError("--compare takes two non-empty configurations")
    if "=" in text:
        return SystemConfig(text, parse_assignments([part for part in text.split(",") if part.strip()]))
    return SystemConfig(text, model=text)


def build_settings(overrides: dict[str, str]) -> Any:
    """Settings from the environment with `overrides`, bad values as one ConfigurationError."""
    from pydantic import ValidationError

    from models.settings import load_settings

    try:
        return load_settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"bad settings: {problems}") from None


def _chunks(items: list[EvalDocument], size: int) -> list[list[EvalDocument]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def progress_bar(total: int, label: str) -> Callable[[int], None]:
    """An update function for a tqdm bar on stderr when tqdm is installed (and stderr a terminal)."""
    try:
        from tqdm import tqdm
    except ImportError:
        return lambda _n: None
    bar = tqdm(total=total, unit="doc", desc=label, disable=None, leave=False)

    def update(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return update


def translate_set(
    documents: list[EvalDocument],
    config: SystemConfig,
    source: str,
    target: str,
    base: dict[str, str] | None = None,
    *,
    progress: bool = True,
) -> SystemOutput:
    """Translate every document's source with the system `config` describes, timing it.

    Args:
        documents: what to translate (sources joined with blank lines, so paragraphs are kept).
        config: the system; its overrides go over `base`.
        source / target: the language pair.
        base: settings overrides shared by every system (`--set`).
        progress: show a progress bar (tqdm, when installed).
    """
    from models.engine import Engine

    overrides = dict(base or {}) | config.overrides
    settings = build_settings(overrides)
    slot = f"{source}-{target}"
    engine = Engine(settings, model_overrides={slot: config.model} if config.model else None)
    hypotheses: dict[str, list[str]] = {}
    flags: dict[str, list[tuple[str, ...]]] = {}
    try:
        started = time.perf_counter()
        engine.translator(source, target)  # loads (and converts) the model
        load_s = time.perf_counter() - started
        update = progress_bar(len(documents), config.label) if progress else (lambda _n: None)
        started = time.perf_counter()
        for chunk in _chunks(documents, DOCUMENTS_PER_CALL):
            results = engine.translate(["\n\n".join(d.source) for d in chunk], source=source, target=target)
            for document, result in zip(chunk, results, strict=True):
                hypotheses[document.id] = [paragraph.target for paragraph in result.paragraphs]
                flags[document.id] = [segment.flags for segment in result.segments]
            update(len(chunk))
        translate_s = time.perf_counter() - started
        models = {slot: engine.model(slot).name}
    finally:
        engine.close()
    speed = Speed(
        load_s,
        translate_s,
        len(documents),
        sum(len(d.source) for d in documents),
        sum(len(p.split()) for d in documents for p in d.source),
    )
    shown = {key: str(getattr(settings, key)) for key in ("backend", "device", "compute_type", "beam_size")}
    return SystemOutput(config.label, hypotheses, flags, "segment", speed, models, shown | overrides)


def given_output(documents: list[EvalDocument], label: str, target: str) -> SystemOutput:
    """The hypotheses already on `documents` as a system output, with per-paragraph quality flags.

    A misaligned document is flagged as one unit (its joined text against its joined source).
    """
    hypotheses: dict[str, list[str]] = {}
    flags: dict[str, list[tuple[str, ...]]] = {}
    for document in documents:
        paragraphs = list(document.hypothesis or [])
        hypotheses[document.id] = paragraphs
        if len(paragraphs) == len(document.source):
            pairs = list(zip(document.source, paragraphs, strict=True))
        else:
            pairs = [(" ".join(document.source), " ".join(paragraphs))]
        flags[document.id] = [quality_flags(src, hyp, target) for src, hyp in pairs]
    return SystemOutput(label, hypotheses, flags, "paragraph")
