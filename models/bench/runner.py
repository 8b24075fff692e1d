"""One benchmark run: build the models, run the rows of each task in order, collect the results."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.bench.corpus import DEFAULT_CORPUS, training_lines
from models.bench.results import ROWS, TASK_ROWS, Job, RowResult, ServerRun

DEFAULT_WORK_DIR = Path.home() / ".cache" / "tarjama" / "bench"
DEFAULT_NEW_TOKENS = {"translation": 32, "summaries": 64, "service": 32}
NAIVE_BATCH = {"translation": 32, "summaries": 8}
MODEL_FOR = {"translation": "opus-mt-ar-en", "summaries": "distilbart-cnn-12-6"}


@dataclass
class BenchConfig:
    """Everything a run needs; the CLI builds it from its flags.

    new_tokens: pinned output length per task (None: `DEFAULT_NEW_TOKENS`). in_process: run rows
    in this process (tests, debugging); peak memory is then the process's, not the row's.
    shapes: "real" (published shapes) or "tiny" (smoke runs).
    """

    tasks: tuple[str, ...]
    work_dir: Path = DEFAULT_WORK_DIR
    corpus: Path = DEFAULT_CORPUS
    docs: int | None = None
    device: str = "cpu"
    compute_type: str = "auto"
    threads: int = 0
    beam_size: int = 4
    new_tokens: int | None = None
    clients: tuple[int, ...] = (1, 8, 32, 64)
    requests: int | None = None
    level_seconds: float = 60.0
    shapes: str = "real"
    in_process: bool = False
    env: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    progress: Callable[[str], None] = field(default=lambda message: None)

    def tokens_for(self, task: str) -> int:
        return self.new_tokens or DEFAULT_NEW_TOKENS[task]

    @property
    def models_dir(self) -> Path:
        return self.work_dir / "models"

    @property
    def cache_dir(self) -> Path:
        return self.work_dir / "cache"


@dataclass
class BenchResult:
    """A run's results: rows per task, the service runs, and where and how it ran."""

    config: dict[str, Any]
    machine: dict[str, Any]
    rows: dict[str, list[RowResult]] = field(default_factory=dict)
    service: list[ServerRun] = field(default_factory=list)
    service_notes: list[str] = field(default_factory=list)
    started: str = ""
    finished: str = ""

    def row(self, task: str, name: str) -> RowResult | None:
        return next((r for r in self.rows.get(task, []) if r.row == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config,
            "machine": self.machine,
            "started": self.started,
            "finished": self.finished,
            "rows": {task: [row.to_dict() for row in rows] for task, rows in self.rows.items()},
            "service": [server.to_dict() for server in self.service],
            "service_notes": self.service_notes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BenchResult:
        return cls(
            config=data.get("config", {}),
            machine=data.get("machine", {}),
            rows={
                task: [RowResult.from_dict(r) for r in rows] for task, rows in data.get("rows", {}).items()
            },
            service=[ServerRun.from_dict(s) for s in data.get("service", [])],
            service_notes=list(data.get("service_notes", [])),
            started=data.get("started", ""),
            finished=data.get("finished", ""),
        )


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "-"


def machine_info(device: str = "cpu") -> dict[str, Any]:
    """CPU model, cores, memory, load and library versions (what the figures depend on)."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 1024**3, 1)
    except ImportError:
        pass
    if hasattr(os, "getloadavg"):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    for package in ("torch", "transformers", "ctranslate2", "tokenizers", "fastapi", "uvicorn"):
        info[package] = _version(package)
    if device == "cuda":
        try:
            import torch

            info["gpu"] = torch.cuda.get_device_name(0)
        except Exception:
            info["gpu"] = "-"
    return info


def prepare_models(config: BenchConfig, keys: list[str]) -> dict[str, Path]:
    """Build (or reuse) the models and their CTranslate2 conversions before any row is timed."""
    from models.bench.fixtures import ct2_dir, ensure_model
    from models.device import resolve_device

    lines = training_lines(config.corpus)
    spec = resolve_device(config.device, config.compute_type, config.threads)
    paths = {}
    for key in keys:
        config.progress(f"model {key}: building or reusing in {config.models_dir}")
        paths[key] = ensure_model(key, config.models_dir, lines, shapes=config.shapes)
        ct2_dir(paths[key], spec.compute_type, config.cache_dir)
    return paths


def run_rows(config: BenchConfig, task: str, model_dir: Path, run_dir: Path) -> list[RowResult]:
    from models.bench.worker import run_in_process, run_in_subprocess

    results = []
    for row in TASK_ROWS.get(task, ROWS):
        job = Job(
            task=task,
            row=row,
            model_dir=str(model_dir),
            corpus=str(config.corpus),
            cache_dir=str(config.cache_dir),
            sources_file=str(run_dir / f"{task}-engine-inputs.json"),
            docs=config.docs,
            new_tokens=config.tokens_for(task),
            beam_size=config.beam_size,
            device=config.device,
            compute_type=config.compute_type,
            threads=config.threads,
            naive_batch=NAIVE_BATCH[task],
        )
        config.progress(f"{task}: row {row} ...")
        result = run_in_process(job) if config.in_process else run_in_subprocess(job, run_dir)
        config.progress(
            f"{task}: row {row}: {result.rows} outputs x {result.new_tokens} tokens "
            f"in {result.seconds:.1f} s = {result.tokens_per_s:.0f} tokens/s"
        )
        results.append(result)
    return results


def run(config: BenchConfig) -> BenchResult:
    started = dt.datetime.now(dt.timezone.utc)
    run_dir = config.work_dir / "runs" / started.strftime("%Y%m%dT%H%M%S")
    run_dir.mkdir(parents=True, exist_ok=True)
    result = BenchResult(
        config={
            "tasks": list(config.tasks),
            "docs": config.docs,
            "corpus": str(config.corpus),
            "device": config.device,
            "compute_type": config.compute_type,
            "threads": config.threads,
            "beam_size": config.beam_size,
            "new_tokens": {task: config.tokens_for(task) for task in config.tasks},
            "clients": list(config.clients),
            "shapes": config.shapes,
            "in_process": config.in_process,
            "env": list(config.env),
            "against": list(config.against),
            "command": " ".join(["tarjama", *sys.argv[1:]]) if sys.argv else "",
            "run_dir": str(run_dir),
        },
        machine=machine_info(config.device),
        started=started.isoformat(timespec="seconds"),
    )
    keys = [MODEL_FOR[task] for task in config.tasks if task in MODEL_FOR]
    if "service" in config.tasks:
        keys += ["opus-mt-ar-en", "opus-mt-en-ar"]
    paths = prepare_models(config, list(dict.fromkeys(keys)))
    for task in config.tasks:
        if task in MODEL_FOR:
            result.rows[task] = run_rows(config, task, paths[MODEL_FOR[task]], run_dir)
    if "service" in config.tasks:
        from models.bench.service import run_service

        result.service, result.service_notes = run_service(
            config, paths["opus-mt-ar-en"], paths["opus-mt-en-ar"], run_dir
        )
    result.finished = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    result.machine["load_average_end"] = (
        [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []
    )
    (run_dir / "results.json").write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), "utf-8")
    return result
