"""All 123 NTREX articles through `tarjama batch` with tiny models (what issue 5's "done when" asks)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from models.cli.main import main
from tests.batch.helpers import briefing_files, manifest_rows, markdown_links, report


@pytest.mark.slow
@pytest.mark.shared
def test_whole_ntrex_corpus(
    corpus_dir: Path,
    corpus_files: list[Path],
    tmp_path: Path,
    fast_environ: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    assert len(corpus_files) == 123
    assert main(["batch", str(corpus_dir), str(out), "--quiet", "--workers", "2"]) == 0

    rows = manifest_rows(out)
    assert len(rows) == 123 and all(r["status"] == "done" for r in rows.values())
    unique = {k for k, r in rows.items() if not r["duplicate_of"]}
    assert len(briefing_files(out)) == 3 * len(unique)
    links = [unquote(link) for link in markdown_links((out / "digest.md").read_text(encoding="utf-8"))]
    assert sorted(links) == sorted(rows[k]["outputs"][1] for k in unique)
    assert (out / "digest.html").is_file()
    data = report(out)
    assert data["counts"]["done"] == 123 and data["counts"]["failed"] == 0
    rate = data["throughput"]["articles_per_s"]
    assert rate > 0
    with capsys.disabled():
        print(
            f"\n  NTREX 123 articles, tiny models: {rate} articles/s "
            f"({data['throughput']['articles_per_inference_s']} per second of inference), "
            f"{data['elapsed_s']} s"
        )
