from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import ModelNotFoundError
from models.hub import is_present, model_fingerprint, parse_model_ref, resolve_model_dir


def test_alias_hub_id_and_revision() -> None:
    ref = parse_model_ref("opus-mt-ar-en")
    assert ref.repo_id == "Helsinki-NLP/opus-mt-ar-en" and ref.local_dir is None
    pinned = parse_model_ref("facebook/m2m100_418M@abc123")
    assert (pinned.repo_id, pinned.revision) == ("facebook/m2m100_418M", "abc123")
    assert parse_model_ref("org/name", default_revision="v1").revision == "v1"


def test_local_directory(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    ref = parse_model_ref(str(tmp_path))
    assert ref.local_dir == tmp_path.resolve()
    assert resolve_model_dir(ref, tmp_path / "cache", offline=True) == tmp_path.resolve()


def test_missing_hub_model_offline_names_the_fetch_command(tmp_path: Path) -> None:
    ref = parse_model_ref("Helsinki-NLP/opus-mt-ar-en")
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model_dir(ref, tmp_path, offline=True)
    assert "tarjama models pull" in info.value.message
    assert "Helsinki-NLP/opus-mt-ar-en" in info.value.message
    assert is_present(ref, tmp_path) is None


def test_missing_or_incomplete_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        resolve_model_dir(parse_model_ref(str(tmp_path / "nope")), tmp_path, offline=True)
    with pytest.raises(ModelNotFoundError, match=r"no config\.json"):
        resolve_model_dir(parse_model_ref(str(tmp_path)), tmp_path, offline=True)


def test_fingerprint_changes_with_the_files(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    before = model_fingerprint(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"x" * 10)
    assert model_fingerprint(tmp_path) != before
