"""Tables, ratios and targets of a benchmark run, as aligned text or Markdown."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from models.bench.results import RowResult, ServerRun
from models.bench.runner import BenchResult
from models.bench.stats import ratio

TASK_TITLES = {
    "translation": "Translation ar->en (opus-mt-ar-en shape: Marian 6+6, d_model 512, vocabulary 62,834)",
    "summaries": "Summaries en (distilbart-cnn-12-6 shape: BART 12+6, d_model 1024, vocabulary 50,264)",
}
SERVICE_CLIENTS = 32
GB_MB = 1024.0


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool = False) -> str:
    """Rows under headers: a Markdown table, or columns aligned with spaces (numbers to the right)."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def numeric(cell: str) -> bool:
        return bool(cell) and (cell[0].isdigit() or cell[0] in "-+.") and not cell.startswith("(")

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if numeric(cell) else cell.ljust(width)
            for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)])


def fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:,.{digits}f}{suffix}"


def times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def row_table(result: BenchResult, task: str, markdown: bool = False) -> str:
    rows = result.rows.get(task, [])
    naive = result.row(task, "naive")
    ceiling = result.row(task, "ceiling")
    headers = [
        "row",
        "engine",
        "outputs",
        "target tokens",
        "check",
        "seconds",
        "tokens/s",
        "x naive",
        "% of ceiling",
    ]
    if task == "summaries":
        headers.append("articles/s")
    headers += ["padding", "peak RSS MB"]
    body = []
    for row in rows:
        cells = [
            row.label,
            row.engine,
            fmt(row.rows),
            fmt(row.expected_tokens),
            "ok" if row.verified else f"counted {row.counted_tokens:,}",
            fmt(row.seconds, 1),
            fmt(row.tokens_per_s),
            times(ratio(row.tokens_per_s, naive.tokens_per_s if naive else None)),
            percent(ratio(row.tokens_per_s, ceiling.tokens_per_s if ceiling else None)),
        ]
        if task == "summaries":
            cells.append(fmt(row.docs_per_s, 2))
        cells += [percent(row.padding), fmt(row.rss_hwm_mb)]
        body.append(cells)
    return table(headers, body, markdown)


def offline_tokens_per_s(result: BenchResult) -> float | None:
    """Offline tarjama: measured by the service bench on its own paragraphs where it ran, else the
    translation table's (b) row."""
    service = next((run for run in result.service if run.offline_tokens_per_s), None)
    if service is not None:
        return service.offline_tokens_per_s
    row = result.row("translation", "tarjama")
    return row.tokens_per_s if row else None


def service_table(result: BenchResult, markdown: bool = False) -> str:
    baseline = next((run for run in result.service if run.server != "tarjama serve"), None)
    offline = offline_tokens_per_s(result)
    headers = [
        "server",
        "clients",
        "requests",
        "errors",
        "paragraphs/s",
        "tokens/s",
        "p50 ms",
        "p95 ms",
        "x one at a time",
        "% of offline",
        "RSS MB",
    ]
    body = []
    for run in result.service:
        for level in run.levels:
            reference = baseline.level(level.clients) if baseline else None
            body.append(
                [
                    run.server,
                    str(level.clients),
                    fmt(level.requests),
                    fmt(level.errors),
                    fmt(level.paragraphs_per_s, 2),
                    fmt(level.tokens_per_s),
                    fmt(level.p50_ms),
                    fmt(level.p95_ms),
                    times(ratio(level.tokens_per_s, reference.tokens_per_s if reference else None)),
                    percent(ratio(level.tokens_per_s, offline)),
                    fmt(level.rss_mb),
                ]
            )
    return table(headers, body, markdown)


def server_table(result: BenchResult, markdown: bool = False) -> str:
    headers = [
        "server",
        "start to ready s",
        "1 sentence at rest p50 ms",
        "p95 ms",
        "idle RSS MB",
        "peak RSS MB",
    ]
    body = [
        [
            run.server,
            fmt(run.ready_s, 1),
            fmt(run.rest_p50_ms),
            fmt(run.rest_p95_ms),
            fmt(run.rss_idle_mb),
            fmt(run.rss_peak_mb),
        ]
        for run in result.service
    ]
    return table(headers, body, markdown)


@dataclass(frozen=True)
class Target:
    name: str
    measured: float | None
    threshold: float
    unit: str  # "x", "%", "%.1" (one decimal), "MB"
    at_most: bool = False

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        return self.measured <= self.threshold if self.at_most else self.measured >= self.threshold

    def text(self, value: float | None) -> str:
        if value is None:
            return "-"
        if self.unit == "x":
            return f"{value:.2f}x"
        if self.unit == "%":
            return f"{value * 100:.0f}%"
        if self.unit == "%.1":
            return f"{value * 100:.1f}%"
        return f"{value:,.0f} MB"


