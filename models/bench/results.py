"""What a benchmark row is asked to do (`Job`) and what it measured (`RowResult`, `ServiceResult`).

All of them are plain dataclasses that go to and from JSON: rows run in their own processes and
hand their results back as JSON, and `--output` writes every result of a run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from models.bench.stats import MB, rate

TASKS = ("translation", "summaries", "service")
ROWS = ("naive", "tarjama", "ceiling")
TASK_ROWS = {"translation": (*ROWS, "shortlist"), "summaries": ROWS}
"""The rows each task runs, in order; translation adds (d), tarjama with a vocabulary shortlist."""
ROW_LABELS = {
    "naive": "(a) naive transformers",
    "tarjama": "(b) tarjama end to end",
    "ceiling": "(c) engine ceiling",
    "shortlist": "(d) tarjama with shortlist",
}


@dataclass
class Job:
    """One row of one task, as handed to a worker process.

    model_dir: the model. corpus / docs: the articles (`models.bench.corpus`). new_tokens: the
    pinned output length (minimum = maximum). device / compute_type / threads: as in tarjama's
    settings ("auto" compute type is int8 on CPU, bfloat16/float16 on GPU). naive_batch: rows per
    `generate` call of the naive baseline. sources_file: where the tarjama row writes the token
    sequences it sent to the engine, and the ceiling row reads them. cache_dir: tarjama's cache
    (CTranslate2 conversions). backend: tarjama's engine ("auto" = its default).
    """

    task: str
    row: str
    model_dir: str
    corpus: str
    cache_dir: str
    sources_file: str
    docs: int | None = None
    new_tokens: int = 32
    beam_size: int = 4
    device: str = "cpu"
    compute_type: str = "auto"
    threads: int = 0
    naive_batch: int = 32
    backend: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


@dataclass
class RowResult:
    """What one row did and how long it took.

    rows: sequences generated (sentences or chunks for translation, article chunks for summaries).
    counted_tokens: tokens the engine actually returned (verifies the pinning: it should equal
    `rows * new_tokens`). seconds: the timed phase only (model loading is `load_seconds`).
    calls: model calls. source_tokens / padded_tokens: input tokens, and input tokens with the
    padding of each call (rows x longest row), so `padding` is the wasted share.
    rss_load_mb: resident set once the model is loaded; rss_run_mb: the highest sample during the
    timed phase; rss_hwm_mb: the process's high-water mark (`getrusage`), loading included. Each row
    runs in a fresh process, so these are the row's own figures. coverage: for the shortlist row,
    the mean share of reference target tokens its shortlist admits on held-back documents (0-1).
    """

    task: str
    row: str
    engine: str
    docs: int
    rows: int
    new_tokens: int
    counted_tokens: int
    seconds: float
    load_seconds: float = 0.0
    calls: int = 0
    source_tokens: int = 0
    padded_tokens: int = 0
    rss_load_mb: float = 0.0
    rss_run_mb: float = 0.0
    rss_hwm_mb: float = 0.0
    threads: int = 0
    notes: list[str] = field(default_factory=list)
    coverage: float | None = None

    @property
    def label(self) -> str:
        return ROW_LABELS.get(self.row, self.row)

    @property
    def expected_tokens(self) -> int:
        """Target tokens counted for throughput: rows x the pinned length."""
        return self.rows * self.new_tokens

    @property
    def verified(self) -> bool:
        return self.counted_tokens == self.expected_tokens

    @property
    def tokens_per_s(self) -> float:
        return rate(self.expected_tokens, self.seconds)

    @property
    def docs_per_s(self) -> float:
        return rate(self.docs, self.seconds)

    @property
    def padding(self) -> float:
        """Share of the padded input that was padding (0 = none)."""
        return 1 - self.source_tokens / self.padded_tokens if self.padded_tokens else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {
            "label": self.label,
            "expected_tokens": self.expected_tokens,
            "verified": self.verified,
            "tokens_per_s": self.tokens_per_s,
            "docs_per_s": self.docs_per_s,
            "padding": self.padding,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowResult:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


def mb(value: int | float) -> float:
    return round(float(value) / MB, 1)


@dataclass
class LoadLevel:
    """One concurrency level against one server.

    requests: answered (status 200); errors: anything else. paragraphs_per_s, tokens_per_s: over
    the level's wall time. target_tokens: segments in the answers x the pinned length.
    latencies in milliseconds. rss_mb: the server's largest resident set during the level.
    """

    server: str
    clients: int
    requests: int
    errors: int
    seconds: float
    target_tokens: int
    p50_ms: float
    p95_ms: float
    rss_mb: float
    error_samples: list[str] = field(default_factory=list)

    @property
    def paragraphs_per_s(self) -> float:
        return rate(self.requests, self.seconds)

    @property
    def tokens_per_s(self) -> float:
        return rate(self.target_tokens, self.seconds)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"paragraphs_per_s": self.paragraphs_per_s, "tokens_per_s": self.tokens_per_s}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadLevel:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


@dataclass
class ServerRun:
    """One server: how long it took to become ready, its latency at rest and its load levels."""

    server: str
    description: str
    ready_s: float
    rest_p50_ms: float
    rest_p95_ms: float
    rss_idle_mb: float
    levels: list[LoadLevel] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Offline tarjama on the same paragraphs in the same run (tokens/s; mean of before and after).
    offline_tokens_per_s: float | None = None

    def level(self, clients: int) -> LoadLevel | None:
        return next((level for level in self.levels if level.clients == clients), None)

    @property
    def rss_peak_mb(self) -> float:
        return max([self.rss_idle_mb, *(level.rss_mb for level in self.levels)])

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["levels"] = [level.to_dict() for level in self.levels]
        data["rss_peak_mb"] = self.rss_peak_mb
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerRun:
        names = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        values["levels"] = [LoadLevel.from_dict(level) for level in data.get("levels", [])]
        return cls(**values)
