"""`tarjama segment`: split text into sentences, one per line (needs no model)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from models.cli.io import read_input, read_jsonl
from models.languages import SOURCE_CHOICES
from models.text.detect import detect_language
from models.text.normalize import normalize
from models.text.segment import split_document


def register(subparsers: Any) -> None:
    """Add the `segment` subcommand to `subparsers` (from `ArgumentParser.add_subparsers`)."""
    parser = subparsers.add_parser(
        "segment",
        help="split text into sentences, one per line",
        description="Normalise text and print one sentence per line (or JSON lines with --jsonl).",
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="UTF-8 input; - for stdin")
    parser.add_argument(
        "--lang", choices=SOURCE_CHOICES, default="auto", help="language of the text (default: auto)"
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='input lines {"id": ..., "text": ...}; output lines {"id": ..., "sentences": [...]}',
    )
    parser.set_defaults(handler=run_segment)


def sentences_of(text: str, lang: str) -> list[str]:
    """Sentences of `text` after normalisation.

    Args:
        text: raw decoded text.
        lang: "ar", "en" or "auto" (detected from the text; undetermined text uses no hint).
    """
    text = normalize(text)
    hint: str | None = lang
    if lang == "auto":
        detected = detect_language(text).lang
        hint = detected if detected != "und" else None
    return [sentence for paragraph in split_document(text, hint) for sentence in paragraph]


def run_segment(args: argparse.Namespace) -> int:
    """Handler of `tarjama segment`: returns the exit code."""
    text = read_input(args.file)
    out = sys.stdout
    if not args.jsonl:
        for sentence in sentences_of(text, args.lang):
            out.write(sentence + "\n")
        return 0
    # Parse every record first so a malformed line stops the command before any output.
    records = read_jsonl(text, "<stdin>" if args.file == "-" else args.file)
    for _, record in records:
        line = {"id": record.get("id"), "sentences": sentences_of(record["text"], args.lang)}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0
