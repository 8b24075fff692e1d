"""`tarjama models list|pull`: what the configured models are, and fetching them for offline use."""

from __future__ import annotations

import argparse
from typing import Any

from models.languages import MODEL_SLOTS as SLOTS
from models.languages import TRANSLATION_SLOTS, slot_specs


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("models", help="list or fetch the configured models")
    commands = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="each configured model and whether it is present locally")
    listing.set_defaults(handler=run_list)
    pull = commands.add_parser("pull", help="download the configured models into the cache")
    pull.add_argument(
        "--summary", action="store_true", help="also fetch the abstractive summary models (large)"
    )
    pull.set_defaults(handler=run_pull)
    demo = commands.add_parser(
        "demo",
        help="build tiny random-weight models for trying tarjama offline (they translate into gibberish)",
    )
    demo.add_argument("directory", help="where to build them")
    demo.set_defaults(handler=run_demo)


def _specs() -> tuple[Any, dict[str, str]]:
    from models.settings import load_settings

    settings = load_settings()
    return settings, slot_specs(settings)


def run_list(args: argparse.Namespace) -> int:
    from models.hub import is_present, parse_model_ref

    settings, specs = _specs()
    for slot in SLOTS:
        ref = parse_model_ref(specs[slot], settings.revision)
        path = is_present(ref, settings.cache_dir)
        state = f"present  {path}" if path else "missing  (tarjama models pull)"
        print(f"{slot:<11} {ref.name:<45} {state}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    from models.hub import parse_model_ref, pull_model

    settings, specs = _specs()
    for slot in SLOTS if args.summary else TRANSLATION_SLOTS:
        ref = parse_model_ref(specs[slot], settings.revision)
        print(f"{slot}: {ref.name} -> {pull_model(ref, settings.cache_dir)}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Build the tiny models and write `tarjama.env`, which points every model setting at them."""
    from pathlib import Path

    from models.synthetic import build_all_tiny

    root = Path(args.directory).resolve()
    built = build_all_tiny(root)
    _share_like_umask(root)
    lines = [
        f"TARJAMA_AR_EN_MODEL={built['marian-ar-en']}",
        f"TARJAMA_EN_AR_MODEL={built['marian-en-ar']}",
        f"TARJAMA_SUMMARY_MODEL_EN={built['bart']}",
        f"TARJAMA_SUMMARY_MODEL_AR={built['mt5']}",
    ]
    (root / "tarjama.env").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(f"export {line}" for line in lines))
    return 0


def _share_like_umask(root: Any) -> None:
    """Give what the builders wrote the modes the user's umask asks for.

    The builders save through private temporary folders (0700 folders, 0600 weights), so without
    this a service running as another user could not read the demo models.
    """
    import os

    mask = os.umask(0)
    os.umask(mask)
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)
