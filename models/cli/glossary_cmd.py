"""`tarjama glossary add|list|show|delete|import|export`: glossaries in the terminology database.

Glossaries made here are shared: with API keys on, every key sees them (a key's own glossaries,
made through `POST /v1/glossaries`, are seen by that key only). The database is
`Settings.terminology_path()` (TARJAMA_TERMINOLOGY_DB, default terminology.sqlite in the cache dir).
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
        "glossary",
        help="manage glossaries (names and terms always translated one way)",
        description="Glossaries: per language pair, enforced on /v1/translate (glossary_id), "
        "/v1/briefing and tarjama batch --glossary FILE.",
    )
    commands = parser.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="make a glossary from TERM=TARGET arguments")
    add.add_argument("name", help="the glossary's name")
    add.add_argument("entries", nargs="+", metavar="TERM=TARGET", help="entries, e.g. ويتكوف=Witkoff")
    add.add_argument("--pair", required=True, choices=["ar-en", "en-ar"], help="language pair")
    add.set_defaults(handler=run_add)

    imp = commands.add_parser("import", help="make a glossary from a CSV, TSV or JSON file")
    imp.add_argument("file", type=Path, help="two columns source,target (CSV/TSV) or a JSON object")
    imp.add_argument(
        "--pair", choices=["ar-en", "en-ar"], help="language pair (default: from the terms' script)"
    )
    imp.add_argument("--name", help="the glossary's name (default: the file name)")
    imp.set_defaults(handler=run_import)

    listing = commands.add_parser("list", help="list glossaries")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help="print a glossary's entries (TSV)")
    show.add_argument("id", help="glossary id")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=run_show)

    delete = commands.add_parser("delete", help="delete a glossary")
    delete.add_argument("id", help="glossary id")
    delete.set_defaults(handler=run_delete)

    export = commands.add_parser("export", help="write a glossary to a file (.csv, .tsv or .json)")
    export.add_argument("id", help="glossary id")
    export.add_argument("file", nargs="?", default="-", help="output file (default: CSV on stdout)")
    export.set_defaults(handler=run_export)


def open_store() -> Any:
    from models.settings import load_settings
    from models.terminology.store import TerminologyStore

    return TerminologyStore(load_settings().terminology_path())


def _stored(glossary: Any) -> int:
    store = open_store()
    try:
        stored = store.add_glossary(glossary)
    finally:
        store.close()
    print(f"{stored.id}\t{stored.pair}\t{len(stored.entries)} entries\t{stored.name}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from models.terminology.glossary import build_glossary

    items = []
    for number, item in enumerate(args.entries, start=1):
        source, sep, target = item.partition("=")
        if not sep:
            raise InvalidInputError(f"entry {number} ({item!r}) is not TERM=TARGET")
        items.append((source, target))
    return _stored(build_glossary(args.pair, items, name=args.name))


def run_import(args: argparse.Namespace) -> int:
    from models.terminology.store import load_glossary_file

    return _stored(load_glossary_file(args.file, args.pair, args.name or ""))


def _get(glossary_id: str) -> Any:
    store = open_store()
    try:
        glossary = store.glossary(glossary_id)
    finally:
        store.close()
    if glossary is None:
        raise InvalidInputError(f"no glossary with id {glossary_id!r} (see tarjama glossary list)")
    return glossary


def run_list(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        infos = store.glossaries()
    finally:
        store.close()
    if args.json:
        rows = [
            {"id": i.id, "name": i.name, "pair": i.pair, "size": i.size, "shared": i.owner is None}
            for i in infos
        ]
        print(json.dumps({"glossaries": rows}, ensure_ascii=False, indent=2))
        return 0
    for info in infos:
        owner = "shared" if info.owner is None else f"key {info.owner}"
        print(f"{info.id}\t{info.pair}\t{info.size} entries\t{owner}\t{info.name}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from models.terminology.glossary import entries_to_table

    glossary = _get(args.id)
    if args.json:
        entries = [{"source": e.source, "target": e.target} for e in glossary.entries]
        body = {"id": glossary.id, "name": glossary.name, "pair": glossary.pair, "entries": entries}
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(entries_to_table(glossary, "\t"))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        deleted = store.delete_glossary(args.id)
    finally:
        store.close()
    if not deleted:
        raise InvalidInputError(f"no glossary with id {args.id!r} (see tarjama glossary list)")
    print(f"deleted {args.id}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from models.terminology.glossary import entries_to_table

    glossary = _get(args.id)
    suffix = Path(args.file).suffix.lower() if args.file != "-" else ".csv"
    if suffix == ".json":
        text = json.dumps(
            {"name": glossary.name, "pair": glossary.pair, "entries": glossary.as_dict()},
            ensure_ascii=False,
            indent=2,
        )
        text += "\n"
    else:
        text = entries_to_table(glossary, "\t" if suffix == ".tsv" else ",")
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
    return 0
