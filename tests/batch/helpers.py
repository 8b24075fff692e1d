"""Helpers of the batch tests: reading an OUT_DIR back."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from batch.outputs import DIGEST_HTML, DIGEST_MD, LOCK_FILE, MANIFEST, REPORT, TMP_DIR

RUN_FILES = {DIGEST_MD, DIGEST_HTML, REPORT, MANIFEST, LOCK_FILE}


def out_files(out: Path) -> set[str]:
    """Every file under OUT_DIR, relative, POSIX."""
    found = set()
    for folder, _, files in os.walk(out):
        for name in files:
            found.add(Path(os.path.relpath(Path(folder) / name, out)).as_posix())
    return found


def briefing_files(out: Path) -> set[str]:
    return {f for f in out_files(out) if f not in RUN_FILES and not f.startswith(MANIFEST)}


def manifest_rows(out: Path) -> dict[str, dict[str, Any]]:
    """All manifest rows by key. (A read-only connection would leave the WAL files behind.)"""
    db = sqlite3.connect(out / MANIFEST)
    db.row_factory = sqlite3.Row
    try:
        rows = {row["key"]: dict(row) for row in db.execute("SELECT * FROM articles")}
    finally:
        db.close()
    for row in rows.values():
        row["outputs"] = json.loads(row["outputs"])
        row["warnings"] = json.loads(row["warnings"])
    return rows


def report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / REPORT).read_text(encoding="utf-8"))
    return data


def no_temp_files(out: Path) -> bool:
    tmp = out / TMP_DIR
    return not tmp.exists() or not any(tmp.iterdir())


def markdown_links(text: str) -> list[str]:
    """Links to other files (the digest's index jumps within the page with `#entry-N`: left out)."""
    return [link for link in re.findall(r"\]\(([^)\s]+)\)", text) if not link.startswith("#")]


def html_links(text: str) -> list[str]:
    """Links to other files, in-page jumps left out (see `markdown_links`)."""
    return [link for link in re.findall(r'href="([^"]+)"', text) if not link.startswith("#")]


def mtimes(out: Path, files: set[str]) -> dict[str, int]:
    return {f: (out / f).stat().st_mtime_ns for f in files}
