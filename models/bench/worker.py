"""Runs one benchmark row, in this process or in a fresh one.

`python -m models.bench.worker JOB.json RESULT.json` runs the row described by JOB.json and writes
its `RowResult` to RESULT.json. A fresh process per row keeps rows from sharing memory, threads or
warm caches: each row's peak resident set is its own, and torch's thread pool never competes with
CTranslate2's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from models.bench.results import Job, RowResult
from models.errors import TarjamaError


class RowFailedError(TarjamaError):
    code = "bench_row_failed"


def row_function(task: str, row: str) -> Callable[[Job], RowResult]:
    if task == "translation":
        from models.bench.translation import ROWS
    elif task == "summaries":
        from models.bench.summaries import ROWS
    else:
        raise ValueError(f"no rows for task {task!r}")
    return ROWS[row]


def run_in_process(job: Job) -> RowResult:
    return row_function(job.task, job.row)(job)


def run_in_subprocess(job: Job, run_dir: Path, env: dict[str, str] | None = None) -> RowResult:
    """Run `job` with `python -m models.bench.worker` and return its result; its stderr goes to a log."""
    run_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{job.task}-{job.row}"
    job_file, result_file, log_file = (
        run_dir / f"{stem}{suffix}" for suffix in (".job.json", ".json", ".log")
    )
    job_file.write_text(json.dumps(job.to_dict(), indent=2), encoding="utf-8")
    result_file.unlink(missing_ok=True)
    environment = dict(os.environ if env is None else env)
    environment.setdefault("HF_HUB_OFFLINE", "1")
    with open(log_file, "w", encoding="utf-8") as log:
        process = subprocess.run(
            [sys.executable, "-m", "models.bench.worker", str(job_file), str(result_file)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            check=False,
        )
    if process.returncode != 0 or not result_file.is_file():
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
        raise RowFailedError(
            f"benchmark row {stem} failed (exit {process.returncode}); log {log_file}:\n" + "\n".join(tail)
        )
    return RowResult.from_dict(json.loads(result_file.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m models.bench.worker JOB.json RESULT.json", file=sys.stderr)
        return 2
    job = Job.from_dict(json.loads(Path(args[0]).read_text(encoding="utf-8")))
    result = run_in_process(job)
    Path(args[1]).write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
