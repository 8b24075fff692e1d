"""The job store: asynchronous jobs (documents, digests, article archives) in SQLite, their files on disk.

Each job has a folder `<root>/<id>/` holding its input and, once done, its result; nothing of a job
is written outside it. Rows survive a restart: a job found `running` at startup was interrupted and
goes back to `queued` (its work resumes from the checkpoint of translated units in its folder; see
`service.job_runner`). Finished jobs expire `ttl_s` after they finish: the row and the folder are
deleted. With API keys on, a job belongs to the key that made it and any other key gets 404 for
it, as for an id that never existed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.errors import ServiceError

STATUSES = ("queued", "running", "done", "failed")
CHECKPOINT = "checkpoint.jsonl"
"""A running job's translated units, in its folder (`models.checkpoint`): what a resumed job skips."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    key_id INTEGER,
    status TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    params TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    result_name TEXT,
    media_type TEXT,
    error_code TEXT,
    error_message TEXT,
    notes TEXT NOT NULL DEFAULT '[]',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    finished_at REAL,
    expires_at REAL
);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status, created_at);
CREATE INDEX IF NOT EXISTS jobs_key ON jobs (key_id, status);
"""


@dataclass
class Job:
    """One job as stored. params: what the job was asked (JSON-able); done / total: progress units."""

    id: str
    kind: str
    key_id: int | None
    status: str
    done: int
    total: int
    params: dict[str, Any]
    bytes: int
    result_name: str | None
    media_type: str | None
    error_code: str | None
    error_message: str | None
    notes: list[str] = field(default_factory=list)
    attempts: int = 0
    created_at: float = 0.0
    finished_at: float | None = None
    expires_at: float | None = None

    def to_dict(self, base_url: str) -> dict[str, Any]:
        """The public view: status, progress, errors, and where the result is once done."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": {"done": self.done, "total": self.total},
            "created_at": _iso(self.created_at),
            "notes": self.notes,
        }
        if self.error_code:
            out["error"] = {"code": self.error_code, "message": self.error_message or ""}
        if self.status == "done":
            out["result_url"] = f"{base_url}/result"
            out["expires_at"] = _iso(self.expires_at) if self.expires_at else None
        return out


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class JobNotFoundError(ServiceError):
    def __init__(self, job_id: str) -> None:
        super().__init__(404, "job_not_found", f"no job {job_id[:64]!r} (unknown, expired, or another key's)")


