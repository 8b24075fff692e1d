"""Fixtures of the batch tests: small archives built from the NTREX corpus plus hostile files,
tiny-model settings tuned for speed (greedy, short outputs) and a shared engine."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SUBSET = 12
"""Articles of the NTREX corpus in most tests (all 123 in the slow full-corpus test)."""

FAST = {"TARJAMA_BEAM_SIZE": "1", "TARJAMA_MAX_LENGTH_RATIO": "1.0", "TARJAMA_THREADS": "1"}
"""Random weights produce gibberish up to the length limit: greedy and short keeps tests fast. One
thread: tiny models gain nothing from more, and lose much when the cores are shared."""

HOSTILE_FAILURES = {
    "empty.txt": "empty",
    "blank.md": "empty",
    "binary.txt": "invalid_encoding",
    "huge.txt": "input_too_large",
    "feed.jsonl/line-4": "invalid_input",
}
"""Articles of `hostile_tree` that must fail, with their error codes."""


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "ntrex128-ar-en" / "ar"


@pytest.fixture(scope="session")
def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(corpus_dir.glob("*.txt"))


@pytest.fixture(scope="session")
def fast_env(tiny_env: dict[str, str]) -> dict[str, str]:
    """TARJAMA_* variables for a subprocess: tiny models, greedy, short outputs."""
    return tiny_env | FAST


@pytest.fixture
def fast_environ(fast_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key, value in fast_env.items():
        monkeypatch.setenv(key, value)
    return fast_env


@pytest.fixture(scope="session")
def fast_settings(tiny_settings: Any) -> Any:
    return tiny_settings.model_copy(update={"beam_size": 1, "max_length_ratio": 1.0, "threads": 1})


@pytest.fixture(scope="session")
def batch_engine(fast_settings: Any) -> Iterator[Any]:
    """One engine for the in-process runs (models load once)."""
    from models.engine import Engine

    engine = Engine(fast_settings, backend="transformers")
    yield engine
    engine.close()


def copy_articles(files: list[Path], target: Path) -> list[str]:
    """Copy `files` into `target`; returns their relative paths."""
    target.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, target / file.name)
    return [file.name for file in files]


@pytest.fixture
def small_corpus(corpus_files: list[Path], tmp_path: Path) -> Path:
    """A folder of SUBSET NTREX articles."""
    folder = tmp_path / "in"
    copy_articles(corpus_files[:SUBSET], folder)
    return folder


def build_hostile_tree(corpus_files: list[Path], root: Path) -> dict[str, Any]:
    """An archive of real articles and hostile files; returns what a run must make of it.

    Returns {"articles": keys that must be done (primaries), "duplicates": {key: primary},
    "failures": {key: code}, "warnings": keys that must carry a warning, "ignored": relative paths}.
    """
    articles = corpus_files[:6]
    texts = [file.read_text(encoding="utf-8") for file in articles]
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "top.txt").write_text(texts[0], encoding="utf-8")
    (root / "nested" / "a.txt").write_text(texts[1], encoding="utf-8")
    (root / "nested" / "deeper" / "b.md").write_text("# " + texts[2], encoding="utf-8")
    # A copy of top.txt: the same content, processed once.
    (root / "nested" / "deeper" / "copy of top.txt").write_text(texts[0], encoding="utf-8")
    # A name with `..` and spaces: stays inside OUT_DIR, under a safe name.
    (root / "..  odd name .. here.txt").write_text(texts[3], encoding="utf-8")
    # Legacy Arabic encoding: converted with a warning.
    (root / "legacy-1256.txt").write_bytes(texts[4].encode("windows-1256", errors="replace"))
    # An HTML page with boilerplate around the article.
    title, _, body = texts[5].partition("\n")
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in body.split("\n") if p.strip())
    (root / "page.html").write_text(
        "<!doctype html><html lang=ar><head><meta charset=utf-8><title>"
        f"{title}</title></head><body><nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>"
        f"{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>",
        encoding="utf-8",
    )
    # Several articles in one .jsonl: an id, no id, a repeated id, a bad line.
    lines = [
        {"id": "r1", "title": "Markets rally", "body": "Stocks rose on Monday. Investors cheered the news."},
        {"title": "No id here", "body": "The council met on Tuesday. It approved the new budget."},
        {"id": "r1", "headline": "Same id again", "text": "Rain is expected tomorrow. Farmers welcome it."},
    ]
    (root / "feed.jsonl").write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n{not json\n\n",
        encoding="utf-8",
    )
    (root / "one.json").write_text(
        json.dumps({"id": "j1", "title": "Port reopens", "body": ["Ships docked again.", "Trade resumed."]}),
        encoding="utf-8",
    )
    # Failures.
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("  \n\n \t\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with (root / "huge.txt").open("wb") as handle:  # 10 MB, over the 5 MB default limit
        handle.write(b"word " * (2 * 1024 * 1024))
    # Not inputs.
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    os.symlink("/etc/hostname", root / "link.txt")
    return {
        "articles": [
            "..  odd name .. here.txt",
            "feed.jsonl/line-2",
            "feed.jsonl/r1",
            "feed.jsonl/r1~line-3",
            "legacy-1256.txt",
            "nested/a.txt",
            "nested/deeper/b.md",
            "one.json",
            "page.html",
            "top.txt",
        ],
        "duplicates": {"nested/deeper/copy of top.txt": "top.txt"},
        "failures": dict(HOSTILE_FAILURES),
        "warnings": ["legacy-1256.txt"],
        "ignored": ["link.txt", "photo.jpg"],
    }


@pytest.fixture
def hostile(corpus_files: list[Path], tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    root = tmp_path / "archive"
    root.mkdir()
    return root, build_hostile_tree(corpus_files, root)
