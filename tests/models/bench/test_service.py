"""The service benchmark's clients, against the one-at-a-time server on a tiny model (in a thread),
and the launcher that pins the service's output length."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.bench.baseline_server import _Server, make_handler
from models.bench.corpus import first_sentences, load_articles, paragraphs
from models.bench.pinned import PIN_ENV, pinned_env
from models.bench.service import against_env, free_port, interleaved, rest_latency, run_load

NEW_TOKENS = 5


@pytest.fixture(scope="module")
def baseline(tiny_settings, tiny_models: dict[str, Path]) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from models.engine import Engine

    engine = Engine(
        tiny_settings, backend="ctranslate2", model_overrides={"ar-en": str(tiny_models["marian-ar-en"])}
    )
    engine.translator("ar", "en")
    server = _Server(("127.0.0.1", free_port()), make_handler(engine, NEW_TOKENS))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    engine.close()


def test_clients_send_bounded_requests_and_count_segments(baseline: str, bench_corpus: Path) -> None:
    texts = paragraphs(load_articles(bench_corpus, "ar"))
    outcome = asyncio.run(run_load(baseline, itertools.cycle(texts), clients=4, requests=10, max_seconds=60))
    assert outcome.errors == 0, outcome.error_samples
    assert len(outcome.latencies) == 10
    # the first 10 paragraphs: headlines have one sentence, body paragraphs 2 and 3
    assert outcome.segments == sum([1, 2, 3] * 3 + [1])
    assert outcome.seconds > 0


def test_time_limit_stops_new_requests(baseline: str, bench_corpus: Path) -> None:
    texts = paragraphs(load_articles(bench_corpus, "ar"))
    outcome = asyncio.run(
        run_load(baseline, itertools.cycle(texts), clients=2, requests=10_000, max_seconds=0.3)
    )
    assert 0 < len(outcome.latencies) < 10_000


def test_rest_latency_and_errors_are_reported(baseline: str, bench_corpus: Path) -> None:
    probes = first_sentences(load_articles(bench_corpus, "ar"))
    assert len(rest_latency(baseline, probes)) == len(probes)
    outcome = asyncio.run(
        run_load(baseline + "/nowhere", iter(["x"] * 3), clients=1, requests=3, max_seconds=10)
    )
    assert outcome.errors == 3 and outcome.error_samples[0].startswith("404")


def test_pinned_settings_fix_every_translation_length(tiny_settings, tiny_models: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    from models.engine import Engine
    from models.settings import Settings
    from models.translate import TranslationOptions

    env = pinned_env({"OTHER": "x"}, 7)
    assert env == {"OTHER": "x", PIN_ENV: "7"}
    pinned = Settings.model_validate(tiny_settings.model_dump() | {"pin_new_tokens": env[PIN_ENV]})
    spec = {"ar-en": str(tiny_models["marian-ar-en"])}
    engine = Engine(pinned, backend="ctranslate2", model_overrides=spec)
    free = Engine(tiny_settings, backend="ctranslate2", model_overrides=spec)
    try:
        options = engine.translator("ar", "en").generation_options(TranslationOptions(beam_size=1))
        assert (options.min_new_tokens, options.max_new_tokens, options.beam_size) == (7, 7, 1)
        assert free.translator("ar", "en").generation_options(TranslationOptions()).min_new_tokens == 0
    finally:
        engine.close()
        free.close()


def test_levels_alternate_a_b_b_a() -> None:
    assert interleaved(4) == [(0, 0), (0, 1), (1, 1), (1, 0), (2, 0), (2, 1), (3, 1), (3, 0)]


def test_against_settings_become_the_second_servers_environment() -> None:
    items = ["TARJAMA_DECODE_MEMORY_MB=0", " TARJAMA_RELEASE_MEMORY =false", "A=b=c"]
    assert against_env(items) == {
        "TARJAMA_DECODE_MEMORY_MB": "0",
        "TARJAMA_RELEASE_MEMORY": "false",
        "A": "b=c",
    }


def test_bench_without_its_extra_says_what_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    from models.bench.cli import check_bench_extra
    from models.errors import ConfigurationError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "psutil" else real(name))
    with pytest.raises(ConfigurationError, match=r"psutil.*tarjama\[bench\]"):
        check_bench_extra()


def test_offline_rate_translates_the_level_paragraphs(tiny_env: dict[str, str], tmp_path: Path) -> None:
    import os
    from types import SimpleNamespace

    from models.bench.service import ServerStartError, level_texts, offline_rate

    config = SimpleNamespace(clients=(1, 8), requests=None)
    texts = [f"فقرة رقم {i}." for i in range(10)]
    chosen = level_texts(config, texts, 1)
    assert len(chosen) == 32 and chosen[0] == texts[97 % 10] and set(chosen) == set(texts)
    env = pinned_env({**os.environ, **tiny_env, "HF_HUB_OFFLINE": "1"}, 3)
    assert offline_rate(env, chosen[:4], 3, tmp_path, "t") > 0
    broken = {**env, "TARJAMA_AR_EN_MODEL": str(tmp_path / "missing")}
    with pytest.raises(ServerStartError, match="offline tarjama failed"):
        offline_rate(broken, chosen[:4], 3, tmp_path, "broken")
