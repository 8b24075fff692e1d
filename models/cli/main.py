"""Entry point of the `tarjama` command.

The core's subcommand modules are listed here; the adapters (`service`, `batch`, and any package
installed later) register theirs through the `tarjama.commands` entry-point group, so the core
never names them. Each module registers its own parsers and imports heavy libraries only when
its command runs, so a command that needs no model (`tarjama segment`) never imports torch or FastAPI.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from models.errors import ConfigurationError, TarjamaError

# Core modules that expose `register(subparsers)`. Adapters come in through ENTRY_POINT_GROUP.
COMMAND_MODULES = (
    "models.cli.text_cmds",
    "models.cli.translate_cmd",
    "models.cli.models_cmd",
    "models.cli.summary_cmds",
    "models.cli.clean_cmd",
    "models.cli.brief_cmd",
    "models.cli.eval_cmd",
    "models.cli.config_cmd",
    "models.cli.glossary_cmd",
    "models.cli.memory_cmd",
    "models.bench.cli",
)

ENTRY_POINT_GROUP = "tarjama.commands"
"""Entry points of installed packages: each names a `register(subparsers)` function."""

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tarjama",
        description="Arabic-English translation, summaries and bilingual briefings for newsrooms.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--version", action="version", version=f"tarjama {version()}")
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
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            register = entry.load()
        except ModuleNotFoundError as exc:
            # The package is installed but an optional extra it needs is not (e.g. fastapi).
            logging.getLogger(__name__).debug("command %s unavailable: %s", entry.name, exc)
            continue
        register(subparsers)
    return parser


def version() -> str:
    """The installed package's version (the source tree's when it is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("tarjama")
    except PackageNotFoundError:
        return "0+unknown"


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
        from models.cli.config_cmd import warn_unknown_settings

        warn_unknown_settings()
        return int(args.handler(args) or EXIT_OK)
    except ConfigurationError as exc:  # bad settings or flags: the same one line for every command
        print(f"tarjama: error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except TarjamaError as exc:
        print(f"tarjama: error: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("tarjama: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
