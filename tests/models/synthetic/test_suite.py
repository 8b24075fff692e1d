"""build_all_tiny: every family, reusable directories, non-empty greedy output."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.synthetic import TINY_MODELS, build_all_tiny, read_manifest
from models.synthetic.suite import _PROBES, greedy_outputs


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all_tiny(tmp_path_factory.mktemp("tiny"))


def test_builds_every_family(tiny: dict[str, Path]) -> None:
    assert tuple(tiny) == TINY_MODELS
    families = {name: read_manifest(path)["family"] for name, path in tiny.items()}  # type: ignore[index]
    assert families == {
        "marian-ar-en": "marian",
        "marian-en-ar": "marian",
        "m2m100": "m2m100",
        "nllb": "nllb",
        "bart": "bart",
        "mt5": "mt5",
    }
    assert read_manifest(tiny["marian-en-ar"])["target_language_tokens"][0] == ">>ara<<"  # type: ignore[index]


def test_every_model_produces_text_for_the_samples(tiny: dict[str, Path]) -> None:
    for name, path in tiny.items():
        outputs = greedy_outputs(path, _PROBES[name])
        assert all(text.strip() for text in outputs), (name, outputs)


def test_existing_directories_are_kept(tiny: dict[str, Path]) -> None:
    stamps = {name: (path / "model.safetensors").stat().st_mtime_ns for name, path in tiny.items()}
    again = build_all_tiny(next(iter(tiny.values())).parent)
    assert again == tiny
    assert {name: (path / "model.safetensors").stat().st_mtime_ns for name, path in again.items()} == stamps
