"""`tarjama translate`: a file or standard input, translated paragraph for paragraph."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from models.cli.io import read_bytes, read_input
from models.cli.options import add_engine_options, engine_settings
from models.languages import CODES, SOURCE_CHOICES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate a text file or a document (Arabic <-> English)",
        description=(
            "Translate text, or a document into the same format: .docx .pptx .odt .odp .epub .srt .vtt "
            ".html .md .txt (a .pdf comes out as .docx). The format comes from FILE's extension."
        ),
    )
    parser.add_argument("file", nargs="?", default="-", help="input file, or - for standard input")
    parser.add_argument(
        "--output", "-o", metavar="OUT", help="write the translated document here (its extension must match)"
    )
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
    from models.documents import FORMATS
    from models.engine import Engine
    from models.routing import route
    from models.translate import TranslationOptions

    if args.output or (
        Path(args.file).suffix.lower() in FORMATS and Path(args.file).suffix.lower() != ".txt"
    ):
        return run_document(args)
    text = read_input(args.file, needs_text="translate")
    settings = engine_settings(args)
    pair = route(text, args.source, args.target)
    overrides = {f"{pair.source}-{pair.target}": args.model} if args.model else None
    terms, memory = _terminology(args, settings, strict=True)
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


def _terminology(args: argparse.Namespace, settings: Any, *, strict: bool) -> tuple[Any, Any]:
    """The run's terminology (--glossary or the settings' file, protected spans, approved memory)
    and the store to close afterwards. strict: a glossary of the other pair is an error."""
    import dataclasses

    from models.terminology.store import TerminologyStore

    if args.glossary:
        settings = settings.model_copy(update={"glossary_file": Path(args.glossary)})
    memory = TerminologyStore(settings.terminology_path())
    terms = dataclasses.replace(settings.file_terminology(), strict_pair=strict, memory=memory)
    return terms, memory


def run_document(args: argparse.Namespace) -> int:
    """`tarjama translate FILE.docx --output OUT.docx`: the document translated into its own format."""
    from models.documents import DocumentOptions, format_for, translate_document
    from models.engine import Engine
    from models.errors import InvalidInputError
    from models.translate import TranslationOptions

    if args.file == "-":
        raise InvalidInputError("a document needs a file name (its extension gives the format), not -")
    fmt = format_for(args.file)  # unsupported extensions fail before any model loads
    if args.output is None and fmt.output not in ("html", "md", "srt", "vtt", "txt"):
        raise InvalidInputError(f"{args.file}: give --output OUT.{fmt.output} for the translated document")
    suffixes = {"html": ("html", "htm"), "md": ("md", "markdown")}.get(fmt.output, (fmt.output,))
    if args.output and Path(args.output).suffix.lower().lstrip(".") not in suffixes:
        raise InvalidInputError(
            f"--output must end in .{fmt.output} (a .{fmt.name} is written as .{fmt.output})"
        )
    data, name = read_bytes(args.file)
    settings = engine_settings(args)
    overrides = None
    if args.model:
        if args.source == "auto" or args.target is None:
            raise InvalidInputError("--model with a document needs --source and --target")
        overrides = {f"{args.source}-{args.target}": args.model}
    # A document's blocks may be in either language: a glossary applies to its own pair only.
    terms, memory = _terminology(args, settings, strict=False)
    engine = Engine(settings, backend=args.backend, model_overrides=overrides)
    options = DocumentOptions(
        source=args.source,
        target=args.target,
        translation=TranslationOptions(beam_size=args.beam_size, terminology=terms),
    )
    try:
        result = translate_document(engine, data, name, options)
    finally:
        engine.close()
        memory.close()
    for note in result.notes:
        print(f"tarjama: note: {note}", file=sys.stderr)
    if args.output is None:
        sys.stdout.buffer.write(result.data)
        return 0
    _write_atomically(Path(args.output), result.data)
    if args.json:
        summary = {
            "output": args.output,
            "format": result.format,
            "source": result.source_lang,
            "target": result.target_lang,
            "blocks": result.blocks,
            "translated": result.translated,
            "segments": result.segments,
            "flagged": result.flagged,
            "notes": result.notes,
        }
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target then rename, so a failure never leaves half a document."""
    from models.errors import InvalidInputError

    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".tarjama-", dir=directory)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot write ({exc.strerror})") from None