def _level_ratio(
    runs: Sequence[ServerRun], clients: int, offline: float | None
) -> tuple[float | None, float | None]:
    service = next((run for run in runs if run.server == "tarjama serve"), None)
    baseline = next((run for run in runs if run.server != "tarjama serve"), None)
    level = service.level(clients) if service else None
    if level is None:
        return None, None
    reference = baseline.level(clients) if baseline else None
    return (
        ratio(level.tokens_per_s, reference.tokens_per_s if reference else None),
        ratio(level.tokens_per_s, offline),
    )


def _row_ratio(result: BenchResult, task: str, reference: str) -> float | None:
    row: RowResult | None = result.row(task, "tarjama")
    other = result.row(task, reference)
    return ratio(row.tokens_per_s if row else None, other.tokens_per_s if other else None)


def targets(result: BenchResult) -> list[Target]:
    """The issue's CPU targets with what this run measured (None: not measured in this run)."""
    offline = offline_tokens_per_s(result)
    vs_baseline, vs_offline = _level_ratio(result.service, SERVICE_CLIENTS, offline)
    service = next((run for run in result.service if run.server == "tarjama serve"), None)
    listed = []
    if "translation" in result.rows:
        listed += [
            Target("translation: tarjama >= 5x naive", _row_ratio(result, "translation", "naive"), 5.0, "x"),
            Target(
                "translation: tarjama >= 90% of engine ceiling",
                _row_ratio(result, "translation", "ceiling"),
                0.9,
                "%",
            ),
        ]
    shortlist = result.row("translation", "shortlist")
    if shortlist is not None:
        ceiling = result.row("translation", "ceiling")
        listed += [
            Target(
                "translation: shortlist >= 1.3x engine ceiling",
                ratio(shortlist.tokens_per_s, ceiling.tokens_per_s if ceiling else None),
                1.3,
                "x",
            ),
            Target(
                "translation: shortlist admits >= 99% of held-back reference tokens",
                shortlist.coverage,
                0.99,
                "%.1",
            ),
        ]
    if "summaries" in result.rows:
        listed.append(
            Target("summaries: tarjama >= 3x naive", _row_ratio(result, "summaries", "naive"), 3.0, "x")
        )
    if result.service:
        listed += [
            Target(f"service @{SERVICE_CLIENTS} clients >= 3x one-at-a-time server", vs_baseline, 3.0, "x"),
            Target(f"service @{SERVICE_CLIENTS} clients >= 90% of offline tarjama", vs_offline, 0.9, "%"),
            Target(
                "service RSS under load <= 1 GB",
                service.rss_peak_mb if service else None,
                GB_MB,
                "MB",
                at_most=True,
            ),
        ]
    return listed


def targets_table(result: BenchResult, markdown: bool = False) -> str:
    body = []
    for target in targets(result):
        met = {True: "met", False: "NOT met", None: "not measured"}[target.met]
        body.append([target.name, target.text(target.measured), met])
    return table(["target (CPU)", "measured", ""], body, markdown)


def header(result: BenchResult) -> list[str]:
    config, machine = result.config, result.machine
    docs = config.get("docs") or "all"
    load = machine.get("load_average") or []
    load_end = machine.get("load_average_end") or []
    env = config.get("env") or []
    return [
        f"tarjama bench: {docs} NTREX articles, beam {config.get('beam_size')}, "
        f"device {config.get('device')}, new tokens {config.get('new_tokens')}, "
        f"shapes {config.get('shapes')}" + (f", environment {' '.join(env)}" if env else ""),
        f"machine: {machine.get('cpu')}, {machine.get('cores')} cores, {machine.get('memory_gb')} GB; "
        f"torch {machine.get('torch')}, transformers {machine.get('transformers')}, "
        f"ctranslate2 {machine.get('ctranslate2')}; load average {load[:1]} at start, {load_end[:1]} at end",
    ]


def render(result: BenchResult, markdown: bool = False) -> str:
    """Every table of the run, with notes, in text or Markdown."""
    heading = "### " if markdown else ""
    parts = ["\n".join(("> " + line) if markdown else line for line in header(result))]
    for task in ("translation", "summaries"):
        if task not in result.rows:
            continue
        rows = result.rows[task]
        pinned = rows[0].new_tokens if rows else 0
        parts.append(f"{heading}{TASK_TITLES[task]}, outputs pinned to {pinned} tokens")
        parts.append(row_table(result, task, markdown))
        notes = [f"{row.label}: {note}" for row in rows for note in row.notes]
        parts.append("\n".join(f"- {note}" for note in notes))
    if result.service:
        parts.append(f"{heading}Service (POST /v1/translate, single paragraphs, opus-mt-ar-en shape)")
        parts.append(service_table(result, markdown))
        parts.append(server_table(result, markdown))
        notes = list(result.service_notes)
        notes += [f"{run.server}: {run.description}" for run in result.service]
        notes += [f"{run.server}: {note}" for run in result.service for note in run.notes]
        parts.append("\n".join(f"- {note}" for note in notes))
    listed = targets(result)
    if listed:
        parts.append(f"{heading}Targets")
        parts.append(targets_table(result, markdown))
    return "\n\n".join(parts) + "\n"
