"""`tarjama memory import|export|list|delete`: the editor-approved translation memory.

Import and export use TMX 1.4, so the memory moves to and from CAT tools. An import stores every
unit of the file or, when the file is not usable, none.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from models.errors import InvalidInputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "memory",
        help="the editor-approved translation memory (TMX import and export)",
        description="Approved translations are returned as they are by every later translation of "
        "the same sentence (PUT /v1/memory adds them through the API).",
    )
    commands = parser.add_subparsers(dest="memory_command", metavar="ACTION", required=True)

    imp = commands.add_parser("import", help="store the units of a TMX file as approved translations")
    imp.add_argument("file", type=Path, help="a TMX file")
    imp.add_argument("--pair", choices=["ar-en", "en-ar"], default="ar-en", help="which direction to read")
    imp.add_argument("--who", default="tmx-import", help="recorded as who approved (default: tmx-import)")
    imp.set_defaults(handler=run_import)

    export = commands.add_parser("export", help="write the approved memory as TMX 1.4")
    export.add_argument("file", help="output .tmx file, or - for stdout")
    export.add_argument("--pair", choices=["ar-en", "en-ar"], help="only this pair (default: both)")
    export.set_defaults(handler=run_export)

    listing = commands.add_parser("list", help="search approved translations")
    listing.add_argument("query", nargs="?", default="", help="text in the source or target")
    listing.add_argument("--pair", choices=["ar-en", "en-ar"], help="only this pair")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)

    delete = commands.add_parser("delete", help="remove the approved translation of a sentence")
    delete.add_argument("source", help="the sentence")
    delete.add_argument("--pair", choices=["ar-en", "en-ar"], required=True)
    delete.set_defaults(handler=run_delete)


def _store() -> Any:
    from models.cli.glossary_cmd import open_store

    return open_store()


def run_import(args: argparse.Namespace) -> int:
    from models.terminology.tmx import read_tmx

    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"{args.file} does not exist") from None
    units = read_tmx(data, args.pair)
    store = _store()
    try:
        stored = store.approve_many(args.pair, [(u.source, u.target) for u in units], args.who)
    finally:
        store.close()
    print(f"imported {len(stored)} approved translations ({args.pair}) from {args.file}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from models.terminology.tmx import write_tmx

    store = _store()
    try:
        entries = store.entries(args.pair)
    finally:
        store.close()
    data = write_tmx(entries, args.pair.split("-")[0] if args.pair else "*all*")
    if args.file == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.file).write_bytes(data)
        print(f"exported {len(entries)} approved translations to {args.file}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = _store()
    try:
        entries = store.search(args.pair, args.query, 1000)
    finally:
        store.close()
    if args.json:
        rows = [{"pair": e.pair, "source": e.source, "target": e.target, "who": e.who} for e in entries]
        print(json.dumps({"entries": rows}, ensure_ascii=False, indent=2))
    else:
        for e in entries:
            print(f"{e.pair}\t{e.source}\t{e.target}\t{e.who}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    store = _store()
    try:
        deleted = store.forget(args.pair, args.source)
    finally:
        store.close()
    if not deleted:
        raise InvalidInputError("no approved translation of this sentence in this pair")
    print("deleted")
    return 0
