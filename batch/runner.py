"""The local pipeline, and `run_batch`, which every engine goes through.

Threads of the local engine:

    scanner ──articles──> cleaners (--workers) ──cleaned──> main: compose groups ──> writer
    (walk, read, hash,    (decode, clean)                    (model batches)         (files, then
     claim in manifest)                                                               manifest)

The queues are bounded, so reading and cleaning run ahead of inference by at most
`queue_articles` articles, and inference never waits for the disk. A group of up to
`group_articles` articles is composed together (`models.briefing.compose_briefings`), so segments
of many articles share length-sorted model batches. The writer writes an article's files
atomically and only then marks it done in the manifest.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batch.briefings import Outcome, Prepared, briefing_options, compose, prepare
from batch.manifest import Completion, Manifest, now
from batch.options import BatchOptions, UsageError, fingerprint, output_settings
from batch.outputs import MANIFEST, OutputTree, output_paths
from batch.progress import Progress
from batch.report import RunStats, build_report, write_outputs
from batch.scanner import ScanItem, Scanner
from models.errors import TarjamaError

if TYPE_CHECKING:
    from models.contract import TranslationEngine
    from models.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

GROUP_WAIT_S = 0.5
"""Longest wait for a group to fill before composing the articles already cleaned."""

_DONE = object()


@dataclass
class RunResult:
    report: dict[str, Any]

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.report["counts"]["failed"] or self.report["counts"]["pending"] else EXIT_OK


@dataclass
class Run:
    """What every stage of one run shares."""

    options: BatchOptions
    settings: Settings
    backend: str | None
    run_id: str
    fingerprint: str
    outputs: OutputTree
    manifest_path: Path
    progress: Progress
    stats: RunStats = field(default_factory=RunStats)
    stop: threading.Event = field(default_factory=threading.Event)

    def scanner(self) -> Scanner:
        return Scanner(self.options, self.manifest_path, self.run_id, self.fingerprint, self.stats, self.stop)

    def count_claimed(self, item: ScanItem) -> None:
        """Account for an article found by the scanner that needs no work."""
        if item.claim is not None and item.claim.action == "skip":
            self.stats.add(skipped=1)
            self.progress.advance("skipped")
        elif item.claim is not None and item.claim.action == "duplicate":
            self.stats.add(duplicates=1)
            self.progress.advance("duplicates")


class Writer:
    """Writes outcomes: the files first (atomically), then the manifest rows. One thread uses it."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.manifest = Manifest(run.manifest_path)

    def close(self) -> None:
        self.manifest.close()

    def write(self, outcomes: Sequence[Outcome]) -> None:
        run = self.run
        completions = []
        for outcome in outcomes:
            written: list[str] = []
            if outcome.status == "done":
                paths = output_paths(outcome.rel, outcome.record, run.options.formats)
                try:
                    run.outputs.write_many({paths[f]: outcome.rendered[f] for f in run.options.formats})
                    written = list(paths.values())
                except (OSError, TarjamaError) as exc:
                    why = exc.message if isinstance(exc, TarjamaError) else f"{exc.strerror or exc}"
                    outcome.status, outcome.error_code = "failed", "output_error"
                    outcome.reason = f"{outcome.key}: cannot write its briefing ({why})"
            old = self.manifest.get(outcome.key)
            if old is not None and old.duplicate_of is None:
                for stale in set(old.outputs) - set(written):
                    run.outputs.remove(stale)
            completions.append(
                Completion(
                    key=outcome.key,
                    source=outcome.rel,
                    record=outcome.record,
                    status=outcome.status,
                    content_hash=outcome.content_hash,
                    outputs=written,
                    error_code=outcome.error_code,
                    reason=outcome.reason,
                    warnings=outcome.warnings,
                    digest=outcome.digest,
                )
            )
        self.manifest.complete(completions, run.run_id, run.fingerprint)
        for outcome in outcomes:
            if outcome.status == "done":
                run.stats.add(processed=1)
                run.progress.advance("processed")
                if outcome.digest:
                    run.stats.models.update(outcome.digest.get("models") or {})
            else:
                run.stats.add(failed=1)
                run.progress.advance("failed")


