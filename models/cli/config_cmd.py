"""`tarjama config`: the effective settings, where each came from, secrets masked.

Also the check, run before every command, that warns about `TARJAMA_*` names no settings class
reads (a misspelt variable would otherwise be ignored without a word).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

# Adapters add their settings classes through this entry-point group, so the core never names them.
SETTINGS_ENTRY_POINTS = "tarjama.settings"


def settings_classes() -> list[tuple[str, Any]]:
    """The settings classes present in this installation, with their group names (core first)."""
    from importlib.metadata import entry_points

    from models.settings import Settings

    found: list[tuple[str, Any]] = [("core", Settings)]
    for point in sorted(entry_points(group=SETTINGS_ENTRY_POINTS), key=lambda p: p.name):
        try:
            found.append((point.name, point.load()))
        except ModuleNotFoundError:  # an adapter whose extra is not installed
            continue
    return found


def warn_unknown_settings() -> None:
    """One stderr line per `TARJAMA_*` name (environment or `.env`) that no setting reads."""
    from models.settings import unknown_setting_names

    for name, where, close in unknown_setting_names(cls for _, cls in settings_classes()):
        hint = f"; did you mean {close}?" if close else "; see `tarjama config` for the known names"
        print(f"tarjama: warning: {name} (in the {where}) is not a tarjama setting{hint}", file=sys.stderr)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "config", help="print the effective settings and where each came from (secrets masked)"
    )
    parser.add_argument("--json", action="store_true", help="print them as JSON")
    parser.set_defaults(handler=run)


def effective_settings() -> list[dict[str, str]]:
    """One row per setting: group, variable name, value as text (secrets masked), source."""
    from models.settings import ENV_PREFIX, build_settings, mask_value, setting_sources

    rows = []
    for group, cls in settings_classes():
        settings = build_settings(cls, {})
        sources = setting_sources(cls)
        for field in cls.model_fields:
            value = getattr(settings, field)
            text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            rows.append(
                {
                    "group": group,
                    "name": ENV_PREFIX + field.upper(),
                    "value": mask_value(field, text),
                    "source": sources[field],
                }
            )
    return rows


def run(args: argparse.Namespace) -> int:
    rows = effective_settings()
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max(len(row["name"]) for row in rows)
    for row in rows:
        print(f"{row['name']:<{width}}  {row['value'] or '-'}  ({row['source']})")
    return 0
