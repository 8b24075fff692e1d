"""The end of a run: `report.json` (counts, failures with reasons, throughput, models, settings)
and the digests `digest.md` / `digest.html` (each article's title and summaries in both languages,
linked to its briefing), all written atomically in OUT_DIR."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from batch.manifest import Manifest, Row
from batch.options import BatchOptions
from batch.outputs import DIGEST_HTML, DIGEST_MD, MANIFEST, REPORT, OutputTree
from batch.sources import Ignored

MAX_LISTED_IGNORED = 1000

# The page a digest links to, by preference.
_LINK_ORDER = {"markdown": (".md", ".html", ".json"), "html": (".html", ".md", ".json")}


@dataclass
class RunStats:
    """What happened in this run (the manifest says what the outputs are)."""

    found: int = 0
    processed: int = 0  # composed by a model in this run
    skipped: int = 0  # done in an earlier run, unchanged
    duplicates: int = 0
    failed: int = 0
    inference_s: float = 0.0
    composed_articles: int = 0
    ignored: list[Ignored] = field(default_factory=list)  # the first MAX_LISTED_IGNORED
    ignored_count: int = 0
    models: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ignore(self, entry: Ignored) -> None:
        with self._lock:
            self.ignored_count += 1
            if len(self.ignored) < MAX_LISTED_IGNORED:
                self.ignored.append(entry)

    def add(self, **counts: float) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


def build_report(
    *,
    run_id: str,
    options: BatchOptions,
    engine_settings: dict[str, Any],
    shaping: dict[str, Any],
    fingerprint: str,
    manifest: Manifest,
    stats: RunStats,
    elapsed_s: float,
    started_at: str,
    finished_at: str,
) -> dict[str, Any]:
    """The run report (also stored in the manifest's `runs` table)."""
    counts = manifest.counts(run_id)
    failures: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    duplicates: list[dict[str, Any]] = []
    for row in manifest.rows(run_id):
        if row.status == "failed":
            failures.append(
                {
                    "key": row.key,
                    "path": row.source,
                    "code": row.error_code,
                    "reason": row.reason,
                    "duplicate_of": row.duplicate_of,
                }
            )
        if row.duplicate_of:
            duplicates.append(
                {"key": row.key, "same_as": row.duplicate_of, "status": row.status, "outputs": row.outputs}
            )
        warnings.extend({"key": row.key, "warning": w} for w in row.warnings)
    composed = stats.composed_articles
    throughput = {
        "articles_composed": composed,
        "inference_s": round(stats.inference_s, 3),
        # None, not 0.0, when the run composed nothing (a resumed run with nothing left to do)
        "articles_per_s": round(composed / elapsed_s, 3) if composed and elapsed_s > 0 else None,
        "articles_per_inference_s": (
            round(composed / stats.inference_s, 3) if composed and stats.inference_s > 0 else None
        ),
    }
    # The same four figures as the progress line (`batch.progress`): what this run did.
    this_run = {
        "processed": stats.processed,
        "unchanged": stats.skipped,
        "duplicates": stats.duplicates,
        "failed": stats.failed,
    }
    runs = [_run_summary(old) for old in manifest.run_reports(run_id)]
    runs.append(
        {
            "run_id": run_id,
            "started_at": started_at,
            "finished_at": finished_at,
            "elapsed_s": round(elapsed_s, 3),
            "counts": this_run,
            "throughput": throughput,
        }
    )
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": finished_at,
        "elapsed_s": round(elapsed_s, 3),
        "in_dir": str(options.in_dir),
        "out_dir": str(options.out_dir),
        "engine": options.engine,
        "workers": options.workers,
        "formats": list(options.formats),
        "counts": {
            "articles": counts["pending"] + counts["done"] + counts["failed"],
            "done": counts["done"],
            "failed": counts["failed"],
            "pending": counts["pending"],
            **this_run,
            "duplicate_articles": counts["duplicates"],  # all duplicates seen, new or unchanged
            "ignored_files": stats.ignored_count,
            "not_seen": counts["not_seen"],
        },
        "throughput": throughput,
        # Every run on this OUT_DIR, oldest first: a resumed run keeps the earlier runs' figures.
        "runs": runs,
        "failures": failures,
        "warnings": warnings,
        "duplicates": duplicates,
        "ignored": [asdict(i) for i in stats.ignored],
        "models": stats.models or dict(shaping.get("models", {})),
        "settings": {"output": shaping, "engine": engine_settings},
        "fingerprint": fingerprint,
        "files": {"manifest": MANIFEST, "report": REPORT, "digest_md": DIGEST_MD, "digest_html": DIGEST_HTML},
    }


def _run_summary(report: dict[str, Any]) -> dict[str, Any]:
    """An earlier run's own entry (its report's last `runs` item, or its top-level figures)."""
    if report.get("runs"):
        return dict(report["runs"][-1])
    counts = report.get("counts", {})
    return {
        "run_id": report.get("run_id"),
        "started_at": report.get("started_at"),
        "finished_at": report.get("finished_at"),
        "elapsed_s": report.get("elapsed_s"),
        "counts": {k: counts.get(k) for k in ("processed", "unchanged", "duplicates", "failed")},
        "throughput": report.get("throughput", {}),
    }


def _link(row: Row, fmt: str) -> str | None:
    for suffix in _LINK_ORDER[fmt]:
        for path in row.outputs:
            if path.endswith(suffix):
                return path
    return None


def write_outputs(outputs: OutputTree, manifest: Manifest, run_id: str, report: dict[str, Any]) -> None:
    """Write report.json, digest.md and digest.html (atomically).

    The digest lists every article done and seen in this run once, in path order; a duplicate is
    not listed again (the report names it).
    """
    from models.briefing import Briefing, render_digest

    rows = [r for r in manifest.rows(run_id, "done") if r.duplicate_of is None and r.digest is not None]
    briefings = [Briefing.from_dict(row.digest or {}) for row in rows]
    files = {}
    for fmt, name in (("markdown", DIGEST_MD), ("html", DIGEST_HTML)):
        entries = [(b, _link(row, fmt) or "") for b, row in zip(briefings, rows, strict=True)]
        files[name] = render_digest(entries, fmt)
    files[REPORT] = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    outputs.write_many(files)
