"""`tarjama translate`: a file or standard input, translated paragraph for paragraph."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from models.cli.io import read_input


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Flags shared by every command that runs a model."""
    parser.add_argument("--backend", choices=["auto", "ctranslate2", "transformers"], help="inference engine")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], help="where models run")
    parser.add_argument("--compute-type", help="int8, float16, bfloat16, float32 (default: auto)")
    parser.add_argument("--threads", type=int, help="CPU threads (0 = all cores)")


def engine_settings(args: argparse.Namespace) -> Any:
    from models.settings import load_settings

    return load_settings(
        device=getattr(args, "device", None),
        compute_type=getattr(args, "compute_type", None),
        threads=getattr(args, "threads", None),
        backend=getattr(args, "backend", None),
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("translate", help="translate a text file (Arabic <-> English)")
    parser.add_argument("file", nargs="?", default="-", help="input file, or - for standard input")
    parser.add_argument("--source", default="auto", choices=["ar", "en", "auto"], help="source language")
    parser.add_argument("--target", choices=["ar", "en"], help="target language (default: the other one)")
    parser.add_argument("--model", help="model id, alias or local directory for this pair")
    parser.add_argument("--beam-size", type=int, help="beam size (1 = greedy)")
    parser.add_argument("--json", action="store_true", help="print segments with their quality flags as JSON")
    parser.add_argument(
        "--glossary", metavar="FILE", help="glossary to enforce (.csv/.tsv source,target or .json)"
    )
    add_engine_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from models.engine import Engine, route
    from models.translate import TranslationOptions

    text = read_input(args.file)
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
