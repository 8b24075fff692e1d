"""`tarjama translate`: a file or standard input, translated paragraph for paragraph."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from models.cli.io import read_input
from models.cli.options import add_engine_options, engine_settings
from models.languages import CODES, SOURCE_CHOICES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("translate", help="translate a text file (Arabic <-> English)")
    parser.add_argument("file", nargs="?", default="-", help="input file, or - for standard input")
    parser.add_argument("--source", default="auto", choices=SOURCE_CHOICES, help="source language")
    parser.add_argument("--target", choices=CODES, help="target language (default: the other one)")
    parser.add_argument("--model", help="model id, alias or local directory for this pair")
    parser.add_argument("--beam-size", type=int, help="beam size (1 = greedy)")
    parser.add_argument("--json", action="store_true", help="print segments with their quality flags as JSON")
    parser.add_argument(
        "--glossary", metavar="FILE", help="glossary to enforce (.csv/.tsv source,target or .json)"
    )
    add_engine_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from models.engine import Engine
    from models.routing import route
    from models.translate import TranslationOptions

    text = read_input(args.file, needs_text="translate")
    settings = engine_settings(args)
    pair = route(text, args.source, args.target)
    overrides = {f"{pair.source}-{pair.target}": args.model} if args.model else None
    import dataclasses
    from pathlib import Path

    from models.terminology.store import TerminologyStore

    if args.glossary:
        settings = settings.model_copy(update={"glossary_file": Path(args.glossary)})
    # An explicit glossary of the other pair is an error here; approved translations apply.
    memory = TerminologyStore(settings.terminology_path())
    terms = dataclasses.replace(settings.file_terminology(), strict_pair=True, memory=memory)
    engine = Engine(settings, backend=args.backend, model_overrides=overrides)
    options = TranslationOptions(beam_size=args.beam_size, terminology=terms)
    try:
        (result,) = engine.translate([text], pair.source, pair.target, options)
    finally:
        engine.close()
        memory.close()
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif result.paragraphs:
        sys.stdout.write(result.text + "\n")
    return 0
