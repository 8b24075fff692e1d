"""CLI flags shared by every command that runs a model, in the core and in the adapters.

Choices come from the values the settings declare (their `Literal` types), so the CLI never
restates them.
"""

from __future__ import annotations

import argparse
from typing import Any, get_args

from pydantic_settings import BaseSettings


def choices_of(settings_class: type[BaseSettings], field: str) -> tuple[str, ...]:
    """The values a `Literal`-typed settings field declares (e.g. `choices_of(Settings, "device")`).

    Raises:
        KeyError: no such field. ValueError: the field is not a `Literal` of strings.
    """
    annotation = settings_class.model_fields[field].annotation
    values = get_args(annotation)
    if not values or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{settings_class.__name__}.{field} declares no fixed values")
    return tuple(values)


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add --backend, --device, --compute-type and --threads (each overrides its setting)."""
    from models.settings import Settings

    parser.add_argument("--backend", choices=choices_of(Settings, "backend"), help="inference engine")
    parser.add_argument("--device", choices=choices_of(Settings, "device"), help="where models run")
    parser.add_argument("--compute-type", help="int8, float16, bfloat16, float32 (default: auto)")
    parser.add_argument("--threads", type=int, help="CPU threads (0 = all cores)")


def engine_settings(args: argparse.Namespace) -> Any:
    """Core settings from the environment with the engine flags of `args` applied.

    Raises:
        ConfigurationError / pydantic.ValidationError: settings that cannot work.
    """
    from models.settings import load_settings

    return load_settings(
        device=getattr(args, "device", None),
        compute_type=getattr(args, "compute_type", None),
        threads=getattr(args, "threads", None),
        backend=getattr(args, "backend", None),
    )


def add_summary_method_option(parser: argparse.ArgumentParser, flag: str = "--method", **kwargs: Any) -> None:
    """Add the summary-method flag with the choices `Settings.summary_method` declares."""
    from models.settings import Settings

    parser.add_argument(flag, choices=choices_of(Settings, "summary_method"), **kwargs)
