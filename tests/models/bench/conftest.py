"""A small corpus laid out like NTREX (`ar/<doc>.txt`, `en/<doc>.txt`) for the harness tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.synthetic.corpus import ARABIC_LINES, ENGLISH_LINES


def _article(lines: tuple[str, ...], start: int) -> str:
    headline = lines[start].rstrip(".")
    body = [" ".join(lines[start + 1 : start + 3]), " ".join(lines[start + 3 : start + 6])]
    return "\n\n".join([headline, *body]) + "\n"


@pytest.fixture(scope="session")
def bench_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three Arabic and three English articles: a headline, then two paragraphs of 2-3 sentences."""
    root = tmp_path_factory.mktemp("bench-corpus")
    for lang, lines in (("ar", ARABIC_LINES), ("en", ENGLISH_LINES)):
        folder = root / lang
        folder.mkdir()
        for number in range(3):
            (folder / f"doc{number}.txt").write_text(_article(lines, number * 6), encoding="utf-8")
    return root
