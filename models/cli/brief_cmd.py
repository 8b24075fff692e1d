"""`tarjama brief`: a bilingual briefing of one article, as JSON, Markdown, an HTML page or a .docx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from models.cli.io import read_article, read_bytes
from models.cli.options import add_engine_options, add_summary_method_option, engine_settings

OUTPUT_FORMATS = ("json", "md", "markdown", "html", "docx")
INPUT_FORMATS = ("auto", "text", "html", "markdown", "json")


def register(subparsers: Any) -> None:
    """Add the `brief` subcommand to `subparsers` (from `ArgumentParser.add_subparsers`)."""
    parser = subparsers.add_parser(
        "brief",
        help="a bilingual briefing of an article: titles, summaries and paragraphs in Arabic and English",
        description=(
            "Clean an article (scraped text, HTML, Markdown or a JSON record), translate it paragraph "
            "for paragraph, summarise it in both languages and write the briefing as JSON, Markdown, "
            "a self-contained HTML page or a Word .docx with the two languages side by side."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the article (text, HTML, Markdown, JSON, or a .docx/.pdf/... document); - for stdin",
    )
    parser.add_argument(
        "--format", choices=OUTPUT_FORMATS, default="html", help="what to write (default: html)"
    )
    parser.add_argument("--output", "-o", metavar="PATH", help="write here instead of standard output")
    parser.add_argument("--id", dest="article_id", metavar="ID", help="article id (default: the file name)")
    parser.add_argument(
        "--input-format", choices=INPUT_FORMATS, default="auto", help="how to read FILE (default: guessed)"
    )
    parser.add_argument(
        "--sentences", type=int, metavar="N", help="sentences per summary, 1 to 50 (default: settings)"
    )
    parser.add_argument(
        "--words", type=int, metavar="N", help="summary length budget in words (overrides --sentences)"
    )
    add_summary_method_option(parser, help="summary method (default: settings)")
    parser.add_argument("--beam-size", type=int, help="translation beam size (1 = greedy)")
    add_engine_options(parser)
    parser.set_defaults(handler=run_brief)


def run_brief(args: argparse.Namespace) -> int:
    """Handler of `tarjama brief`: returns the exit code."""
    from models.briefing import BriefingOptions, compose_briefing, render_file
    from models.documents import article_text, is_document
    from models.engine import Engine
    from models.errors import InvalidInputError
    from models.translate import TranslationOptions

    if args.sentences is not None and not 1 <= args.sentences <= 50:
        raise InvalidInputError("--sentences must be 1 to 50")
    if args.words is not None and args.words < 1:
        raise InvalidInputError("--words must be at least 1")
    if args.beam_size is not None and not 1 <= args.beam_size <= 16:
        raise InvalidInputError("--beam-size must be 1 to 16")
    if args.format == "docx" and not args.output and sys.stdout.isatty():
        raise InvalidInputError("--format docx writes a binary file: give --output PATH or redirect stdout")
    input_format = args.input_format
    if args.file != "-" and is_document(args.file):  # .docx, .pdf, ...: the document's text
        data, name = read_bytes(args.file)
        content, warnings = article_text(data, name)[0], list[str]()
        input_format = "text"
    else:
        content, warnings = read_article(args.file)
    settings = engine_settings(args)
    options = BriefingOptions(
        summary_sentences=args.sentences or settings.summary_sentences,
        summary_words=args.words if args.words is not None else settings.summary_words,
        summary_method=args.method or settings.summary_method,
        translation=TranslationOptions(beam_size=args.beam_size) if args.beam_size else None,
    )
    article_id = args.article_id or ("stdin" if args.file == "-" else Path(args.file).stem)
    source = {} if args.file == "-" else {"path": args.file}
    engine = Engine(settings, backend=args.backend)
    try:
        briefing = compose_briefing(
            engine,
            content,
            article_id=article_id,
            format=input_format,
            options=options,
            source=source,
            warnings=warnings,
        )
    finally:
        engine.close()
    data = render_file(briefing, args.format)  # UTF-8 text, or the bytes of a .docx
    if args.output:
        output = Path(args.output)
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise InvalidInputError(f"{args.output}: cannot write ({exc.strerror})") from None
    elif args.format == "docx":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
