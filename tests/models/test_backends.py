"""The backend factory: auto picks CTranslate2 where the model converts, conversions are cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.backends import convert as convert_module
from models.backends.convert import ConversionError, converted_dir
from models.errors import ConfigurationError, ModelLoadError
from models.loader import load_model
from models.settings import Settings


def _settings(tiny_settings: Settings, cache: Path) -> Settings:
    return tiny_settings.model_copy(update={"cache_dir": cache})


def test_auto_takes_ctranslate2_and_converts_once(
    tiny_settings: Settings, tiny_models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tiny_settings, tmp_path)
    model = load_model(str(tiny_models["marian-ar-en"]), settings, backend="auto")
    assert model.backend.name == "ctranslate2"
    (folder,) = [p for p in (tmp_path / "ct2").iterdir() if p.is_dir()]
    assert folder.name.endswith("-int8") and (folder / "model.bin").is_file()
    model.close()

    def fail(*args: object) -> None:
        raise AssertionError("converted a second time")

    monkeypatch.setattr(convert_module, "_convert", fail)
    again = load_model(str(tiny_models["marian-ar-en"]), settings, backend="auto")
    assert again.backend.name == "ctranslate2"
    again.close()


def test_cache_key_has_revision_and_compute_type(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    int8 = converted_dir(tiny_models["marian-ar-en"], "org/model", "int8", tmp_path)
    fp32 = converted_dir(tiny_models["marian-ar-en"], "org/model", "float32", tmp_path)
    assert int8 != fp32
    assert int8.name.startswith("org_model-") and fp32.name.endswith("-float32")


def test_auto_falls_back_to_transformers_when_conversion_fails(
    tiny_settings: Settings,
    tiny_models: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def cannot(*args: object) -> None:
        raise ConversionError("AttributeError: converter lags transformers")

    monkeypatch.setattr(convert_module, "_convert", cannot)
    settings = _settings(tiny_settings, tmp_path)
    model = load_model(str(tiny_models["marian-ar-en"]), settings, backend="auto")
    assert model.backend.name == "transformers"
    assert "using transformers" in caplog.text
    with pytest.raises(ModelLoadError, match="TARJAMA_BACKEND=transformers"):
        load_model(str(tiny_models["marian-ar-en"]), settings, backend="ctranslate2")


def test_unknown_backend_is_a_configuration_error(
    tiny_settings: Settings, tiny_models: dict[str, Path]
) -> None:
    with pytest.raises(ConfigurationError, match="auto, ctranslate2 or transformers"):
        load_model(str(tiny_models["marian-ar-en"]), tiny_settings, backend="onnx")


def test_a_directory_without_weights_is_a_load_error(tiny_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "marian"}')
    with pytest.raises(ModelLoadError):
        load_model(str(tmp_path), tiny_settings, backend="transformers")
