"""Fixtures for the text tests: the shared sample article and the NTREX corpus in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

# tests/models/text/conftest.py -> parents[3] is the repository root; ../shared sits beside it.
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
SEED_ARTICLE = SHARED / "samples" / "seed-article-ar.txt"
NTREX = SHARED / "corpus" / "ntrex128-ar-en"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path.resolve()} (the project's ../shared folder), which is absent here")
    return path


@pytest.fixture(scope="session")
def seed_article_text() -> str:
    """The seed Arabic article, as UTF-8 text."""
    return _require(SEED_ARTICLE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def ntrex_dir() -> Path:
    """The NTREX-128 Arabic/English corpus folder (with `ar/` and `en/`)."""
    return _require(NTREX)
