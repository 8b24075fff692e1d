"""`tarjama summarize`: an article summarised, in its language or the other one.

Plain output is one summary sentence per line; `--json` prints the whole `Summary`; `--jsonl` reads
`{"id", "text", "k"}` or `{"id", "text", "words"}` lines and writes `{"id", "summary"}` lines (k
sentences, or whole sentences filling a word budget, each), for scoring summaries against human
references.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Any

from models.cli.io import read_input, read_jsonl
from models.cli.options import add_engine_options, add_summary_method_option, engine_settings
from models.errors import InvalidInputError
from models.languages import CODES, SOURCE_CHOICES
from models.summarize.options import ROUTES


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
        "--lang", choices=CODES, help="language of the summary (default: the article's language)"
    )
    parser.add_argument(
        "--source",
        choices=SOURCE_CHOICES,
        default="auto",
        help="language of the article (default: auto)",
    )
    add_summary_method_option(
        parser,
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
        "--words",
        type=int,
        metavar="N",
        help="summary length budget in words: whole sentences until N words are reached, the last one "
        "possibly past it (overrides --sentences and --ratio)",
    )
    parser.add_argument(
        "--trim",
        action="store_true",
        help="with --words (or a words field in --jsonl lines), cut the summary at the budget; the cut "
        'sentence ends with "…"',
    )
    parser.add_argument(
        "--route",
        choices=ROUTES,
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
        help='input lines {"id": ..., "text": ..., "k": N} or {..., "words": N}; '
        'output lines {"id": ..., "summary": [sentences]}',
    )
    add_engine_options(parser)
    parser.set_defaults(handler=run_summarize)


@dataclass(frozen=True)
class Record:
    """One `--jsonl` input line: its id (any JSON value), the article, its own k and word budget
    (or None)."""

    id: Any
    text: str
    k: int | None = None
    words: int | None = None


def read_records(text: str, name: str) -> list[Record]:
    """Parse JSON lines `{"id": ..., "text": "...", "k": N, "words": N}`; blank lines are skipped.

    `id` may be absent (null in the output); `k` and `words`, when present, are whole numbers of at
    least 1 (`words` wins when both are given).

    Raises:
        InvalidInputError: naming `name` and the line number of the first malformed line.
    """
    records: list[Record] = []
    for number, record in read_jsonl(text, name):
        for key in ("k", "words"):
            value = record.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise InvalidInputError(
                    f'{name}: line {number}: "{key}" must be a whole number of at least 1, got {value!r}'
                )
        records.append(Record(record.get("id"), record["text"], record.get("k"), record.get("words")))
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

    default_words = args.words
    if default_words is None and args.sentences is None and args.ratio is None:
        default_words = settings.summary_words

    if args.trim and default_words is None and not any(record.words for record in records):
        raise InvalidInputError("--trim cuts a summary at its word budget: give --words (or jsonl words)")

    def options_for(record: Record, source: str) -> SummaryOptions:
        sentences = record.k or (args.sentences if args.sentences is not None else default_sentences)
        # A line's own length (k or words) wins over the flags.
        words = record.words if record.words is not None else (None if record.k else default_words)
        return SummaryOptions(
            lang=args.lang or source,
            method=method,
            sentences=sentences,
            ratio=args.ratio,
            route=args.route,
            words=words,
            trim=args.trim,
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
