"""The rows on tiny models: every output is exactly the pinned length, on both engines, and the
ceiling replays exactly what tarjama sent its engine. No timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.bench.engines import RecordingBackend, decoder_steps, replay_batches
from models.bench.results import Job, RowResult
from models.bench.worker import main as worker_main
from models.bench.worker import run_in_process

NEW_TOKENS = 6


def job(task: str, row: str, model: Path, corpus: Path, tmp: Path, **extra: object) -> Job:
    return Job(
        task=task,
        row=row,
        model_dir=str(model),
        corpus=str(corpus),
        cache_dir=str(tmp / "cache"),
        sources_file=str(tmp / f"{task}-inputs.json"),
        new_tokens=NEW_TOKENS,
        beam_size=2,
        threads=2,
        naive_batch=4,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def translation_rows(
    tiny_models: dict[str, Path], bench_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, RowResult]:
    tmp = tmp_path_factory.mktemp("bench-translation")
    model = tiny_models["marian-ar-en"]
    return {
        row: run_in_process(job("translation", row, model, bench_corpus, tmp))
        for row in ("naive", "tarjama", "ceiling")
    }


def test_translation_rows_produce_exactly_the_pinned_length(translation_rows: dict[str, RowResult]) -> None:
    for name, result in translation_rows.items():
        assert result.verified, name
        assert result.counted_tokens == result.rows * NEW_TOKENS
        assert result.docs == 3
        assert result.seconds > 0 and result.rss_hwm_mb > 0
    naive = translation_rows["naive"]
    assert naive.rows == 18  # 3 articles x (headline + 2 + 3 sentences)
    assert naive.calls == 5  # batches of 4 in file order
    assert naive.engine.startswith("transformers") and "ctranslate2" in translation_rows["tarjama"].engine


def test_shortlist_row_runs_tarjama_with_the_map_and_reports_coverage(
    translation_rows: dict[str, RowResult], tiny_models: dict[str, Path], bench_corpus: Path, tmp_path: Path
) -> None:
    result = run_in_process(
        job("translation", "shortlist", tiny_models["marian-ar-en"], bench_corpus, tmp_path)
    )
    assert result.row == "shortlist" and result.verified and "vocabulary map" in result.engine
    assert result.coverage is not None and 0.0 <= result.coverage <= 1.0
    assert result.rows == translation_rows["tarjama"].rows  # same work as row (b)
    assert (tmp_path / "translation-shortlist.vmap").is_file()
    assert any("held back" in note for note in result.notes)
    assert not (tmp_path / "translation-inputs.json").exists()  # only (b) records the ceiling's inputs


def test_ceiling_replays_the_inputs_tarjama_sent_its_engine(translation_rows: dict[str, RowResult]) -> None:
    tarjama, ceiling = translation_rows["tarjama"], translation_rows["ceiling"]
    assert ceiling.rows == tarjama.rows
    assert ceiling.source_tokens == tarjama.source_tokens


def test_tarjama_row_on_the_transformers_engine_is_pinned_too(
    tiny_models: dict[str, Path], bench_corpus: Path, tmp_path: Path
) -> None:
    result = run_in_process(
        job(
            "translation",
            "tarjama",
            tiny_models["marian-ar-en"],
            bench_corpus,
            tmp_path,
            docs=1,
            backend="transformers",
        )
    )
    assert result.engine.startswith("tarjama: transformers")
    assert result.verified and result.counted_tokens == result.rows * NEW_TOKENS


def test_summary_rows_produce_exactly_the_pinned_length(
    tiny_models: dict[str, Path], bench_corpus: Path, tmp_path: Path
) -> None:
    rows = {
        row: run_in_process(job("summaries", row, tiny_models["bart"], bench_corpus, tmp_path))
        for row in ("naive", "tarjama", "ceiling")
    }
    for name, result in rows.items():
        assert result.verified, name
        assert result.docs == 3
    assert rows["naive"].rows == 3 and rows["tarjama"].rows == 3 and rows["ceiling"].rows == 3
    assert "truncated" in rows["naive"].notes[0]


def test_worker_reads_a_job_and_writes_its_result(
    tiny_models: dict[str, Path], bench_corpus: Path, tmp_path: Path
) -> None:
    first = job("translation", "tarjama", tiny_models["marian-ar-en"], bench_corpus, tmp_path, docs=1)
    run_in_process(first)
    second = job("translation", "ceiling", tiny_models["marian-ar-en"], bench_corpus, tmp_path, docs=1)
    job_file, result_file = tmp_path / "job.json", tmp_path / "result.json"
    job_file.write_text(json.dumps(second.to_dict()), encoding="utf-8")
    assert worker_main([str(job_file), str(result_file)]) == 0
    result = RowResult.from_dict(json.loads(result_file.read_text(encoding="utf-8")))
    assert result.row == "ceiling" and result.verified
    assert worker_main([]) == 2


def test_decoder_steps_ignore_trailing_padding_only() -> None:
    assert decoder_steps([9, 5, 6, 7], pad_id=1) == 3
    assert decoder_steps([9, 5, 2, 1, 1], pad_id=1) == 2
    assert decoder_steps([9, 1, 5, 6], pad_id=1) == 3


def test_replay_groups_by_options_and_sorts_by_length() -> None:
    from dataclasses import asdict

    from models.backends.base import GenerationOptions

    pinned = asdict(GenerationOptions(beam_size=4, min_new_tokens=8, max_new_tokens=8))
    other = asdict(GenerationOptions(beam_size=1))
    recorded = [
        {"sources": [["a"] * 3, ["b"] * 9], "options": pinned, "prefix": []},
        {"sources": [["c"] * 5], "options": pinned, "prefix": []},
        {"sources": [["d"] * 2], "options": other, "prefix": []},
    ]
    batches = replay_batches(recorded, batch_tokens=20, max_batch_size=8)
    assert [[len(row) for row in batch.sources] for batch in batches] == [[9, 5], [3], [2]]
    assert batches[0].options.min_new_tokens == 8 and batches[-1].options.beam_size == 1


def test_recording_backend_counts_what_it_passes_on() -> None:
    from models.backends.base import Backend, GenerationOptions

    class Echo(Backend):
        name = "echo"
        device = None  # type: ignore[assignment]

        def generate(self, sources, options, target_prefix=()):  # type: ignore[no-untyped-def]
            return [["x"] * options.max_new_tokens for _ in sources]

    recorder = RecordingBackend(Echo(), record=True)
    recorder.generate([["a", "b"], ["c"]], GenerationOptions(max_new_tokens=3))
    assert (recorder.calls, recorder.rows, recorder.tokens) == (1, 2, 6)
    assert (recorder.source_tokens, recorder.padded_tokens) == (3, 4)
    assert recorder.recorded[0]["sources"] == [["a", "b"], ["c"]]
    recorder.reset()
    assert recorder.rows == 0 and recorder.recorded == []
