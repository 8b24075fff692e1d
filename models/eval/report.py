"""The result of `tarjama eval translation` and its terminal and JSON renderings (HTML: `html.py`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from models.eval.inputs import Misalignment
from models.eval.systems import SystemOutput
from models.eval.translation import HIGHER_IS_BETTER, METRICS, Comparison, Segments, SystemScores

WORST_SHOWN = 10


@dataclass
class TranslationReport:
    """Scores of one or two systems on one reference set.

    segments: the aligned material (sources, references, every system's hypotheses), for the
    worst-documents view. comet: a line saying why COMET was not computed, or its scores.
    outputs: every system's output for every document, scored or not (for `save_outputs`).
    """

    source_lang: str
    target_lang: str
    format: str
    paths: dict[str, str | None]
    documents: int
    systems: list[SystemScores]
    segments: Segments
    misaligned: list[Misalignment]
    mismatch_policy: str
    comparison: Comparison | None = None
    comet: dict[str, Any] = field(default_factory=dict)
    outputs: list[SystemOutput] = field(default_factory=list)

    def worst(self, count: int = WORST_SHOWN) -> list[str]:
        """Ids of the `count` documents with the lowest chrF++ of the first system."""
        ranked = sorted(self.systems[0].documents, key=lambda d: (d.chrf, d.id))
        return [document.id for document in ranked[:count]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": "translation",
            "direction": f"{self.source_lang}-{self.target_lang}",
            "format": self.format,
            "paths": self.paths,
            "documents": self.documents,
            "scored_documents": len(self.segments.ids),
            "misaligned": [m.to_dict() for m in self.misaligned],
            "mismatch_policy": self.mismatch_policy,
            "systems": [system.to_dict() for system in self.systems],
            "comparison": self.comparison.to_dict() if self.comparison else None,
            "comet": self.comet,
            "worst": self.worst(),
        }


# Bidi and other control characters in ids and labels would reorder or hide terminal text.
_CONTROLS = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(value: str) -> str:
    """`value` for the terminal: control and bidi characters written as <U+XXXX>."""
    return _CONTROLS.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)


def to_json(report: Any) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    """A plain text table; columns in `right` are right-aligned (numbers)."""
    right = right if right is not None else set(range(1, len(header)))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(row) for row in rows)])


def speed_text(system: SystemScores) -> tuple[str, str]:
    if system.speed is None:
        return "-", "-"
    return (
        f"{system.speed.words_per_s:.1f}",
        f"{system.speed.translate_s:.1f}s (+{system.speed.load_s:.1f}s load)",
    )


def system_rows(systems: list[SystemScores]) -> list[list[str]]:
    rows = []
    for system in systems:
        words, time_text = speed_text(system)
        rows.append(
            [
                system.label,
                *(f"{system.corpus[name].score:.1f}" for name in METRICS),
                f"{100 * system.flagged_share:.1f}%",
                words,
                time_text,
            ]
        )
    return rows


SYSTEM_HEADER = ["system", "BLEU", "chrF++", "TER", "flagged", "words/s", "time"]


def _better(c: Comparison, name: str) -> str:
    """The system that is significantly better on `name`, or "-"."""
    if not c.significant(name) or c.difference[name] == 0:
        return "-"
    return c.system if (c.difference[name] > 0) == HIGHER_IS_BETTER[name] else c.baseline


def render_text(report: TranslationReport) -> str:
    """The terminal report: scores table, signatures, flags, comparison, what was left out."""
    lines = [
        f"tarjama eval translation: {report.source_lang} -> {report.target_lang}, "
        f"{len(report.segments.ids)} of {report.documents} documents scored, "
        f"{report.systems[0].segments} segments (paragraphs)",
        "",
        table(SYSTEM_HEADER, system_rows(report.systems), right={1, 2, 3, 4, 5}),
        "",
        "signatures:",
    ]
    for name in METRICS:
        lines.append(f"  {name}: {report.systems[0].corpus[name].signature}")
    for system in report.systems:
        rates = ", ".join(f"{name} {100 * rate:.1f}%" for name, rate in system.flag_rates().items()) or "none"
        lines.append(
            f"flags ({system.label}, per {system.flag_unit}, "
            f"{system.flagged_units} of {system.flag_units}): {rates}"
        )
    if report.comparison:
        c = report.comparison
        lines += ["", f"{c.system} vs {c.baseline}: paired bootstrap resampling, {c.samples} samples"]
        rows = [
            [
                name,
                f"{c.difference[name]:+.2f}",
                f"{c.p_value[name]:.4f}",
                "yes" if c.significant(name) else "no",
                _better(c, name),
            ]
            for name in METRICS
        ]
        header = ["metric", "difference", "p-value", "significant (p<0.05)", "better"]
        lines.append(table(header, rows, right={1, 2}))
    lines.append("")
    lines.append(f"COMET: {report.comet.get('message', 'not computed')}")
    if report.misaligned:
        action = "scored as one segment each" if report.mismatch_policy == "join" else "not scored"
        lines.append(f"paragraph counts differ in {len(report.misaligned)} documents ({action}):")
        lines += [f"  {m.message}" for m in report.misaligned]
    worst = report.worst(5)
    if worst:
        by_id = {d.id: d for d in report.systems[0].documents}
        lowest = ", ".join(f"{key} ({by_id[key].chrf:.1f})" for key in worst)
        lines.append(f"lowest chrF++ ({report.systems[0].label}): {lowest}")
    return shown("\n".join(lines) + "\n")


def render_summary_text(report: Any) -> str:
    """The terminal report of `tarjama eval summary` (a `models.eval.summary.SummaryReport`)."""
    from models.eval.summary import ROUGE_NAMES, ROUGE_TYPES

    header = ["system", *(f"{ROUGE_NAMES[t]} F1" for t in ROUGE_TYPES), "mean words", "cut"]
    rows = [
        [
            s.label,
            *(f"{s.f1[t]:.1f}" for t in ROUGE_TYPES),
            f"{s.mean_words:.1f}",
            f"{s.truncated}/{s.articles}",
        ]
        for s in report.systems
    ]
    lines = [
        f"tarjama eval summary: {report.articles} articles, "
        f"budget {report.budget} words ({report.budget_from}), "
        f"language: {report.lang}",
        "",
        table(header, rows),
        *report.notes,
    ]
    return shown("\n".join(lines) + "\n")
