"""SIGKILL in the middle of a run, then a rerun: every article exactly once, nothing lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from batch.outputs import MANIFEST, output_paths
from tests.batch.conftest import copy_articles
from tests.batch.helpers import (
    briefing_files,
    manifest_rows,
    markdown_links,
    no_temp_files,
    out_files,
    report,
)

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 40


def _done_rows(out: Path) -> int:
    if not (out / MANIFEST).exists():
        return 0
    try:
        db = sqlite3.connect(out / MANIFEST, timeout=1)
        try:
            return int(db.execute("SELECT COUNT(*) FROM articles WHERE status = 'done'").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@pytest.mark.shared
def test_sigkill_mid_run_then_rerun_has_every_article_exactly_once(
    corpus_files: list[Path], tmp_path: Path, fast_env: dict[str, str]
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    names = copy_articles(corpus_files[:ARTICLES], inp / "news")
    (inp / "zz").mkdir()  # walked after news/: the copy is the duplicate
    (inp / "zz" / "copy.txt").write_bytes((inp / "news" / names[-1]).read_bytes())
    keys = {f"news/{n}" for n in names}
    env = {**os.environ, **fast_env, "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        "-m",
        "models.cli.main",
        "batch",
        str(inp),
        str(out),
        "--quiet",
        "--workers",
        "1",
        "--group-articles",
        "2",
    ]

    with (tmp_path / "first.log").open("w") as log:
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while _done_rows(out) < 3:
            assert process.poll() is None, (
                "the run ended before it could be killed: " + (tmp_path / "first.log").read_text()
            )
            assert time.monotonic() < deadline, "no article was done in time"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL

    killed = manifest_rows(out)
    done_at_kill = {k for k, r in killed.items() if r["status"] == "done"}
    assert 0 < len(done_at_kill) < len(keys), "killed mid-run"
    for key in done_at_kill:  # a row is done only once its files are on disk
        assert all((out / p).is_file() for p in killed[key]["outputs"])

    rerun = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr

    rows = manifest_rows(out)
    assert set(rows) == keys | {"zz/copy.txt"}
    assert all(r["status"] == "done" for r in rows.values())
    assert rows["zz/copy.txt"]["duplicate_of"] == f"news/{names[-1]}"
    expected = {p for key in keys for p in output_paths(key, None, ("json", "md", "html")).values()}
    copies = set(output_paths("zz/copy.txt", None, ("json", "md", "html")).values())  # the duplicate's own
    assert briefing_files(out) == expected | copies, "each article's outputs exactly once, nothing else"
    assert no_temp_files(out)
    assert not any(f.endswith((".tmp", "-journal")) for f in out_files(out))

    data = report(out)
    assert data["counts"]["done"] == len(keys) + 1
    assert data["counts"]["unchanged"] == len(done_at_kill), "what was done before the kill is not redone"
    assert data["counts"]["processed"] == len(keys - done_at_kill)
    links = [unquote(link) for link in markdown_links((out / "digest.md").read_text(encoding="utf-8"))]
    assert sorted(links) == sorted(p for p in expected if p.endswith(".md")), "one digest entry per article"
