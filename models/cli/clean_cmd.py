"""`tarjama clean`: the main text of a scraped article, HTML page, Markdown file or JSON record."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from models.clean import FORMATS, JsonFields, clean_article
from models.cli.io import read_input


def register(subparsers: Any) -> None:
    """Add the `clean` subcommand to `subparsers` (from `ArgumentParser.add_subparsers`)."""
    parser = subparsers.add_parser(
        "clean",
        help="print an article's main text without captions, bylines, menus or comment forms",
        description=(
            "Extract the main text of an article (plain scraped text, HTML, Markdown or a JSON record) "
            "and print it, title first, paragraphs separated by blank lines; --json prints the title, "
            "paragraphs, metadata and every removed piece with its reason."
        ),
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="UTF-8 input; - for stdin")
    parser.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="auto",
        help="input format (default: guessed from the content)",
    )
    parser.add_argument("--json", action="store_true", help="print the cleaned article as JSON")
    parser.add_argument(
        "--title-key",
        action="append",
        metavar="KEY",
        help="JSON input: key holding the title (repeatable; dotted paths allowed; default title, headline)",
    )
    parser.add_argument(
        "--body-key",
        action="append",
        metavar="KEY",
        help="JSON input: key holding the article text (repeatable; default body, text, content)",
    )
    parser.set_defaults(handler=run_clean)


def run_clean(args: argparse.Namespace) -> int:
    """Handler of `tarjama clean`: returns the exit code."""
    content = read_input(args.file)
    defaults = JsonFields()
    fields = JsonFields(
        title=tuple(args.title_key) if args.title_key else defaults.title,
        body=tuple(args.body_key) if args.body_key else defaults.body,
    )
    article = clean_article(content, format=args.format, fields=fields)
    if args.json:
        sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(article.text + "\n")
    return 0
