"""Options parsing and the settings fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from batch.options import BatchOptions, UsageError, fingerprint, output_settings, parse_formats, parse_size
from models.settings import Settings


def test_parse_formats() -> None:
    assert parse_formats("json,md,html") == ("json", "md", "html")
    assert parse_formats(" HTML , markdown,html") == ("html", "md")
    for bad in ["", "pdf", "json,,docx"]:
        with pytest.raises(UsageError):
            parse_formats(bad)


@pytest.mark.parametrize(
    ("text", "size"), [("5MB", 5 * 1024**2), ("500k", 500 * 1024), ("1048576", 1048576), ("1.5 MiB", 1572864)]
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "lots", "-1", "0", "5TB"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(UsageError):
        parse_size(text)


def test_options_validate() -> None:
    with pytest.raises(UsageError):
        BatchOptions(Path("in"), Path("out"), formats=("pdf",))
    with pytest.raises(UsageError):
        BatchOptions(Path("in"), Path("out"), workers=0)
    with pytest.raises(UsageError):
        BatchOptions(Path("in"), Path("out"), engine="spark")


def test_fingerprint_follows_what_shapes_output_only(tmp_path: Path) -> None:
    options = BatchOptions(tmp_path, tmp_path / "out")
    base = Settings(cache_dir=tmp_path, ar_en_model=str(tmp_path / "m1"), en_ar_model=str(tmp_path / "m2"))

    def key(settings: Settings, opts: BatchOptions = options) -> str:
        return fingerprint(output_settings(settings, opts))

    same = [
        base.model_copy(update={"device": "cpu"}),
        base.model_copy(update={"batch_tokens": 128, "threads": 3, "backend": "ctranslate2"}),
        base.model_copy(update={"summary_model_en": "other"}),  # not used by extractive summaries
    ]
    for settings in same:
        assert key(settings) == key(base)
    changed = [
        base.model_copy(update={"beam_size": 1}),
        base.model_copy(update={"ar_en_model": str(tmp_path / "m3")}),
        base.model_copy(update={"summary_sentences": 5}),
        base.model_copy(update={"summary_method": "abstractive"}),
    ]
    for settings in changed:
        assert key(settings) != key(base)
    assert key(base, BatchOptions(tmp_path, tmp_path / "out", formats=("json",))) != key(base)
    assert key(base, BatchOptions(tmp_path, tmp_path / "out", workers=8)) == key(base)
