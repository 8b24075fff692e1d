"""The manifest's claims: skip what is done, redo what changed, process identical articles once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from batch.manifest import Completion, Manifest


@pytest.fixture
def manifest(tmp_path: Path) -> Manifest:
    db = Manifest(tmp_path / "manifest.sqlite")
    db.start_run("run1", "fp", {})
    return db


def _done(db: Manifest, key: str, digest: str, run: str = "run1", fp: str = "fp") -> None:
    db.complete(
        [Completion(key, key, None, "done", digest, outputs=[key + ".json"], digest={"id": key})], run, fp
    )


def test_wal_mode(manifest: Manifest) -> None:
    assert manifest.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_process_then_skip_when_unchanged(manifest: Manifest) -> None:
    assert manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1").action == "process"
    row = manifest.get("a.txt")
    assert row is not None and row.status == "pending" and row.attempts == 1
    _done(manifest, "a.txt", "h1")
    manifest.start_run("run2", "fp", {})
    assert manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run2").action == "skip"
    row = manifest.get("a.txt")
    assert row is not None and row.status == "done" and row.run_id == "run2" and row.outputs == ["a.txt.json"]


@pytest.mark.parametrize(("digest", "fp"), [("h2", "fp"), ("h1", "other")])
def test_changed_content_or_settings_are_redone(manifest: Manifest, digest: str, fp: str) -> None:
    manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1")
    _done(manifest, "a.txt", "h1")
    manifest.start_run("run2", fp, {})
    assert manifest.claim("a.txt", "a.txt", None, digest, fp, "run2").action == "process"
    row = manifest.get("a.txt")
    assert row is not None and row.status == "pending"
    assert row.outputs == ["a.txt.json"], "old outputs stay listed until replaced (to delete stale ones)"


def test_pending_rows_of_a_killed_run_are_redone(manifest: Manifest) -> None:
    manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1")
    manifest.start_run("run2", "fp", {})
    assert manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run2").action == "process"
    assert manifest.get("a.txt").attempts == 2  # type: ignore[union-attr]


def test_duplicate_waits_for_its_primary_then_takes_its_result(manifest: Manifest) -> None:
    assert manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1").action == "process"
    claim = manifest.claim("b.txt", "b.txt", None, "h1", "fp", "run1")
    assert (claim.action, claim.primary, claim.status) == ("duplicate", "a.txt", "pending")
    _done(manifest, "a.txt", "h1")
    row = manifest.get("b.txt")
    assert row is not None
    assert (row.status, row.duplicate_of, row.outputs, row.digest) == ("done", "a.txt", ["a.txt.json"], None)
    # Next run: both skipped, the duplicate still points at its primary.
    manifest.start_run("run2", "fp", {})
    assert manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run2").action == "skip"
    assert manifest.claim("b.txt", "b.txt", None, "h1", "fp", "run2").action == "skip"


def test_duplicate_of_a_done_primary_is_done_at_once(manifest: Manifest) -> None:
    manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1")
    _done(manifest, "a.txt", "h1")
    claim = manifest.claim("b.txt", "b.txt", None, "h1", "fp", "run1")
    assert (claim.action, claim.status) == ("duplicate", "done")


def test_duplicate_of_a_failed_primary_fails_with_its_reason(manifest: Manifest) -> None:
    manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1")
    manifest.claim("b.txt", "b.txt", None, "h1", "fp", "run1")
    manifest.complete(
        [
            Completion(
                "a.txt", "a.txt", None, "failed", "h1", error_code="no_main_text", reason="nothing left"
            )
        ],
        "run1",
        "fp",
    )
    row = manifest.get("b.txt")
    assert row is not None and row.status == "failed" and row.error_code == "no_main_text"
    assert row.reason == "same content as a.txt: nothing left"


def test_counts_and_rows_of_a_run(manifest: Manifest) -> None:
    manifest.claim("a.txt", "a.txt", None, "h1", "fp", "run1")
    manifest.claim("b.txt", "b.txt", None, "h1", "fp", "run1")
    manifest.complete(
        [Completion("c.txt", "c.txt", None, "failed", None, error_code="empty", reason="e")], "run1", "fp"
    )
    _done(manifest, "a.txt", "h1")
    assert manifest.counts("run1") == {"pending": 0, "done": 2, "failed": 1, "duplicates": 1, "not_seen": 0}
    assert [r.key for r in manifest.rows("run1", "failed")] == ["c.txt"]


def test_status_is_constrained(manifest: Manifest) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        manifest.db.execute(
            "INSERT INTO articles (key, source, fingerprint, status, run_id, created_at, updated_at) "
            "VALUES ('x', 'x', 'fp', 'weird', 'run1', '', '')"
        )
