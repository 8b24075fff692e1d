"""`--engine ray`: the same pipeline on Ray Data, for a cluster of machines (or one big one).

The driver (the `tarjama batch` process) walks IN_DIR, hashes and claims every article in the
manifest exactly as the local engine does, and records read failures itself. The articles to
process go to Ray Data as small descriptors (path, line offset, expected hash): an actor pool of
`--workers` actors, each holding one `Engine` (one copy of the models, `num_gpus` GPUs when the
cluster has any), reads, decodes, cleans, composes and renders groups of `--group-articles`
articles. Only rendered text comes back: the driver writes every file atomically and records the
manifest with the same `Writer` as the local engine, so both engines leave identical OUT_DIRs.

Every node must see IN_DIR at the same path (a shared file system) and have tarjama[ray] and the
models (TARJAMA_* settings are passed from the driver; a local model directory or the cache in
TARJAMA_CACHE_DIR must exist on each node).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batch.briefings import Outcome, Prepared, briefing_options, compose, prepare
from batch.options import JsonFieldNames, UsageError
from batch.sources import Article, content_hash, load_bytes
from models.errors import TarjamaError

if TYPE_CHECKING:
    from batch.runner import Run, Writer

log = logging.getLogger(__name__)

_COLUMNS = (
    "key",
    "rel",
    "record",
    "content_hash",
    "status",
    "error_code",
    "reason",
    "rendered",
    "digest",
    "warnings",
    "composed",
)


class BriefingWorker:
    """A Ray Data actor: one Engine (one model copy) built once, then groups of descriptors in,
    rendered briefings (or failures) out."""

    def __init__(
        self,
        settings: dict[str, Any],
        backend: str | None,
        in_dir: str,
        formats: tuple[str, ...],
        json_fields: dict[str, tuple[str, ...]],
    ) -> None:
        from models.engine import Engine
        from models.settings import Settings

        self.settings = Settings(**settings)
        self.engine = Engine(self.settings, backend=backend)
        self.in_dir = Path(in_dir)
        self.formats = tuple(formats)
        self.names = JsonFieldNames(**{k: tuple(v) for k, v in json_fields.items()})
        self.json_fields = self.names.to_json_fields()
        self.options = briefing_options(self.settings)

    def _read(self, article: Article) -> Prepared | Outcome:
        try:
            data = load_bytes(self.in_dir, article)
        except OSError as exc:
            return Outcome.failed(article, "unreadable", f"{article.rel}: cannot read ({exc.strerror})")
        actual = content_hash(article.format, data, self.names.given())
        if actual != article.content_hash:
            return Outcome.failed(
                article,
                "changed_during_run",
                f"{article.key}: changed while the batch ran; run the batch again",
            )
        article.data = data
        return prepare(article, self.json_fields)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        keys = list(batch["key"])
        rows = [{name: batch[name][i] for name in batch} for i in range(len(keys))]
        outcomes: list[Outcome] = []
        group: list[Prepared] = []
        for row in rows:
            result = self._read(Article.from_descriptor(row))
            if isinstance(result, Outcome):
                outcomes.append(result)
            else:
                group.append(result)
        started = time.perf_counter()
        outcomes += compose(self.engine, group, self.options, self.formats)
        elapsed = time.perf_counter() - started
        flat = [o.to_row() for o in outcomes]
        columns: dict[str, list[Any]] = {name: [r[name] for r in flat] for name in _COLUMNS}
        columns["inference_s"] = [elapsed / max(len(group), 1) if o.composed else 0.0 for o in outcomes]
        return columns


def _ray() -> Any:
    try:
        import ray
    except ModuleNotFoundError:
        raise UsageError("--engine ray needs Ray: pip install 'tarjama[ray]'") from None
    return ray


def _unwrap(exc: BaseException) -> BaseException:
    """The TarjamaError inside a Ray task error, if there is one."""
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, TarjamaError):
            return current
        seen.add(id(current))
        current = getattr(current, "cause", None) or current.__cause__
    return exc


def run_on_ray(run: Run, writer: Writer) -> None:
    """Scan and claim here, compose on Ray actors, write and record here."""
    ray = _ray()
    todo: list[dict[str, Any]] = []
    for item in run.scanner().items():
        run.stats.add(found=1)
        run.progress.add_found()
        if item.claim is None:
            writer.write([prepare_failure(item.article)])
        elif item.claim.action == "process":
            todo.append(item.article.descriptor())
        else:
            run.count_claimed(item)
    run.progress.scan_finished()
    try:
        if todo:
            _compose_on_ray(ray, run, writer, todo)
    finally:
        writer.close()


def prepare_failure(article: Article) -> Outcome:
    failure = article.failure
    return Outcome.failed(
        article, failure.code if failure else "unreadable", failure.reason if failure else ""
    )


def _compose_on_ray(ray: Any, run: Run, writer: Writer, todo: list[dict[str, Any]]) -> None:
    options = run.options
    if not ray.is_initialized():
        ray.init(
            address=options.ray_address,
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=False,
        )
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    resources = ray.cluster_resources()
    gpus = (
        options.ray_gpus if options.ray_gpus is not None else (1.0 if resources.get("GPU", 0) >= 1 else 0.0)
    )
    actors = options.workers
    if gpus > 0:
        actors = max(1, min(actors, int(resources.get("GPU", 0) // gpus)))
        if actors < options.workers:
            log.warning("only %d actors fit the cluster's GPUs at %s GPU each", actors, gpus)
    log.info("ray: %d articles on %d actors (%s GPU each)", len(todo), actors, gpus)
    dataset = ray.data.from_items(todo).map_batches(
        BriefingWorker,
        fn_constructor_kwargs={
            "settings": run.settings.model_dump(mode="json"),
            "backend": run.backend,
            "in_dir": str(Path(options.in_dir).resolve()),
            "formats": tuple(options.formats),
            "json_fields": options.json_fields.given(),
        },
        batch_size=options.group_articles,
        batch_format="numpy",
        concurrency=actors,
        num_gpus=gpus,
        num_cpus=1,
    )
    try:
        for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            count = len(batch["key"])
            outcomes = [Outcome.from_row({name: batch[name][i] for name in _COLUMNS}) for i in range(count)]
            composed = sum(1 for o in outcomes if o.composed)
            run.stats.add(inference_s=float(sum(batch["inference_s"])), composed_articles=composed)
            writer.write(outcomes)
    except Exception as exc:
        cause = _unwrap(exc)
        if cause is not exc:
            raise cause from None
        raise