class LocalPipeline:
    """Scanner and cleaner threads feeding inference in the calling thread; a writer thread."""

    def __init__(self, run: Run, writer: Writer, engine: TranslationEngine) -> None:
        self.run = run
        self.writer = writer
        self.engine = engine
        size = run.options.queue_articles
        self.work: queue.Queue[Any] = queue.Queue(maxsize=size)
        self.ready: queue.Queue[Any] = queue.Queue(maxsize=size)
        self.to_write: queue.Queue[Any] = queue.Queue(maxsize=4)
        self.errors: list[BaseException] = []
        self.json_fields = run.options.json_fields.to_json_fields()
        self.briefing_options = briefing_options(run.settings)

    # -- helpers ---------------------------------------------------------------------------------
    def _put(self, target: queue.Queue[Any], item: Any) -> bool:
        while not self.run.stop.is_set():
            try:
                target.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _thread(self, name: str, body: Callable[[], None]) -> threading.Thread:
        def guarded() -> None:
            try:
                body()
            except BaseException as exc:
                log.exception("batch %s thread failed", name)
                self.errors.append(exc)
                self.run.stop.set()

        thread = threading.Thread(target=guarded, name=f"batch-{name}", daemon=True)
        thread.start()
        return thread

    def _check(self) -> None:
        if self.errors:
            raise self.errors[0]

    # -- stages ----------------------------------------------------------------------------------
    def _scan(self) -> None:
        try:
            for item in self.run.scanner().items():
                self.run.stats.add(found=1)
                self.run.progress.add_found()
                if item.needs_work:
                    if not self._put(self.work, item.article):
                        return
                else:
                    self.run.count_claimed(item)
        finally:
            self.run.progress.scan_finished()
            for _ in range(self.run.options.workers):
                self._put(self.work, _DONE)

    def _clean(self) -> None:
        try:
            while not self.run.stop.is_set():
                try:
                    article = self.work.get(timeout=0.2)
                except queue.Empty:
                    continue
                if article is _DONE:
                    return
                if not self._put(self.ready, prepare(article, self.json_fields)):
                    return
        finally:
            self._put(self.ready, _DONE)

    def _write(self) -> None:
        try:
            while True:
                outcomes = self.to_write.get()
                if outcomes is _DONE:
                    return
                self.writer.write(outcomes)
        finally:
            self.writer.close()

    def _compose(self, group: list[Prepared]) -> None:
        started = time.perf_counter()
        outcomes = compose(self.engine, group, self.briefing_options, self.run.options.formats)
        self.run.stats.add(inference_s=time.perf_counter() - started, composed_articles=len(group))
        self._put(self.to_write, outcomes)

    # -- the run ---------------------------------------------------------------------------------
    def run_all(self) -> None:
        workers = self.run.options.workers
        threads = [self._thread("scanner", self._scan)]
        threads += [self._thread(f"cleaner-{i}", self._clean) for i in range(workers)]
        writer = self._thread("writer", self._write)
        group: list[Prepared] = []
        first_at = 0.0
        finished = 0
        try:
            while finished < workers:
                self._check()
                wait = 0.2 if not group else max(0.0, GROUP_WAIT_S - (time.monotonic() - first_at))
                try:
                    item = self.ready.get(timeout=wait) if wait > 0 else self.ready.get_nowait()
                except queue.Empty:
                    if group:
                        self._compose(group)
                        group = []
                    continue
                if item is _DONE:
                    finished += 1
                elif isinstance(item, Outcome):
                    self._put(self.to_write, [item])
                else:
                    if not group:
                        first_at = time.monotonic()
                    group.append(item)
                    if len(group) >= self.run.options.group_articles:
                        self._compose(group)
                        group = []
            if group:
                self._compose(group)
            self._check()
        except BaseException:
            self.run.stop.set()
            raise
        finally:
            # The writer drains what was composed before it stops, even when the run is aborted.
            while True:
                try:
                    self.to_write.put(_DONE, timeout=0.2)
                    break
                except queue.Full:
                    if not writer.is_alive():
                        break
            writer.join()
            self.run.stop.set()
            for thread in threads:
                thread.join(timeout=5)
        self._check()


