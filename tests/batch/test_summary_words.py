"""`tarjama batch --summary-words`: the word budget reaches the briefings and the output fingerprint."""

from __future__ import annotations

import argparse
from pathlib import Path

from batch.briefings import briefing_options
from batch.cli import register, settings_from_args
from batch.options import BatchOptions, fingerprint, output_settings
from models.settings import Settings


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["batch", *argv])


def test_summary_words_flag_reaches_the_briefing_options(tmp_path: Path) -> None:
    args = parse([str(tmp_path), str(tmp_path / "out"), "--summary-words", "80"])
    settings = settings_from_args(args)
    assert settings.summary_words == 80
    assert briefing_options(settings).summary_words == 80
    plain = settings_from_args(parse([str(tmp_path), str(tmp_path / "o")]))
    assert briefing_options(plain).summary_words is None


def test_summary_words_changes_the_fingerprint_only_when_set(tmp_path: Path) -> None:
    options = BatchOptions(tmp_path, tmp_path / "out")
    base = Settings(cache_dir=tmp_path, ar_en_model=str(tmp_path / "m1"), en_ar_model=str(tmp_path / "m2"))
    shaping = output_settings(base, options)
    assert "summary_words" not in shaping  # runs without a budget keep their fingerprint
    with_words = output_settings(base.model_copy(update={"summary_words": 80}), options)
    assert fingerprint(with_words) != fingerprint(shaping)
