"""`tarjama clean` through its handler (registered by models.cli.clean_cmd)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from models.cli import clean_cmd
from models.errors import NoMainTextError


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tarjama")
    clean_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["clean", *argv])
    return int(args.handler(args))


def test_prints_title_then_paragraphs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Bridge opens next spring\n\nShare\n\nOfficials said the bridge would open.\n", "utf-8")
    assert _run([str(path)]) == 0
    assert capsys.readouterr().out == "Bridge opens next spring\n\nOfficials said the bridge would open.\n"


def test_json_output_lists_removed_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "# Bridge opens\n\n![A bridge](b.jpg)\n\nOfficials said the bridge would open.\n", "utf-8"
    )
    assert _run([str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "markdown"
    assert data["title"] == "Bridge opens"
    assert data["removed"] == [{"text": "A bridge", "reason": "caption"}]


def test_json_record_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps({"h": "Bridge opens", "txt": "Officials said the bridge would open."}), "utf-8"
    )
    assert _run([str(path), "--title-key", "h", "--body-key", "txt"]) == 0
    assert capsys.readouterr().out.startswith("Bridge opens\n\n")


def test_empty_article_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Share\n\nLeave a Reply\n", "utf-8")
    with pytest.raises(NoMainTextError):
        _run([str(path), "--format", "text"])
