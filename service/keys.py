"""API keys: stored hashed (HMAC-SHA256 with a per-database salt) in SQLite, with per-key quotas.

A key is shown once, when it is made (`tarjama keys add`); the database keeps only its hash and a
short prefix to recognise it in listings. Requests per minute are counted in fixed one-minute
windows and characters per UTC day, both in the database, so every worker process shares them.
A key's own limits override the service defaults; 0 means unlimited.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from models.errors import InvalidInputError

KEY_PREFIX = "tj_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    rpm INTEGER,
    daily_chars INTEGER,
    created_at REAL NOT NULL,
    revoked_at REAL
);
CREATE TABLE IF NOT EXISTS minute_usage (
    key_id INTEGER NOT NULL, minute INTEGER NOT NULL, requests INTEGER NOT NULL,
    PRIMARY KEY (key_id, minute)
);
CREATE TABLE IF NOT EXISTS daily_usage (
    key_id INTEGER NOT NULL, day INTEGER NOT NULL, chars INTEGER NOT NULL,
    PRIMARY KEY (key_id, day)
);
"""


@dataclass(frozen=True)
class ApiKey:
    """A key as stored: never the secret itself. rpm / daily_chars: None means the service default."""

    id: int
    name: str
    prefix: str
    rpm: int | None
    daily_chars: int | None
    created_at: float
    revoked_at: float | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Admission:
    """Outcome of a quota check: allowed, or refused with a reason and seconds to wait."""

    allowed: bool
    reason: str = ""
    retry_after: int = 0
    at: float = 0.0  # when an allowed request was counted (for `KeyStore.refund`)


class KeyStore:
    """The key database. Thread-safe; every method is a short transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only: the file holds key hashes and their salt. SQLite gives its -wal and -shm
        # files the database file's mode.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._db.execute(
            "INSERT OR IGNORE INTO meta (name, value) VALUES ('salt', ?)", (secrets.token_hex(32),)
        )
        (salt,) = self._db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone()
        self._salt = bytes.fromhex(salt)

    def _hash(self, secret: str) -> str:
        return hmac.new(self._salt, secret.encode("utf-8"), hashlib.sha256).hexdigest()

    # -- management -------------------------------------------------------------------------------
    def add(
        self, name: str = "", rpm: int | None = None, daily_chars: int | None = None
    ) -> tuple[ApiKey, str]:
        """A new key and its secret (shown once; only its hash is stored)."""
        for value, flag in ((rpm, "rpm"), (daily_chars, "daily-chars")):
            if value is not None and value < 0:
                raise InvalidInputError(f"--{flag} must be 0 (unlimited) or more")
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO keys (name, hash, prefix, rpm, daily_chars, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, self._hash(secret), secret[:8], rpm, daily_chars, time.time()),
            )
        key = self.get(int(cursor.lastrowid or 0))
        assert key is not None
        return key, secret

    def get(self, key_id: int) -> ApiKey | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, prefix, rpm, daily_chars, created_at, revoked_at FROM keys WHERE id = ?",
                (key_id,),
            ).fetchone()
        return ApiKey(*row) if row else None

    def list(self) -> list[ApiKey]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, prefix, rpm, daily_chars, created_at, revoked_at FROM keys ORDER BY id"
            ).fetchall()
        return [ApiKey(*row) for row in rows]

    def revoke(self, key_id: int) -> bool:
        """Revoke a key; False when there is no active key with this id."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (time.time(), key_id)
            )
        return cursor.rowcount > 0

    # -- requests ---------------------------------------------------------------------------------
    def lookup(self, secret: str) -> ApiKey | None:
        """The active key with this secret, or None (unknown or revoked)."""
        if not secret or len(secret) > 256:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, prefix, rpm, daily_chars, created_at, revoked_at FROM keys "
                "WHERE hash = ? AND revoked_at IS NULL",
                (self._hash(secret),),
            ).fetchone()
        return ApiKey(*row) if row else None

    def admit(
        self, key: ApiKey, chars: int, rpm: int, daily_chars: int, now: float | None = None
    ) -> Admission:
        """Count one request of `chars` characters against the key's limits, or refuse it.

        A refused request is not counted. rpm / daily_chars: the limits to apply (0 = unlimited).
        """
        now = time.time() if now is None else now
        minute, day = int(now // 60), int(now // 86400)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if rpm:
                    row = self._db.execute(
                        "SELECT requests FROM minute_usage WHERE key_id = ? AND minute = ?", (key.id, minute)
                    ).fetchone()
                    if row and row[0] >= rpm:
                        self._db.execute("ROLLBACK")
                        return Admission(False, "rate_limited", max(1, int((minute + 1) * 60 - now)))
                if daily_chars:
                    row = self._db.execute(
                        "SELECT chars FROM daily_usage WHERE key_id = ? AND day = ?", (key.id, day)
                    ).fetchone()
                    if (row[0] if row else 0) + chars > daily_chars:
                        self._db.execute("ROLLBACK")
                        return Admission(False, "quota_exceeded", max(1, int((day + 1) * 86400 - now)))
                self._db.execute(
                    "INSERT INTO minute_usage (key_id, minute, requests) VALUES (?, ?, 1) "
                    "ON CONFLICT (key_id, minute) DO UPDATE SET requests = requests + 1",
                    (key.id, minute),
                )
                self._db.execute(
                    "INSERT INTO daily_usage (key_id, day, chars) VALUES (?, ?, ?) "
                    "ON CONFLICT (key_id, day) DO UPDATE SET chars = chars + excluded.chars",
                    (key.id, day, chars),
                )
                self._db.execute("DELETE FROM minute_usage WHERE minute < ?", (minute - 1,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return Admission(True, at=now)

    def refund(self, key: ApiKey, chars: int, at: float) -> None:
        """Take back one request of `chars` characters counted at `at` (work that was not done)."""
        minute, day = int(at // 60), int(at // 86400)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "UPDATE minute_usage SET requests = MAX(requests - 1, 0) WHERE key_id = ? AND minute = ?",
                    (key.id, minute),
                )
                self._db.execute(
                    "UPDATE daily_usage SET chars = MAX(chars - ?, 0) WHERE key_id = ? AND day = ?",
                    (chars, key.id, day),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._db.close()
