"""`evaluate_translation`: read a reference set, get each system's output, score, compare."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import InvalidInputError, ModelLoadError
from models.eval.inputs import EvalSet, load_translation_set
from models.eval.report import TranslationReport
from models.eval.systems import SystemConfig, SystemOutput, given_output, parse_config, translate_set
from models.eval.translation import Segments, align, compare, score_system

DIRECTIONS = ("auto", "ar-en", "en-ar")


@dataclass(frozen=True)
class TranslationEvalOptions:
    """What `tarjama eval translation` was asked.

    source / reference / hypothesis: see `models.eval.inputs.load_translation_set`.
    direction: "ar-en", "en-ar", or "auto" (detected from the sources).
    limit: the first N documents only. settings: overrides for every system (`--set`).
    model: the model of the single system (like `tarjama translate --model`).
    compare: two configurations (see `models.eval.systems.parse_config`).
    mismatched: "skip" or "join" documents whose paragraph counts differ.
    tokenize: BLEU tokeniser (None: sacrebleu's default, 13a). comet_model: a local COMET checkpoint.
    progress: a progress bar while translating.
    """

    source: Path
    reference: Path | None = None
    hypothesis: Path | None = None
    direction: str = "auto"
    limit: int | None = None
    settings: dict[str, str] = field(default_factory=dict)
    model: str | None = None
    compare: tuple[str, str] | None = None
    mismatched: str = "skip"
    tokenize: str | None = None
    comet_model: str | None = None
    progress: bool = True


def resolve_direction(eval_set: EvalSet, direction: str) -> tuple[str, str]:
    """The (source, target) pair: as given, or the language detected in the sources."""
    if direction not in DIRECTIONS:
        raise InvalidInputError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    if direction != "auto":
        source, target = direction.split("-")
        return source, target
    from models.text.detect import detect_language

    sample = "\n\n".join(p for d in eval_set.documents[:20] for p in d.source)
    source = "en" if detect_language(sample).lang == "en" else "ar"
    return source, "ar" if source == "en" else "en"


def evaluate_translation(options: TranslationEvalOptions) -> TranslationReport:
    """Score a given hypothesis, or translate with one or two configured systems and score them."""
    if options.limit is not None and options.limit < 1:
        raise InvalidInputError(f"--limit must be at least 1, got {options.limit}")
    if options.hypothesis is not None and options.compare is not None:
        raise InvalidInputError("--compare translates with two systems; it cannot be used with --hypothesis")
    eval_set = load_translation_set(options.source, options.reference, options.hypothesis, options.limit)
    source, target = resolve_direction(eval_set, options.direction)
    documents = eval_set.documents
    outputs: list[SystemOutput]
    without = [d.id for d in documents if d.hypothesis is None]
    if 0 < len(without) < len(documents):
        raise InvalidInputError(
            f"{eval_set.source_path}: some documents have a hypothesis and some do not (first without: "
            f"{without[0]}); give every one, or none to translate them"
        )
    if options.compare is not None and not without:
        raise InvalidInputError("--compare translates with two systems; the set already holds hypotheses")
    if not without:
        label = Path(eval_set.hypothesis_path or eval_set.source_path).name
        outputs = [given_output(documents, label, target)]
    else:
        configs = (
            [parse_config(options.compare[0]), parse_config(options.compare[1])]
            if options.compare
            else [SystemConfig(options.model or "configured", model=options.model)]
        )
        if options.compare and configs[0].label == configs[1].label:
            raise InvalidInputError("--compare takes two different configurations")
        outputs = [
            translate_set(documents, config, source, target, options.settings, progress=options.progress)
            for config in configs
        ]
        if not options.compare:
            outputs[0].label = next(iter(outputs[0].models.values()), outputs[0].label)
    segments = align(documents, outputs, options.mismatched)
    if not segments.ids:
        raise InvalidInputError("no document could be scored: every one has differing paragraph counts")
    systems = [score_system(segments, output, options.tokenize) for output in outputs]
    comparison = None
    if len(outputs) == 2:
        comparison = compare(segments, outputs[0].label, outputs[1].label, options.tokenize)
    return TranslationReport(
        source,
        target,
        eval_set.format,
        {
            "source": eval_set.source_path,
            "reference": eval_set.reference_path,
            "hypothesis": eval_set.hypothesis_path,
        },
        len(documents),
        systems,
        segments,
        segments.misaligned,
        options.mismatched,
        comparison,
        comet_scores(segments, [o.label for o in outputs], options.comet_model),
        outputs,
    )


def comet_scores(segments: Segments, labels: list[str], model_path: str | None) -> dict[str, Any]:
    """COMET system scores when unbabel-comet is installed and a local checkpoint is given.

    Otherwise a dict with only a `message` saying what is missing; no hub is ever contacted.
    """
    if importlib.util.find_spec("comet") is None:
        return {"message": "not computed (needs `pip install unbabel-comet` and --comet-model CHECKPOINT)"}
    if not model_path:
        return {"message": "not computed (no --comet-model CHECKPOINT given; no model is downloaded)"}
    if not Path(model_path).is_file():
        return {"message": f"not computed ({model_path}: no such checkpoint file)"}
    try:
        from comet import load_from_checkpoint

        model = load_from_checkpoint(model_path)
    except Exception:  # a third-party loader: its errors become one line, not a trace
        raise ModelLoadError(f"{model_path}: cannot load the COMET model") from None
    sources = [s for key in segments.ids for s in segments.sources[key]]
    references = segments.flat()
    scores = {}
    for label in labels:
        data = [
            {"src": s, "mt": h, "ref": r}
            for s, h, r in zip(sources, segments.flat(label), references, strict=True)
        ]
        scores[label] = float(model.predict(data, batch_size=16, progress_bar=False).system_score)
    shown = ", ".join(f"{label} {100 * score:.1f}" for label, score in scores.items())
    return {"message": f"{shown} ({Path(model_path).name})", "model": model_path, "scores": scores}
