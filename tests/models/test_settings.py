from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from models.settings import Settings, load_settings


def test_defaults_are_the_opus_mt_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("TARJAMA_AR_EN_MODEL", "TARJAMA_EN_AR_MODEL"):
        monkeypatch.delenv(key, raising=False)
    settings = Settings()
    assert settings.ar_en_model == "Helsinki-NLP/opus-mt-ar-en"
    assert settings.en_ar_model == "Helsinki-NLP/opus-mt-en-ar"
    assert settings.summary_method == "extractive"


def test_environment_prefix_is_read_by_the_factory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TARJAMA_BEAM_SIZE", "2")
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.beam_size == 2
    assert settings.cache_dir == tmp_path


def test_overrides_win_and_none_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_BACKEND", "transformers")
    assert load_settings(backend="ctranslate2").backend == "ctranslate2"
    assert load_settings(backend=None).backend == "transformers"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("beam_size", 0),
        ("backend", "onnx"),
        ("device", "tpu"),
        ("batch_tokens", 1),
        ("ar_en_model", "  "),
        ("decode_memory_mb", -1),
    ],
)
def test_bad_values_fail_fast(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Settings(**{field: value})  # type: ignore[arg-type]
