"""Translation scores through sacrebleu: BLEU, chrF++ and TER, corpus-level and per document.

Segments are paragraphs. Corpus scores use sacrebleu's defaults (BLEU 13a tokenisation with exp
smoothing; chrF++ = chrF with word bigrams; TER), so they equal `sacrebleu REF -i HYP -m bleu chrf
ter --chrf-word-order 2` on the same segments. Per-document BLEU uses effective order (short
documents have no 4-gram matches). With two systems, `compare` runs sacrebleu's paired bootstrap
resampling (`sacrebleu.significance.PairedTest`, 1000 resamples, seed 12345 unless SACREBLEU_SEED).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from models.eval.inputs import EvalDocument, Misalignment, misalignment
from models.eval.systems import Speed, SystemOutput

METRICS = ("BLEU", "chrF++", "TER")
HIGHER_IS_BETTER = {"BLEU": True, "chrF++": True, "TER": False}
SIGNIFICANCE_LEVEL = 0.05
BOOTSTRAP_SAMPLES = 1000
MISMATCH_POLICIES = ("skip", "join")


def make_metrics(tokenize: str | None = None, *, document_level: bool = False) -> dict[str, Any]:
    """Fresh sacrebleu metric objects by tarjama name. tokenize: BLEU's tokeniser (None = 13a)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {
        "BLEU": BLEU(tokenize=tokenize, effective_order=document_level),
        "chrF++": CHRF(word_order=2),
        "TER": TER(),
    }


@dataclass
class MetricScore:
    """A corpus score: value, sacrebleu's own one-line rendering, and its signature."""

    name: str
    score: float
    text: str
    signature: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "text": self.text, "signature": self.signature}


@dataclass
class DocumentScore:
    """Scores of one document. joined: its paragraphs were misaligned and scored as one segment."""

    id: str
    bleu: float
    chrf: float
    ter: float
    segments: int
    joined: bool
    flags: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "BLEU": round(self.bleu, 4),
            "chrF++": round(self.chrf, 4),
            "TER": round(self.ter, 4),
            "segments": self.segments,
            "joined": self.joined,
            "flags": self.flags,
        }


@dataclass
class SystemScores:
    """Everything measured for one system."""

    label: str
    corpus: dict[str, MetricScore]
    documents: list[DocumentScore]
    segments: int
    flag_unit: str
    flag_units: int
    flagged_units: int
    flag_counts: dict[str, int]
    speed: Speed | None = None
    models: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def flagged_share(self) -> float:
        return self.flagged_units / self.flag_units if self.flag_units else 0.0

    def flag_rates(self) -> dict[str, float]:
        return {name: count / self.flag_units for name, count in sorted(self.flag_counts.items())}

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "corpus": {name: score.to_dict() for name, score in self.corpus.items()},
            "segments": self.segments,
            "flags": {
                "unit": self.flag_unit,
                "units": self.flag_units,
                "flagged": self.flagged_units,
                "flagged_share": round(self.flagged_share, 4),
                "rates": {name: round(rate, 4) for name, rate in self.flag_rates().items()},
            },
            "speed": self.speed.to_dict() if self.speed else None,
            "models": self.models,
            "settings": self.settings,
            "documents": [document.to_dict() for document in self.documents],
        }


@dataclass
class Comparison:
    """The second system against the first: difference and paired-bootstrap p-value per metric."""

    baseline: str
    system: str
    difference: dict[str, float]
    p_value: dict[str, float]
    samples: int
    signatures: dict[str, str]

    def significant(self, metric: str) -> bool:
        return self.p_value[metric] < SIGNIFICANCE_LEVEL

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "system": self.system,
            "test": "paired bootstrap resampling (sacrebleu)",
            "samples": self.samples,
            "level": SIGNIFICANCE_LEVEL,
            "metrics": {
                name: {
                    "difference": round(self.difference[name], 4),
                    "p_value": self.p_value[name],
                    "significant": self.significant(name),
                }
                for name in METRICS
            },
            "signatures": self.signatures,
        }


@dataclass
class Segments:
    """The aligned material every system is scored on, document by document."""

    ids: list[str]
    sources: dict[str, list[str]]
    references: dict[str, list[str]]
    hypotheses: dict[str, dict[str, list[str]]]  # system label -> document id -> paragraphs
    joined: set[str]
    misaligned: list[Misalignment]  # skipped, or joined (see `joined`)

    def flat(self, label: str | None = None) -> list[str]:
        """All segments in order: a system's hypotheses, or the references when label is None."""
        table = self.references if label is None else self.hypotheses[label]
        return [segment for key in self.ids for segment in table[key]]