def mirror_duplicates(outputs: OutputTree, manifest: Manifest, run_id: str, formats: Sequence[str]) -> int:
    """Give each done duplicate of this run a copy of its primary's files at its own mirrored paths.

    The output tree then mirrors the input tree; no model work is done. Returns the files copied.
    """
    copied = 0
    for row in list(manifest.rows(run_id, "done")):
        if row.duplicate_of is None:
            continue
        primary = manifest.get(row.duplicate_of)
        if primary is None or primary.status != "done":
            continue
        own = output_paths(row.source, row.record, formats)
        theirs = output_paths(primary.source, primary.record, formats)
        files = {}
        for fmt, path in own.items():
            source = outputs.resolve(theirs[fmt])
            if source.is_file():
                files[path] = source.read_text(encoding="utf-8")
        outputs.write_many(files)
        manifest.set_outputs(row.key, list(files))
        copied += len(files)
    return copied


def check_dirs(options: BatchOptions) -> None:
    """Bad folders are usage errors: IN_DIR missing, OUT_DIR a file, inside IN_DIR or IN_DIR itself."""
    in_dir = Path(options.in_dir)
    if not in_dir.is_dir():
        raise UsageError(f"IN_DIR {in_dir} is not a folder")
    out_dir = Path(options.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"OUT_DIR {out_dir} exists and is not a folder")
    real_in = Path(os.path.realpath(in_dir))
    real_out = Path(os.path.realpath(out_dir))
    if real_out == real_in or real_in in real_out.parents:
        raise UsageError(
            f"OUT_DIR {out_dir} must not be IN_DIR or inside it (its outputs would become inputs)"
        )


def run_batch(
    options: BatchOptions,
    settings: Settings,
    *,
    backend: str | None = None,
    engine: TranslationEngine | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Run a batch: every article under IN_DIR to briefings in OUT_DIR, then digest and report.

    settings: `models.settings.Settings`. backend: overrides settings.backend (CLI --backend).
    engine: an `Engine` to use (local engine only; tests); otherwise one is built and closed here.

    Raises UsageError (bad folders, OUT_DIR busy) and the core's run-level errors (no model).
    """
    check_dirs(options)
    outputs = OutputTree(options.out_dir)
    outputs.open()
    try:
        manifest = Manifest(outputs.root / MANIFEST)
        shaping = output_settings(settings, options)
        key = fingerprint(shaping)
        run_id = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        manifest.start_run(run_id, key, shaping)
        started_at, started = now(), time.monotonic()
        run = Run(
            options=options,
            settings=settings,
            backend=backend,
            run_id=run_id,
            fingerprint=key,
            outputs=outputs,
            manifest_path=manifest.path,
            progress=progress or Progress(options.quiet, options.progress_every),
        )
        writer = Writer(run)
        try:
            if options.engine == "ray":
                from batch.ray_engine import run_on_ray

                run_on_ray(run, writer)
            else:
                from models.engine import Engine

                owned: Engine | None = None
                if engine is None:
                    owned = engine = Engine(settings, backend=backend)
                try:
                    LocalPipeline(run, writer, engine).run_all()
                finally:
                    if owned is not None:
                        owned.close()
        finally:
            run.progress.close()
        mirror_duplicates(outputs, manifest, run_id, options.formats)
        engine_settings = {
            "backend": backend or settings.backend,
            "device": settings.device,
            "compute_type": settings.compute_type,
            "threads": settings.threads,
            "batch_tokens": settings.batch_tokens,
            "max_batch_size": settings.max_batch_size,
            "group_articles": options.group_articles,
            "ray_address": options.ray_address,
        }
        report = build_report(
            run_id=run_id,
            options=options,
            engine_settings=engine_settings,
            shaping=shaping,
            fingerprint=key,
            manifest=manifest,
            stats=run.stats,
            elapsed_s=time.monotonic() - started,
            started_at=started_at,
            finished_at=now(),
        )
        write_outputs(outputs, manifest, run_id, report)
        manifest.finish_run(run_id, report)
        manifest.close()
        return RunResult(report)
    finally:
        outputs.close()
