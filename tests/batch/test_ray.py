"""`--engine ray` on a local Ray cluster: the same outputs and manifest as the local engine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from batch.options import BatchOptions
from batch.runner import EXIT_FAILED, run_batch
from tests.batch.conftest import copy_articles
from tests.batch.helpers import briefing_files, manifest_rows, no_temp_files, report

pytestmark = [pytest.mark.slow, pytest.mark.shared]

# What must match between engines (timestamps, run ids and attempts may differ).
COMPARED = (
    "key",
    "source",
    "record",
    "content_hash",
    "fingerprint",
    "status",
    "error_code",
    "reason",
    "duplicate_of",
    "outputs",
    "warnings",
)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    import ray  # in the dev extras: CI runs this path, it must not skip

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_ray_engine_matches_local_engine(
    ray_cluster: Any, corpus_files: list[Path], tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    inp = tmp_path / "in"
    copy_articles(corpus_files[:3], inp / "news")
    (inp / "news" / "z-copy.txt").write_bytes(corpus_files[0].read_bytes())
    (inp / "empty.txt").write_bytes(b"")
    (inp / "legacy.txt").write_bytes(
        corpus_files[3].read_text(encoding="utf-8").encode("windows-1256", "replace")
    )
    (inp / "feed.jsonl").write_text(
        json.dumps({"id": "r1", "title": "Hello", "body": "Markets rose today."}) + "\n", encoding="utf-8"
    )

    local_out, ray_out = tmp_path / "local", tmp_path / "ray"
    local = run_batch(BatchOptions(inp, local_out, quiet=True), fast_settings, engine=batch_engine)
    on_ray = run_batch(
        BatchOptions(inp, ray_out, quiet=True, engine="ray", workers=1, group_articles=2),
        fast_settings,
        backend="transformers",
    )

    assert local.exit_code == on_ray.exit_code == EXIT_FAILED  # the empty file
    assert briefing_files(ray_out) == briefing_files(local_out)
    assert len(briefing_files(ray_out)) == 3 * 6  # 5 articles and the copy at the duplicate's own path
    local_rows, ray_rows = manifest_rows(local_out), manifest_rows(ray_out)
    assert set(ray_rows) == set(local_rows)
    for key in local_rows:
        assert {c: ray_rows[key][c] for c in COMPARED} == {c: local_rows[key][c] for c in COMPARED}, key
    assert no_temp_files(ray_out)
    for name in briefing_files(ray_out):
        if name.endswith(".json"):
            a = json.loads((ray_out / name).read_text(encoding="utf-8"))
            b = json.loads((local_out / name).read_text(encoding="utf-8"))
            assert (a["id"], a["source"], a["source_lang"], len(a["paragraphs"])) == (
                b["id"],
                b["source"],
                b["source_lang"],
                len(b["paragraphs"]),
            )
    data = report(ray_out)
    assert data["engine"] == "ray"
    assert data["counts"]["processed"] == 5 and data["counts"]["duplicates"] == 1
    assert data["throughput"]["articles_composed"] == 5

    # A rerun on Ray does no work.
    again = run_batch(BatchOptions(inp, ray_out, quiet=True, engine="ray", workers=1), fast_settings)
    assert again.report["counts"]["processed"] == 0 and again.report["counts"]["unchanged"] == 6