def align(
    documents: Sequence[EvalDocument], outputs: Sequence[SystemOutput], policy: str = "skip"
) -> Segments:
    """Pair every system's paragraphs with the references.

    A document whose paragraph counts differ (against any system) is skipped and reported, or with
    policy "join" scored as one segment per side (its paragraphs joined with spaces). Never padded.
    """
    if policy not in MISMATCH_POLICIES:
        raise ValueError(f"unknown mismatch policy {policy!r}")
    ids: list[str] = []
    sources: dict[str, list[str]] = {}
    references: dict[str, list[str]] = {}
    hypotheses: dict[str, dict[str, list[str]]] = {output.label: {} for output in outputs}
    joined: set[str] = set()
    misaligned: list[Misalignment] = []
    for document in documents:
        problems = [
            problem
            for output in outputs
            if (problem := misalignment(_with(document, output.hypotheses.get(document.id, [])))) is not None
        ]
        if not outputs:
            problem = misalignment(document)
            problems = [problem] if problem else []
        if problems:
            misaligned.append(problems[0])
            if policy == "skip":
                continue
        ids.append(document.id)
        if problems:
            joined.add(document.id)
            sources[document.id] = [" ".join(document.source)]
            references[document.id] = [" ".join(document.reference)]
            for output in outputs:
                hypotheses[output.label][document.id] = [" ".join(output.hypotheses.get(document.id, []))]
        else:
            sources[document.id] = list(document.source)
            references[document.id] = list(document.reference)
            for output in outputs:
                hypotheses[output.label][document.id] = list(output.hypotheses[document.id])
    return Segments(ids, sources, references, hypotheses, joined, misaligned)


def _with(document: EvalDocument, hypothesis: list[str]) -> EvalDocument:
    return EvalDocument(document.id, document.source, document.reference, hypothesis)


def corpus_scores(
    hypotheses: list[str], references: list[str], tokenize: str | None = None
) -> dict[str, MetricScore]:
    """BLEU, chrF++ and TER of `hypotheses` against one reference each, with signatures."""
    scores = {}
    for name, metric in make_metrics(tokenize).items():
        result = metric.corpus_score(hypotheses, [references])
        scores[name] = MetricScore(name, float(result.score), str(result), str(metric.get_signature()))
    return scores


def score_system(segments: Segments, output: SystemOutput, tokenize: str | None = None) -> SystemScores:
    """Corpus and per-document scores of one system over the aligned `segments`, with flag rates."""
    hypotheses = segments.hypotheses[output.label]
    corpus = corpus_scores(segments.flat(output.label), segments.flat(), tokenize)
    per_document = make_metrics(tokenize, document_level=True)
    documents = []
    counts: Counter[str] = Counter()
    units = flagged = 0
    for key in segments.ids:
        hyp, ref = hypotheses[key], segments.references[key]
        values = {name: float(metric.corpus_score(hyp, [ref]).score) for name, metric in per_document.items()}
        unit_flags = output.unit_flags.get(key, [])
        doc_counts = Counter(flag for flags in unit_flags for flag in flags)
        counts.update(doc_counts)
        units += len(unit_flags)
        flagged += sum(1 for flags in unit_flags if flags)
        documents.append(
            DocumentScore(
                key,
                values["BLEU"],
                values["chrF++"],
                values["TER"],
                len(hyp),
                key in segments.joined,
                dict(doc_counts),
            )
        )
    return SystemScores(
        output.label,
        corpus,
        documents,
        sum(len(hypotheses[key]) for key in segments.ids),
        output.flag_unit,
        units,
        flagged,
        dict(counts),
        output.speed,
        output.models,
        output.settings,
    )


def compare(segments: Segments, baseline: str, system: str, tokenize: str | None = None) -> Comparison:
    """Paired bootstrap resampling of `system` against `baseline` (sacrebleu's implementation)."""
    from sacrebleu.significance import PairedTest

    metrics = make_metrics(tokenize)
    test = PairedTest(
        [(baseline, segments.flat(baseline)), (system, segments.flat(system))],
        metrics,
        [segments.flat()],
        test_type="bs",
        n_samples=BOOTSTRAP_SAMPLES,
    )
    signatures, results = test()
    names = [key for key in results if key != "System"]  # sacrebleu's names, in our metrics' order
    difference, p_value = {}, {}
    for ours, theirs in zip(METRICS, names, strict=True):
        base, other = results[theirs]
        difference[ours] = float(other.score) - float(base.score)  # type: ignore[union-attr]
        p_value[ours] = float(other.p_value)  # type: ignore[union-attr,arg-type]
    sigs = {ours: str(signatures[theirs]) for ours, theirs in zip(METRICS, names, strict=True)}
    return Comparison(baseline, system, difference, p_value, BOOTSTRAP_SAMPLES, sigs)
