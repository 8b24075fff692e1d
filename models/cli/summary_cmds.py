"""`tarjama summarize`: an article summarised, in its language or the other one.

Plain output is one summary sentence per line; `--json` prints the whole `Summary`; `--jsonl` reads
`{"id", "text", "k"}` lines and writes `{"id", "summary"}` lines (k sentences each), for scoring
summaries against human references.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Any

from models.cli.io import read_input, read_jsonl
from models.cli.translate_cmd import add_engine_options, engine_settings
from models.errors import InvalidInputError


def register(subparsers: Any) -> None:
    """Add the `summarize` subcommand to `subparsers` (from `ArgumentParser.add_subparsers`)."""
    parser = subparsers.add_parser(
        "summarize",
        help="summarise an article in Arabic or English (extractive or abstractive)",
        description=(
            "Summarise an article. --lang is the language of the summary; when it is not the article's, "
            "the summary is translated (see --route). Extractive summaries (the default) need no summary "
            "model; abstractive ones use TARJAMA_SUMMARY_MODEL_EN / TARJAMA_SUMMARY_MODEL_AR."
        ),
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="UTF-8 input; - for stdin")
    parser.add_argument(
        "--lang", choices=("ar", "en"), help="language of the summary (default: the article's language)"
    )
    parser.add_argument(
        "--source",
        choices=("ar", "en", "auto"),
        default="auto",
        help="language of the article (default: auto)",
    )
    parser.add_argument(
        "--method",
        choices=("extractive", "abstractive"),
        help="extractive picks the article's own sentences (default: TARJAMA_SUMMARY_METHOD, extractive)",
    )
    parser.add_argument(
        "--sentences",
        type=int,
        metavar="N",
        help="summary length in sentences (default: TARJAMA_SUMMARY_SENTENCES, 3)",
    )
    parser.add_argument(
        "--ratio", type=float, metavar="R", help="summary length as a share of the article's sentences (0-1]"
    )
    parser.add_argument(
        "--route",
        choices=("auto", "summarize-first", "translate-first"),
        default="auto",
        help="cross-lingual summaries: summarise then translate the summary, or translate then summarise "
        "(default: auto, the cheaper)",
    )
    parser.add_argument("--beam-size", type=int, help="beam size for abstractive summaries and translation")
    parser.add_argument(
        "--max-new-tokens",
        type=int,
        metavar="N",
        help="longest abstractive summary, in tokens (default: 30 a sentence)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the summary with its metadata as JSON")
    output.add_argument(
        "--jsonl",
        action="store_true",
        help='input lines {"id": ..., "text": ..., "k": N}; '
        'output lines {"id": ..., "summary": [k sentences]}',
    )
    add_engine_options(parser)
    parser.set_defaults(handler=run_summarize)


@dataclass(frozen=True)
class Record:
    """One `--jsonl` input line: its id (any JSON value), the article and its own k (or None)."""

    id: Any
    text: str
    k: int | None = None


def read_records(text: str, name: str) -> list[Record]:
    """Parse JSON lines `{"id": ..., "text": "...", "k": N}`; blank lines are skipped.

    `id` may be absent (null in the output); `k`, when present, is a whole number of at least 1.

    Raises:
        InvalidInputError: naming `name` and the line number of the first malformed line.
    """
    records: list[Record] = []
    for number, record in read_jsonl(text, name):
        k = record.get("k")
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            raise InvalidInputError(
                f'{name}: line {number}: "k" must be a whole number of at least 1, got {k!r}'
            )
        records.append(Record(record.get("id"), record["text"], k))
    return records


def run_summarize(args: argparse.Namespace) -> int:
    """Handler of `tarjama summarize`: returns the exit code."""
    from models.engine import Engine
    from models.summarize.abstractive import AbstractiveOptions
    from models.summarize.facade import resolve_source_lang, summarize
    from models.summarize.options import SummaryOptions
    from models.translate import TranslationOptions

    text = read_input(args.file, needs_text="summarize")
    name = "<stdin>" if args.file == "-" else args.file
    records = read_records(text, name) if args.jsonl else [Record(None, text)]
    settings = engine_settings(args)
    method = args.method or settings.summary_method
    default_sentences = (
        None if args.sentences is None and args.ratio is not None else settings.summary_sentences
    )

    def options_for(record: Record, source: str) -> SummaryOptions:
        sentences = record.k or (args.sentences if args.sentences is not None else default_sentences)
        return SummaryOptions(
            lang=args.lang or source, method=method, sentences=sentences, ratio=args.ratio, route=args.route
        )

    # Options are checked (bad --sentences, --ratio) before any model loads.
    plans = []
    for record in records:
        source = resolve_source_lang(record.text, args.source)
        plans.append((record, source, options_for(record, source)))
    translation = TranslationOptions(beam_size=args.beam_size)
    abstractive = AbstractiveOptions(beam_size=args.beam_size, max_new_tokens=args.max_new_tokens)
    engine = Engine(settings, backend=args.backend)
    out = sys.stdout
    try:
        for record, source, options in plans:
            summary = summarize(
                engine, record.text, options, source, translation=translation, abstractive=abstractive
            )
            if args.jsonl:
                out.write(
                    json.dumps({"id": record.id, "summary": summary.sentences}, ensure_ascii=False) + "\n"
                )
            elif args.json:
                json.dump(summary.to_dict(), out, ensure_ascii=False, indent=2)
                out.write("\n")
            else:
                for sentence in summary.sentences:
                    out.write(sentence + "\n")
    finally:
        engine.close()
    return 0
