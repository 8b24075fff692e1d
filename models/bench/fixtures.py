"""The benchmark's models: random weights, real architectures, built once into the work directory.

`opus-mt-ar-en` and `opus-mt-en-ar` (Marian 6+6, d_model 512, vocabulary 62,834) and
`distilbart-cnn-12-6` (BART 12+6, d_model 1024, vocabulary 50,264) come from `models.synthetic`.
Their tokenizers are trained on the benchmark corpus itself (plus the small built-in corpus), so
an NTREX sentence tokenises to about as many pieces as with the real checkpoints (about 34 per
Arabic sentence, about 460 per English article) and the engines see inputs of realistic length.

A model is rebuilt only when its shape, seed or training corpus changed (`bench-fixture.json`);
otherwise the directory is reused, and so is its CTranslate2 conversion (keyed by the files).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MARKER = "bench-fixture.json"
SHAPES = ("real", "tiny")
"""`real`: the published shapes (benchmarks). `tiny`: the test shape, for smoke runs of the harness."""


@dataclass(frozen=True)
class FixtureSpec:
    """One benchmark model: its key (directory name), family builder arguments and real shape."""

    key: str
    family: str  # "marian" | "bart"
    preset: str  # a key of models.synthetic.PRESETS for the real shape
    source_lang: str = "en"
    target_lang: str = "en"
    target_language_tokens: tuple[str, ...] = ()


FIXTURES: dict[str, FixtureSpec] = {
    spec.key: spec
    for spec in (
        FixtureSpec("opus-mt-ar-en", "marian", "opus-mt", "ar", "en"),
        FixtureSpec("opus-mt-en-ar", "marian", "opus-mt", "en", "ar", (">>ara<<",)),
        FixtureSpec("distilbart-cnn-12-6", "bart", "distilbart-cnn"),
    )
}


def corpus_digest(lines: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _builder(
    spec: FixtureSpec, shapes: str, corpus: Sequence[str], seed: int
) -> tuple[dict[str, Any], Callable]:
    from models.synthetic import PRESETS, TINY, build_bart, build_marian

    shape = PRESETS[spec.preset] if shapes == "real" else TINY
    description = {
        "key": spec.key,
        "shapes": shapes,
        "shape": asdict(shape),
        "seed": seed,
        "corpus": corpus_digest(corpus),
    }
    if spec.family == "marian":

        def build(path: Path) -> Path:
            return build_marian(
                path,
                shape,
                source_lang=spec.source_lang,
                target_lang=spec.target_lang,
                corpus=list(corpus),
                target_language_tokens=spec.target_language_tokens,
                seed=seed,
                overwrite=True,
            )
    else:

        def build(path: Path) -> Path:
            return build_bart(path, shape, languages=("en",), corpus=list(corpus), seed=seed, overwrite=True)

    return description, build


def ensure_model(
    key: str, models_dir: Path, corpus: Sequence[str], *, shapes: str = "real", seed: int = 0
) -> Path:
    """The directory of benchmark model `key`, built now unless an identical build is there."""
    if shapes not in SHAPES:
        raise ValueError(f"shapes must be one of {SHAPES}, got {shapes!r}")
    spec = FIXTURES[key]
    target = Path(models_dir) / (key if shapes == "real" else f"{key}-tiny")
    description, build = _builder(spec, shapes, corpus, seed)
    marker = target / MARKER
    if marker.is_file() and (target / "config.json").is_file():
        try:
            if json.loads(marker.read_text(encoding="utf-8")) == description:
                return target
        except (OSError, ValueError):
            pass
    log.info("building %s (%s shape) in %s", key, shapes, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    build(target)
    marker.write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")
    return target


def ct2_dir(model_dir: Path, compute_type: str, cache_dir: Path) -> Path:
    """The CTranslate2 conversion tarjama's loader uses for `model_dir` (converting it now if needed).

    The name and key match `models.loader.load_model` for a local directory, so the conversion
    made here is the one tarjama later finds in its cache (no row pays for converting).
    """
    from models.backends.convert import converted_dir
    from models.hub import parse_model_ref

    ref = parse_model_ref(str(model_dir))
    return converted_dir(Path(ref.name), ref.name, compute_type, cache_dir)
