"""Small reference sets written per test: folders, TSV, JSONL and line-aligned files."""

from __future__ import annotations

from pathlib import Path

import pytest

SOURCES = {
    "a.txt": ["قال الرئيس إن المحادثات انتهت.", "وأضاف أن الاتفاق سيوقع غدا."],
    "b.txt": ["ارتفعت الأسعار بنسبة 5 في المئة."],
    "c.txt": ["سقط المطر في المدينة.", "أغلقت المدارس.", "عادت الحياة إلى طبيعتها."],
}
REFERENCES = {
    "a.txt": ["The president said the talks had ended.", "He added that the deal would be signed tomorrow."],
    "b.txt": ["Prices rose by 5 percent."],
    "c.txt": ["Rain fell in the city.", "Schools were closed.", "Life returned to normal."],
}
HYPOTHESES = {
    "a.txt": ["The president said talks ended.", "He added the agreement will be signed tomorrow."],
    "b.txt": ["Prices went up 5 per cent."],
    "c.txt": ["It rained in the city.", "The schools closed.", "Life went back to normal."],
}


def write_folder(folder: Path, documents: dict[str, list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, paragraphs in documents.items():
        (folder / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(ar, en, hyp) folders with the same three file names."""
    return (
        write_folder(tmp_path / "ar", SOURCES),
        write_folder(tmp_path / "en", REFERENCES),
        write_folder(tmp_path / "hyp", HYPOTHESES),
    )


def flat(documents: dict[str, list[str]]) -> list[str]:
    return [p for name in sorted(documents) for p in documents[name]]


@pytest.fixture
def line_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """sacrebleu-style line-aligned (src, ref, hyp) files: one paragraph a line."""
    paths = []
    for name, documents in (("src.txt", SOURCES), ("ref.txt", REFERENCES), ("hyp.txt", HYPOTHESES)):
        path = tmp_path / name
        path.write_text("\n".join(flat(documents)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2]
