"""Ratio arithmetic, targets and table rendering, on made-up results (no model runs)."""

from __future__ import annotations

import json

from models.bench.report import render, row_table, service_table, table, targets
from models.bench.results import LoadLevel, RowResult, ServerRun
from models.bench.runner import BenchResult


def row(task: str, name: str, rows: int, seconds: float, new_tokens: int = 32, **extra: object) -> RowResult:
    return RowResult(
        task=task,
        row=name,
        engine=f"engine-{name}",
        docs=10,
        rows=rows,
        new_tokens=new_tokens,
        counted_tokens=int(extra.pop("counted", rows * new_tokens)),  # type: ignore[call-overload]
        seconds=seconds,
        **extra,  # type: ignore[arg-type]
    )


def level(
    server: str, clients: int, requests: int, seconds: float, tokens: int, rss: float = 500.0
) -> LoadLevel:
    return LoadLevel(server, clients, requests, 0, seconds, tokens, 100.0, 200.0, rss)


def result() -> BenchResult:
    bench = BenchResult(
        config={"docs": 10, "beam_size": 4, "device": "cpu"}, machine={"cpu": "test", "cores": 2}
    )
    bench.rows["translation"] = [
        row("translation", "naive", 100, 32.0),  # 3,200 tokens in 32 s = 100 tokens/s
        row("translation", "tarjama", 100, 5.0, source_tokens=900, padded_tokens=1000),  # 640 tokens/s
        row("translation", "ceiling", 100, 4.0),  # 800 tokens/s
    ]
    bench.rows["summaries"] = [
        row("summaries", "naive", 10, 64.0, 64),  # 10 tokens/s
        row("summaries", "tarjama", 10, 16.0, 64, counted=600),  # 40 tokens/s, count off
        row("summaries", "ceiling", 10, 8.0, 64),
    ]
    bench.service = [
        ServerRun(
            "tarjama serve", "svc", 3.0, 50.0, 60.0, 400.0, [level("tarjama serve", 32, 100, 10.0, 5000, 900)]
        ),
        ServerRun(
            "one at a time", "base", 2.0, 40.0, 50.0, 300.0, [level("one at a time", 32, 20, 10.0, 1000)]
        ),
    ]
    return bench


def test_throughput_is_rows_times_pinned_length_over_seconds() -> None:
    r = row("translation", "tarjama", 250, 10.0)
    assert r.expected_tokens == 8000
    assert r.tokens_per_s == 800
    assert r.verified
    assert not row("translation", "tarjama", 250, 10.0, counted=7999).verified
    assert row("translation", "naive", 1, 1.0, source_tokens=75, padded_tokens=100).padding == 0.25


def test_targets_ratios_within_one_run() -> None:
    found = {t.name: t for t in targets(result())}
    assert found["translation: tarjama >= 5x naive"].measured == 6.4
    assert found["translation: tarjama >= 5x naive"].met
    assert found["translation: tarjama >= 90% of engine ceiling"].measured == 0.8
    assert found["translation: tarjama >= 90% of engine ceiling"].met is False
    assert found["summaries: tarjama >= 3x naive"].measured == 4.0
    service = found["service @32 clients >= 3x one-at-a-time server"]
    assert service.measured == 5.0 and service.met
    offline = found["service @32 clients >= 90% of offline tarjama"]
    assert offline.measured == 500 / 640 and offline.met is False
    memory = found["service RSS under load <= 1 GB"]
    assert memory.measured == 900 and memory.met


def test_service_bench_offline_figure_takes_precedence() -> None:
    bench = result()
    bench.service[0].offline_tokens_per_s = 520.0  # measured on the service's own paragraphs
    offline = {t.name: t for t in targets(bench)}["service @32 clients >= 90% of offline tarjama"]
    assert offline.measured == 500 / 520 and offline.met
    again = type(bench.service[0]).from_dict(bench.service[0].to_dict())
    assert again.offline_tokens_per_s == 520.0


def test_targets_not_measured_and_memory_over_limit() -> None:
    bench = result()
    del bench.rows["translation"]
    bench.service[0].levels[0].rss_mb = 1500
    found = {t.name: t for t in targets(bench)}
    assert "translation: tarjama >= 5x naive" not in found
    assert found["service @32 clients >= 90% of offline tarjama"].met is None
    assert found["service RSS under load <= 1 GB"].met is False


def test_row_table_shows_ratios_checks_and_padding() -> None:
    text = row_table(result(), "translation")
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["row", "engine"]
    tarjama = next(line for line in lines if line.startswith("(b)"))
    assert "6.40x" in tarjama and "80%" in tarjama and "640" in tarjama and "10%" in tarjama
    summaries = row_table(result(), "summaries")
    assert "counted 600" in summaries
    assert "articles/s" in summaries


def test_markdown_tables_and_full_report() -> None:
    md = table(["a", "b"], [["1", "x|y"]], markdown=True)
    assert md.splitlines() == ["| a | b |", "| --- | --- |", "| 1 | x\\|y |"]
    text = service_table(result(), markdown=True)
    assert "| tarjama serve | 32 |" in text and "5.00x" in text
    report = render(result(), markdown=True)
    for heading in ("### Translation", "### Summaries", "### Service", "### Targets"):
        assert heading in report
    assert "NOT met" in report  # 80% of the ceiling


def test_results_survive_json() -> None:
    bench = result()
    again = BenchResult.from_dict(json.loads(json.dumps(bench.to_dict())))
    assert render(again) == render(bench)
    assert again.to_dict()["rows"]["translation"][1]["tokens_per_s"] == 640


def test_shortlist_targets_use_the_ceiling_and_the_coverage() -> None:
    bench = result()
    found = {t.name: t for t in targets(bench)}
    assert "translation: shortlist >= 1.3x engine ceiling" not in found  # no row (d): not listed
    shortlist = row("translation", "shortlist", 100, 2.5, coverage=0.987)  # 1,280 tokens/s
    bench.rows["translation"].append(shortlist)
    found = {t.name: t for t in targets(bench)}
    speed = found["translation: shortlist >= 1.3x engine ceiling"]
    assert speed.measured == 1280 / 800 and speed.met
    covered = found["translation: shortlist admits >= 99% of held-back reference tokens"]
    assert covered.measured == 0.987 and covered.met is False
    assert covered.text(covered.measured) == "98.7%"
    assert "(d) tarjama with shortlist" in row_table(bench, "translation")
    assert (
        BenchResult.from_dict(json.loads(json.dumps(bench.to_dict()))).rows["translation"][-1].coverage
        == 0.987
    )
