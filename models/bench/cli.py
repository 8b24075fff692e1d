"""`tarjama bench [translation] [summaries] [service] | all`: build the models once, run, print the tables."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from models.errors import ConfigurationError

CHOICES = ("translation", "summaries", "service", "all")


def _clients(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--clients takes numbers separated by commas, got {text!r}"
        ) from None
    if not values or any(value < 1 for value in values):
        raise argparse.ArgumentTypeError("--clients takes positive numbers, e.g. 1,8,32,64")
    return values


def register(subparsers: Any) -> None:
    from models.bench.corpus import DEFAULT_CORPUS
    from models.bench.runner import DEFAULT_WORK_DIR

    parser = subparsers.add_parser(
        "bench",
        help="benchmark translation, summaries and the service against naive transformers",
        description=(
            "Builds random-weight models with the real architectures (opus-mt-ar-en, distilbart-cnn-12-6) "
            "once into the work directory, then times, side by side and with every output pinned to the "
            "same length: (a) naive transformers generate, (b) tarjama end to end, (c) the engine alone; "
            "and `tarjama serve` under concurrent clients against a one-at-a-time server."
        ),
    )
    parser.add_argument(
        "what", nargs="*", default=["all"], choices=CHOICES, help="which benchmarks (default: all)"
    )
    parser.add_argument("--docs", type=int, help="first N articles only (default: all 123)")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with ar/*.txt and en/*.txt"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=DEFAULT_WORK_DIR, help="models, conversions and run logs"
    )
    parser.add_argument(
        "--device", choices=["cpu", "cuda"], default="cpu", help="where rows run (default cpu)"
    )
    parser.add_argument(
        "--compute-type", default="auto", help="tarjama's and the ceiling's precision (default auto)"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="CPU threads for tarjama and the ceiling (0 = all)"
    )
    parser.add_argument("--beam-size", type=int, default=4, help="beam size of every row (default 4)")
    parser.add_argument(
        "--new-tokens", type=int, help="pinned output length of every row (default 32; summaries 64)"
    )
    parser.add_argument(
        "--clients", type=_clients, default=(1, 8, 32, 64), help="concurrency levels (1,8,32,64)"
    )
    parser.add_argument("--requests", type=int, help="requests per level (default 4 x clients, at least 32)")
    parser.add_argument(
        "--level-seconds", type=float, default=60.0, help="time limit of one level (default 60)"
    )
    parser.add_argument(
        "--shapes", choices=["real", "tiny"], default="real", help="model shapes (tiny: smoke run)"
    )
    parser.add_argument("--in-process", action="store_true", help="run rows in this process (debugging)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="environment variable for every row and server, e.g. TARJAMA_BATCH_TOKENS=2048 (repeatable)",
    )
    parser.add_argument(
        "--against",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="service: a second tarjama serve with this variable on top of --env replaces the "
        "one-at-a-time server (an A/B of settings in one run; repeatable)",
    )
    parser.add_argument("--output", type=Path, help="write every result as JSON to this file")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.set_defaults(handler=run)


BENCH_MODULES = ("psutil", "httpx")
"""What `tarjama bench` needs beyond the core: the `bench` extra (also in `all` and `dev`)."""


def check_bench_extra() -> None:
    """Raises:
    ConfigurationError: a module of the `bench` extra is missing (the message says what to install)."""
    import importlib.util

    missing = [name for name in BENCH_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigurationError(
            f"tarjama bench needs {' and '.join(missing)}: install the bench extra, "
            "pip install 'tarjama[bench]'"
        )


def run(args: argparse.Namespace) -> int:
    check_bench_extra()
    from models.bench.report import render
    from models.bench.runner import BenchConfig
    from models.bench.runner import run as run_bench

    for name in ("docs", "new_tokens", "beam_size", "requests"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise ConfigurationError(f"--{name.replace('_', '-')} must be at least 1, got {value}")
    every = ("translation", "summaries", "service")
    asked = set(every) if "all" in args.what else set(args.what)
    tasks = tuple(task for task in every if task in asked)
    for flag, items in (("--env", args.env), ("--against", args.against)):
        for item in items:
            name, sep, _ = item.partition("=")
            if not sep or not name.strip():
                raise ConfigurationError(f"{flag} takes NAME=VALUE, got {item!r}")
    for item in args.env:
        name, _, value = item.partition("=")
        os.environ[name.strip()] = value  # rows and servers are started with this environment

    def progress(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    config = BenchConfig(
        tasks=tasks,
        work_dir=args.work_dir.expanduser(),
        corpus=args.corpus.expanduser(),
        docs=args.docs,
        device=args.device,
        compute_type=args.compute_type,
        threads=args.threads,
        beam_size=args.beam_size,
        new_tokens=args.new_tokens,
        clients=args.clients,
        requests=args.requests,
        level_seconds=args.level_seconds,
        shapes=args.shapes,
        in_process=args.in_process,
        env=tuple(args.env),
        against=tuple(args.against),
        progress=progress,
    )
    result = run_bench(config)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    sys.stdout.write(render(result, markdown=args.markdown))
    return 0
