"""Entry point of the `tarjama` command.

Subcommand modules are imported only when present and each registers its own parsers, so a
command that needs no model (`tarjama segment`) never imports torch or FastAPI.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from models.errors import TarjamaError

# Modules that expose `register(subparsers)`. Adapters live in their own packages.
COMMAND_MODULES = (
    "models.cli.text_cmds",
    "models.cli.translate_cmd",
    "models.cli.models_cmd",
    "models.cli.summary_cmds",
    "models.cli.clean_cmd",
    "models.cli.brief_cmd",
    "models.cli.glossary_cmd",
    "models.cli.memory_cmd",
    "service.cli",
    "batch.cli",
    "models.bench.cli",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tarjama",
        description="Arabic-English translation, summaries and bilingual briefings for newsrooms.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A module of ours that is not written yet, or an optional extra not installed.
            if exc.name and (exc.name == name or name.startswith(exc.name + ".")):
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args) or EXIT_OK)
    except TarjamaError as exc:
        print(f"tarjama: error: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
