"""The manifest: an SQLite file in OUT_DIR with one row per article (`OUT_DIR/manifest.sqlite`).

A row is the article's place in the archive (`key`: relative path, plus `/<record>` for a `.jsonl`
line) with the key of the work it needs: `content_hash` (its bytes, format and JSON field names) and
`fingerprint` (the settings that shape output, `batch.options.output_settings`). Its `status` is
`pending` (claimed by a run, not finished), `done` (outputs written) or `failed` (`error_code`,
`reason`). A row is marked done only after its outputs are on disk, so a killed run leaves at most
pending rows, which the next run redoes.

Identical articles are processed once: the first in a run's (stable, name-ordered) walk is the
*primary*; an article with the same content hash and fingerprint gets a row of its own with
`duplicate_of` = the primary's key and the primary's status and reason. At the end of the run its
files are copies of the primary's at its own mirrored paths (`batch.runner.mirror_duplicates`, no
model work), which become its `outputs`; it has no entry of its own in the digest; the report
lists it.

The database is in WAL mode with `synchronous=NORMAL`: a commit survives the process being killed;
on power loss the last commits may be lost, which only means those articles are done again.
Each thread opens its own `Manifest`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    record TEXT,
    content_hash TEXT,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    error_code TEXT,
    reason TEXT,
    duplicate_of TEXT,
    outputs TEXT NOT NULL DEFAULT '[]',
    warnings TEXT NOT NULL DEFAULT '[]',
    digest TEXT,
    run_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_work ON articles (content_hash, fingerprint);
CREATE INDEX IF NOT EXISTS articles_run ON articles (run_id, status);
CREATE INDEX IF NOT EXISTS articles_duplicates ON articles (duplicate_of);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    fingerprint TEXT NOT NULL,
    settings TEXT NOT NULL,
    report TEXT
);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Row:
    key: str
    source: str
    record: str | None
    content_hash: str | None
    fingerprint: str
    status: str
    error_code: str | None
    reason: str | None
    duplicate_of: str | None
    outputs: list[str]
    warnings: list[str]
    digest: dict[str, Any] | None
    run_id: str
    attempts: int
    created_at: str
    updated_at: str

    @classmethod
    def from_sql(cls, row: sqlite3.Row) -> Row:
        values = dict(row)
        values["outputs"] = json.loads(values["outputs"])
        values["warnings"] = json.loads(values["warnings"])
        values["digest"] = json.loads(values["digest"]) if values["digest"] else None
        return cls(**values)


@dataclass(frozen=True)
class Claim:
    """What a run does with one article: "skip" (done before, unchanged), "duplicate" (of
    `primary`; `status` is the primary's, "pending" until it finishes) or "process"."""

    action: str
    primary: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Completion:
    """The end of one article's work, recorded after its outputs are written."""

    key: str
    source: str
    record: str | None
    status: str  # "done" | "failed"
    content_hash: str | None
    outputs: Sequence[str] = ()
    error_code: str | None = None
    reason: str | None = None
    warnings: Sequence[str] = ()
    digest: dict[str, Any] | None = None


class Manifest:
    """One connection to the manifest (open one per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout = 60000")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._create()

    def _create(self) -> None:
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): writers are serialised."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- runs -------------------------------------------------------------------------------------
    def start_run(self, run_id: str, fingerprint: str, settings: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO runs (run_id, started_at, fingerprint, settings) VALUES (?, ?, ?, ?)",
                (run_id, now(), fingerprint, json.dumps(settings, sort_keys=True)),
            )

    def finish_run(self, run_id: str, report: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, report = ? WHERE run_id = ?",
                (now(), json.dumps(report, ensure_ascii=False), run_id),
            )

    def run_reports(self, before: str) -> list[dict[str, Any]]:
        """The reports of the finished runs started before run `before`, oldest first."""
        rows = self.db.execute(
            "SELECT report FROM runs WHERE report IS NOT NULL AND run_id != ? AND started_at <= "
            "(SELECT started_at FROM runs WHERE run_id = ?) ORDER BY started_at, run_id",
            (before, before),
        )
        return [json.loads(report) for (report,) in rows]

    def set_outputs(self, key: str, outputs: Sequence[str]) -> None:
        """Record the files an article has (a duplicate's mirrored copies)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE articles SET outputs = ?, updated_at = ? WHERE key = ?",
                (json.dumps(list(outputs), ensure_ascii=False), now(), key),
            )

    # -- rows -------------------------------------------------------------------------------------
    def get(self, key: str) -> Row | None:
        row = self.db.execute("SELECT * FROM articles WHERE key = ?", (key,)).fetchone()
        return Row.from_sql(row) if row else None

    def _upsert(
        self, db: sqlite3.Connection, key: str, source: str, record: str | None, **values: Any
    ) -> None:
        stamp = now()
        columns = ["key", "source", "record", "created_at", "updated_at", *values]
        params = [key, source, record, stamp, stamp, *values.values()]
        updates = ", ".join(f"{c} = excluded.{c}" for c in ["source", "record", "updated_at", *values])
        db.execute(
            f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT (key) DO UPDATE SET {updates}",
            params,
        )

    def claim(
        self, key: str, source: str, record: str | None, content_hash: str, fingerprint: str, run_id: str
    ) -> Claim:
        """Decide and record, in one transaction, what this run does with a readable article."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM articles WHERE key = ?", (key,)).fetchone()
            same = (
                row is not None and row["content_hash"] == content_hash and row["fingerprint"] == fingerprint
            )
            if same and row["status"] == "done" and row["duplicate_of"] is None:
                db.execute("UPDATE articles SET run_id = ? WHERE key = ?", (run_id, key))
                return Claim("skip")
            primary = db.execute(
                "SELECT key, status, error_code, reason, outputs FROM articles WHERE content_hash = ? "
                "AND fingerprint = ? AND run_id = ? AND duplicate_of IS NULL AND key != ? LIMIT 1",
                (content_hash, fingerprint, run_id, key),
            ).fetchone()
            if primary is not None:
                if (
                    same
                    and row["status"] == "done"
                    and row["duplicate_of"] == primary["key"]
                    and primary["status"] == "done"
                ):
                    db.execute("UPDATE articles SET run_id = ? WHERE key = ?", (run_id, key))
                    return Claim("skip")
                self._upsert(
                    db,
                    key,
                    source,
                    record,
                    content_hash=content_hash,
                    fingerprint=fingerprint,
                    status=primary["status"],
                    error_code=primary["error_code"],
                    reason=_duplicate_reason(primary["key"], primary["reason"]),
                    duplicate_of=primary["key"],
                    outputs=primary["outputs"],
                    warnings="[]",
                    digest=None,
                    run_id=run_id,
                )
                return Claim("duplicate", primary["key"], primary["status"])
            self._upsert(
                db,
                key,
                source,
                record,
                content_hash=content_hash,
                fingerprint=fingerprint,
                status="pending",
                error_code=None,
                reason=None,
                duplicate_of=None,
                outputs=row["outputs"] if row is not None and row["duplicate_of"] is None else "[]",
                warnings="[]",
                digest=None,
                run_id=run_id,
            )
            db.execute("UPDATE articles SET attempts = attempts + 1 WHERE key = ?", (key,))
            return Claim("process")

    def complete(self, completions: Sequence[Completion], run_id: str, fingerprint: str) -> None:
        """Record finished articles, and the duplicates waiting for them, in one transaction."""
        with self.transaction() as db:
            for done in completions:
                outputs = json.dumps(list(done.outputs), ensure_ascii=False)
                self._upsert(
                    db,
                    done.key,
                    done.source,
                    done.record,
                    content_hash=done.content_hash,
                    fingerprint=fingerprint,
                    status=done.status,
                    error_code=done.error_code,
                    reason=done.reason,
                    duplicate_of=None,
                    outputs=outputs,
                    warnings=json.dumps(list(done.warnings), ensure_ascii=False),
                    digest=json.dumps(done.digest, ensure_ascii=False) if done.digest is not None else None,
                    run_id=run_id,
                )
                db.execute(
                    "UPDATE articles SET status = ?, error_code = ?, reason = ?, outputs = ?, updated_at = ? "
                    "WHERE duplicate_of = ? AND run_id = ?",
                    (
                        done.status,
                        done.error_code,
                        _duplicate_reason(done.key, done.reason),
                        outputs,
                        now(),
                        done.key,
                        run_id,
                    ),
                )

    # -- queries ----------------------------------------------------------------------------------
    def rows(self, run_id: str, status: str | None = None) -> Iterator[Row]:
        """Rows seen by `run_id`, in key order."""
        query = "SELECT * FROM articles WHERE run_id = ?"
        params: list[Any] = [run_id]
        if status is not None:
            query += " AND status = ?"
            params.append(status)
        for row in self.db.execute(query + " ORDER BY key", params):
            yield Row.from_sql(row)

    def counts(self, run_id: str) -> dict[str, int]:
        result = {"pending": 0, "done": 0, "failed": 0}
        for status, count in self.db.execute(
            "SELECT status, COUNT(*) FROM articles WHERE run_id = ? GROUP BY status", (run_id,)
        ):
            result[status] = count
        result["duplicates"] = self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE run_id = ? AND duplicate_of IS NOT NULL", (run_id,)
        ).fetchone()[0]
        result["not_seen"] = self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE run_id != ?", (run_id,)
        ).fetchone()[0]
        return result


def _duplicate_reason(primary: str, reason: str | None) -> str | None:
    return f"same content as {primary}: {reason}" if reason else None
