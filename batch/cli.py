"""`tarjama batch IN_DIR OUT_DIR`: a folder of articles to bilingual briefings, a digest and a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from batch.options import (
    DEFAULT_MAX_BYTES,
    BatchOptions,
    JsonFieldNames,
    UsageError,
    parse_formats,
    parse_keys,
    parse_size,
)

EXIT_USAGE = 2

EPILOG = """\
Outputs in OUT_DIR mirror IN_DIR: a/story.txt -> a/story.txt.json, .md, .html; record r1 of
feed.jsonl -> feed.jsonl/r1.json, ... Also digest.md, digest.html, report.json and
manifest.sqlite. Run the same command again to resume: articles done with the same content and
settings are skipped. Exit status: 0 all articles done, 1 some failed (see report.json), 2 bad usage.
"""


def register(subparsers: Any) -> None:
    from models.cli.translate_cmd import add_engine_options

    parser = subparsers.add_parser(
        "batch",
        help="turn a folder of articles into bilingual briefings, a digest and a report (resumable)",
        description="Walk IN_DIR (.txt .md .html .htm .json .jsonl); write briefings to OUT_DIR.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("in_dir", metavar="IN_DIR", type=Path, help="folder of articles (read recursively)")
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="folder for briefings, digest, report")
    parser.add_argument("--formats", default="json,md,html", help="briefing formats, any of json,md,html")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="reader/cleaner threads (local engine) or model actors (ray); default 2",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or progress lines")
    parser.add_argument("--engine", choices=["local", "ray"], default="local", help="where inference runs")
    parser.add_argument("--ray-address", help="address of a running Ray cluster (default: start a local one)")
    parser.add_argument("--ray-gpus", type=float, help="GPUs per actor (default: 1 if the cluster has GPUs)")
    parser.add_argument(
        "--max-bytes",
        default=str(DEFAULT_MAX_BYTES),
        help="larger files (or .jsonl lines) are recorded as failed; e.g. 5MB, 500k (default 5MB)",
    )
    parser.add_argument("--batch-tokens", type=int, help="source-token budget of one model call")
    parser.add_argument(
        "--group-articles",
        type=int,
        default=16,
        help="articles composed together so their segments share model batches (default 16)",
    )
    parser.add_argument("--beam-size", type=int, help="beam size (1 = greedy)")
    parser.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="glossary (.csv/.tsv source,target or .json) enforced on its pair; part of the fingerprint",
    )
    parser.add_argument("--summary-sentences", type=int, help="sentences per summary")
    parser.add_argument(
        "--summary-method", choices=["extractive", "abstractive"], help="how summaries are made"
    )
    for name, what in (
        ("id", "record id (output name)"),
        ("title", "headline"),
        ("body", "article text"),
        ("url", "article address"),
    ):
        parser.add_argument(
            f"--jsonl-{name}-field",
            metavar="KEYS",
            help=f".json/.jsonl field(s) holding the {what}; comma-separated, dotted paths allowed",
        )
    parser.add_argument("--progress-every", type=float, default=10.0, help=argparse.SUPPRESS)
    add_engine_options(parser)
    parser.set_defaults(handler=run)


def options_from_args(args: argparse.Namespace) -> BatchOptions:
    """BatchOptions from parsed flags; UsageError for bad values."""
    fields = JsonFieldNames(
        id=parse_keys(args.jsonl_id_field),
        title=parse_keys(args.jsonl_title_field),
        body=parse_keys(args.jsonl_body_field),
        url=parse_keys(args.jsonl_url_field),
    )
    return BatchOptions(
        in_dir=args.in_dir,
        out_dir=args.out_dir,
        formats=parse_formats(args.formats),
        workers=args.workers,
        group_articles=args.group_articles,
        queue_articles=max(64, 4 * args.group_articles),
        max_bytes=parse_size(args.max_bytes),
        json_fields=fields,
        engine=args.engine,
        ray_address=args.ray_address,
        ray_gpus=args.ray_gpus,
        quiet=args.quiet,
        progress_every=args.progress_every,
    )


def settings_from_args(args: argparse.Namespace) -> Any:
    from pydantic import ValidationError

    from models.settings import load_settings

    try:
        return load_settings(
            device=args.device,
            compute_type=args.compute_type,
            threads=args.threads,
            backend=args.backend,
            batch_tokens=args.batch_tokens,
            beam_size=args.beam_size,
            summary_sentences=args.summary_sentences,
            summary_method=args.summary_method,
            glossary_file=args.glossary,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise UsageError(f"bad settings: {problems}") from None


def check_glossary(settings: Any) -> None:
    """A --glossary file that cannot be used stops the run before it starts (exit status 2)."""
    from models.errors import InvalidInputError

    if settings.glossary_file is None:
        return
    try:
        settings.file_terminology()
    except InvalidInputError as exc:
        raise UsageError(f"--glossary: {exc.message}") from None


def run(args: argparse.Namespace) -> int:
    from batch.runner import run_batch

    try:
        options = options_from_args(args)
        settings = settings_from_args(args)
        check_glossary(settings)
        result = run_batch(options, settings, backend=args.backend)
    except UsageError as exc:
        print(f"tarjama batch: error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    report = result.report
    if not args.quiet:
        counts = report["counts"]
        print(
            f"tarjama batch: {counts['articles']} articles: {counts['done']} done "
            f"({counts['processed']} new, {counts['unchanged']} unchanged, "
            f"{counts['duplicates']} duplicates), "
            f"{counts['failed']} failed; {report['throughput']['articles_per_s']} articles/s. "
            f"Digest: {args.out_dir / 'digest.md'}; report: {args.out_dir / 'report.json'}",
            file=sys.stderr,
        )
        for failure in report["failures"][:20]:
            print(f"  failed: {failure['reason']}", file=sys.stderr)
        if len(report["failures"]) > 20:
            print(f"  ... and {len(report['failures']) - 20} more (report.json)", file=sys.stderr)
    return result.exit_code