class JobStore:
    """Jobs in an SQLite file under `root`, one folder per job. Thread-safe (one connection, a lock).

    ttl_s: how long a finished job's result is kept. max_active / max_bytes: per key (or for
    everyone when keys are off): queued+running jobs, and bytes of stored inputs of unexpired jobs.
    """

    def __init__(self, root: Path, *, ttl_s: float, max_active: int, max_bytes: int) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.ttl_s = ttl_s
        self.max_active = max_active
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.root / "jobs.sqlite", check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def folder(self, job_id: str) -> Path:
        """The job's own folder (ids are random hex: never a path of their own)."""
        if not job_id.isalnum():
            raise JobNotFoundError(job_id)
        return self.root / job_id

    # -- lifecycle -----------------------------------------------------------------------------
    def create(self, kind: str, key_id: int | None, params: dict[str, Any], files: dict[str, bytes]) -> Job:
        """A queued job with its input files written into its folder (names are ours, never the client's).

        Raises ServiceError 429 when the caller is over its active-job or byte limits.
        """
        size = sum(len(data) for data in files.values())
        with self._lock:
            active, stored = self._usage(key_id)
            if active >= self.max_active:
                raise ServiceError(
                    429,
                    "too_many_jobs",
                    f"{active} jobs are queued or running for this key (limit {self.max_active}); "
                    "wait for one to finish",
                    {"Retry-After": "10"},
                )
            if stored + size > self.max_bytes:
                raise ServiceError(
                    429,
                    "job_storage_full",
                    f"this key's jobs hold {stored} bytes; {size} more is over the limit of {self.max_bytes} "
                    "until older results expire",
                    {"Retry-After": "60"},
                )
            job_id = secrets.token_hex(12)
            folder = self.root / job_id
            folder.mkdir()
            for name, data in files.items():
                _write_atomically(folder / name, data)
            now = time.time()
            self._db.execute(
                "INSERT INTO jobs (id, kind, key_id, status, params, bytes, created_at, updated_at) "
                "VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)",
                (job_id, kind, key_id, json.dumps(params), size, now, now),
            )
        return self.get(job_id)

    def _usage(self, key_id: int | None) -> tuple[int, int]:
        where = "key_id IS ?" if key_id is None else "key_id = ?"
        row = self._db.execute(
            f"SELECT SUM(status IN ('queued', 'running')), COALESCE(SUM(bytes), 0) FROM jobs WHERE {where}",
            (key_id,),
        ).fetchone()
        return int(row[0] or 0), int(row[1] or 0)

    def get(self, job_id: str, key_id: int | None = None, *, check_key: bool = False) -> Job:
        """The job; with check_key, only when it belongs to `key_id` (404 otherwise, like an unknown id)."""
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or (check_key and row["key_id"] != key_id):
            raise JobNotFoundError(job_id)
        if row["expires_at"] is not None and row["expires_at"] <= time.time():
            raise JobNotFoundError(job_id)
        return _job(row)

    def start(self, job_id: str) -> Job:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (time.time(), job_id),
            )
        return self.get(job_id)

    def progress(self, job_id: str, done: int, total: int) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET done = ?, total = ?, updated_at = ? WHERE id = ?",
                (done, total, time.time(), job_id),
            )

    def finish(self, job_id: str, result: bytes, result_name: str, media_type: str, notes: list[str]) -> None:
        """Store the result in the job's folder (atomically) and mark the job done; its checkpoint,
        needed no more, goes."""
        _write_atomically(self.folder(job_id) / "result", result)
        now = time.time()
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET status = 'done', result_name = ?, media_type = ?, notes = ?, done = total, "
                "bytes = bytes + ?, finished_at = ?, expires_at = ?, updated_at = ? WHERE id = ?",
                (result_name, media_type, json.dumps(notes), len(result), now, now + self.ttl_s, now, job_id),
            )
        self.checkpoint_path(job_id).unlink(missing_ok=True)

    def fail(self, job_id: str, code: str, message: str) -> None:
        """Mark the job failed with its reason; its files go first, so a failed job never shows files."""
        shutil.rmtree(self.folder(job_id), ignore_errors=True)
        now = time.time()
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET status = 'failed', error_code = ?, error_message = ?, finished_at = ?, "
                "expires_at = ?, updated_at = ? WHERE id = ?",
                (code, message, now, now + self.ttl_s, now, job_id),
            )

    def checkpoint_path(self, job_id: str) -> Path:
        """Where a running job keeps its translated units (see `models.checkpoint`)."""
        return self.folder(job_id) / CHECKPOINT

    def result_path(self, job: Job) -> Path:
        return self.folder(job.id) / "result"

    # -- restart and expiry ------------------------------------------------------------------------
    def requeue_interrupted(self) -> list[str]:
        """Jobs left `running` by a previous process (a crash, SIGKILL) go back to `queued`."""
        with self._lock:
            rows = self._db.execute("SELECT id FROM jobs WHERE status = 'running'").fetchall()
            self._db.execute("UPDATE jobs SET status = 'queued' WHERE status = 'running'")
        return [row["id"] for row in rows]

    def queued(self) -> list[Job]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM jobs WHERE status = 'queued' ORDER BY created_at"
            ).fetchall()
        return [_job(row) for row in rows]

    def expire(self, now: float | None = None) -> int:
        """Delete finished jobs past their expiry, rows and folders; the number deleted."""
        now = time.time() if now is None else now
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?", (now,)
            ).fetchall()
            self._db.execute("DELETE FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?", (now,))
        for row in rows:
            shutil.rmtree(self.root / row["id"], ignore_errors=True)
        return len(rows)


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        key_id=row["key_id"],
        status=row["status"],
        done=row["done"],
        total=row["total"],
        params=json.loads(row["params"]),
        bytes=row["bytes"],
        result_name=row["result_name"],
        media_type=row["media_type"],
        error_code=row["error_code"],
        error_message=row["error_message"],
        notes=json.loads(row["notes"]),
        attempts=row["attempts"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        expires_at=row["expires_at"],
    )


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
