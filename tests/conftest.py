"""Shared fixtures: tiny random-weight models, built once per test session and loaded from disk
exactly as a hub model would be. Nothing is downloaded (HF_HUB_OFFLINE=1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "samples" / "seed-article-ar.txt"
CORPUS = SHARED / "corpus" / "ntrex128-ar-en"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository; tests that need it skip with a reason where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"needs the shared material at {SHARED} (absent here)")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> str:
    return (shared_dir / "samples" / "seed-article-ar.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Directories of tiny models: marian-ar-en, marian-en-ar, m2m100, nllb, bart, mt5."""
    from models.synthetic import build_all_tiny

    return build_all_tiny(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(scope="session")
def tiny_env(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """TARJAMA_* variables pointing every model slot at a tiny local model."""
    return {
        "TARJAMA_AR_EN_MODEL": str(tiny_models["marian-ar-en"]),
        "TARJAMA_EN_AR_MODEL": str(tiny_models["marian-en-ar"]),
        "TARJAMA_SUMMARY_MODEL_EN": str(tiny_models["bart"]),
        "TARJAMA_SUMMARY_MODEL_AR": str(tiny_models["mt5"]),
        "TARJAMA_CACHE_DIR": str(tmp_path_factory.mktemp("tarjama-cache")),
        "TARJAMA_OFFLINE": "1",
        "TARJAMA_THREADS": "1",
        "TARJAMA_BEAM_SIZE": "2",
    }


@pytest.fixture
def tiny_environ(tiny_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Set the tiny-model variables for one test (CLI and service tests read the environment)."""
    for key, value in tiny_env.items():
        monkeypatch.setenv(key, value)
    return tiny_env


@pytest.fixture(scope="session")
def tiny_settings(tiny_env: dict[str, str]):  # type: ignore[no-untyped-def]
    from models.settings import Settings

    return Settings.model_validate(
        {key.removeprefix("TARJAMA_").lower(): value for key, value in tiny_env.items()}
    )


@pytest.fixture(scope="session", params=["transformers", "ctranslate2"])
def engine(request: pytest.FixtureRequest, tiny_settings):  # type: ignore[no-untyped-def]
    """An Engine over the tiny models, once per backend."""
    from models.engine import Engine

    engine = Engine(tiny_settings, backend=request.param)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def copy_model(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Marian trained to copy its input (`models.synthetic.copy`): real output for the
    terminology tests. Built once (a few minutes on CPU) and kept in the pytest cache by version
    (in the session's temporary folder when the cache is off, `-p no:cacheprovider`)."""
    from models.synthetic.copy import COPY_VERSION, build_copy_marian

    cache = getattr(request.config, "cache", None)
    root = Path(cache.mkdir(f"tarjama-{COPY_VERSION}")) if cache else tmp_path_factory.mktemp("copy")
    target = root / "model"
    if not (target / "config.json").is_file():
        build_copy_marian(target, overwrite=True)
    return target


@pytest.fixture(scope="session")
def copy_settings(copy_model: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Settings with both pairs on the copy model: greedy, one thread, and units of at most 24
    tokens (the length the copy model reproduces exactly)."""
    from models.settings import Settings

    return Settings(
        ar_en_model=str(copy_model),
        en_ar_model=str(copy_model),
        cache_dir=tmp_path_factory.mktemp("copy-cache"),
        backend="transformers",
        threads=1,
        beam_size=1,
        segment_tokens=24,
        offline=True,
    )
