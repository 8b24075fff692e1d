"""The interleaved A/B/B/A engine comparison runs on a tiny model (structure only, nothing timed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.bench.shortlist_ab import main
from models.shortlist import ShortlistOptions, build_shortlist, load_pair_tokenizer, load_parallel


def test_abba_prints_each_pass_and_the_mean_ratio(
    tiny_models: dict[str, Path], bench_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tiny_models["marian-ar-en"]
    tokens = load_pair_tokenizer(model, "ar", "en")
    documents = load_parallel(bench_corpus / "ar", bench_corpus / "en")
    vmap = tmp_path / "tiny.vmap"
    build_shortlist(documents, tokens, ShortlistOptions(top_k=5, always=10, prior=0)).vmap.write(vmap)
    args = [str(model), str(vmap), "--docs", "1", "--corpus", str(bench_corpus), "--cache", str(tmp_path)]
    assert main([*args, "--threads", "1", "--new-tokens", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line[0] for line in lines[1:5]] == ["A", "B", "B", "A"]
    assert all("load average" in line for line in lines[:5])
    assert lines[-1].startswith("mean: plain") and lines[-1].endswith("x")
