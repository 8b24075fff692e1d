"""`tarjama eval translation|summary`: scores on the user's own reference set (see `models.eval`).

Bad input (a missing folder, files that do not pair up, empty references, non-UTF-8, bad settings)
is one line on stderr and exit status 2; model failures keep the usual exit status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from models.errors import ConfigurationError, InputDecodeError, InvalidInputError

EXIT_USAGE = 2


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, metavar="N", help="the first N documents only (a quick look)")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for every system, e.g. TARJAMA_BEAM_SIZE=1 or beam_size=1 (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument(
        "--html", type=Path, metavar="REPORT.html", help="also write a self-contained HTML report"
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure translation (BLEU, chrF++, TER) or summary (ROUGE) quality on your own references",
        description="Score tarjama, or any system's output, on a reference set of your own.",
    )
    tasks = parser.add_subparsers(dest="eval_task", metavar="TASK")
    tr = tasks.add_parser(
        "translation",
        help="BLEU, chrF++ and TER (sacrebleu) with quality-flag rates and speed",
        description=(
            "Inputs: two folders with the same file names (one "
            "article per file), a TSV (source<TAB>reference, "
            "or a header with id/source/reference[/hypothesis]), JSONL {id, source, reference}, or two "
            "line-aligned plain files. Without --hypothesis the sources are translated with the configured "
            "models (or the two --compare configurations) and timed."
        ),
    )
    tr.add_argument(
        "--source", type=Path, required=True, metavar="DIR_OR_FILE", help="sources (or TSV/JSONL)"
    )
    tr.add_argument("--reference", type=Path, metavar="DIR_OR_FILE", help="references (not with TSV/JSONL)")
    tr.add_argument(
        "--hypothesis", type=Path, metavar="DIR_OR_FILE", help="score this output instead of translating"
    )
    tr.add_argument(
        "--direction",
        choices=("auto", "ar-en", "en-ar"),
        default="auto",
        help="language pair (default: detected)",
    )
    tr.add_argument("--model", help="model (id, alias or directory) for the pair being scored")
    tr.add_argument(
        "--compare",
        nargs=2,
        metavar=("CONFIG_A", "CONFIG_B"),
        help=(
            "two systems: each a comma list of TARJAMA_*=VALUE settings or a model; with a significance test"
        ),
    )
    tr.add_argument(
        "--mismatched",
        choices=("skip", "join"),
        default="skip",
        help="documents whose paragraph counts differ: leave out (default) or score as one segment",
    )
    tr.add_argument(
        "--save",
        type=Path,
        metavar="DIR",
        help="write the scored segments (sacrebleu-ready) and each system's translations to DIR",
    )
    tr.add_argument("--tokenize", help="sacrebleu BLEU tokeniser (default 13a), e.g. intl, flores200")
    tr.add_argument(
        "--comet-model", metavar="CHECKPOINT", help="a local COMET checkpoint (needs unbabel-comet)"
    )
    _add_common(tr)
    tr.set_defaults(handler=run_translation)
    su = tasks.add_parser(
        "summary",
        help="ROUGE-1/2/L at a fixed word budget, with lead-k and first-N-words baselines",
        description=(
            "References: JSONL {id, reference} or "
            "{id, references: [...]}. Articles: a folder (file names are "
            "ids) or JSONL {id, text}. Without --summaries tarjama summarises the articles."
        ),
    )
    su.add_argument("--articles", type=Path, required=True, metavar="DIR_OR_JSONL")
    su.add_argument("--references", type=Path, required=True, metavar="JSONL")
    su.add_argument("--summaries", type=Path, metavar="DIR_OR_JSONL", help="score these summaries instead")
    su.add_argument("--words", type=int, metavar="N", help="word budget (default: the references' median)")
    su.add_argument(
        "--lead", type=int, default=3, metavar="K", help="sentences of the lead baseline (default 3)"
    )
    su.add_argument("--lang", choices=("ar", "en"), help="summary language (default: each article's)")
    su.add_argument("--method", choices=("extractive", "abstractive"), default="extractive")
    su.add_argument("--sentences", type=int, default=3, metavar="N", help="sentences of tarjama's summaries")
    _add_common(su)
    su.set_defaults(handler=run_summary)
    parser.set_defaults(handler=lambda _args: parser.print_help() or EXIT_USAGE)


def _fail(exc: InvalidInputError | InputDecodeError | ConfigurationError) -> int:
    from models.eval.report import shown

    print(f"tarjama eval: error: {shown(exc.message)}", file=sys.stderr)
    return EXIT_USAGE


def _require(module: str, package: str) -> None:
    """A clear message instead of an import traceback when the `eval` extra is not installed."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ConfigurationError(f"{package} is not installed: pip install 'tarjama[eval]'")


def _write_html(path: Path, page: str) -> None:
    """Write the page atomically (a half-written report never replaces a good one)."""
    path = path.expanduser()
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(page, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise InvalidInputError(f"{path}: cannot write the report ({exc.strerror})") from None


def run_translation(args: argparse.Namespace) -> int:
    from models.eval import TranslationEvalOptions, evaluate_translation, render_text, to_json
    from models.eval.html import render_translation_html
    from models.eval.systems import parse_assignments

    try:
        _require("sacrebleu", "sacrebleu")
        options = TranslationEvalOptions(
            source=args.source.expanduser(),
            reference=args.reference.expanduser() if args.reference else None,
            hypothesis=args.hypothesis.expanduser() if args.hypothesis else None,
            direction=args.direction,
            limit=args.limit,
            settings=parse_assignments(args.settings),
            model=args.model,
            compare=tuple(args.compare) if args.compare else None,
            mismatched=args.mismatched,
            tokenize=args.tokenize,
            comet_model=args.comet_model,
            progress=not args.json,
        )
        report = evaluate_translation(options)
    except (InvalidInputError, InputDecodeError, ConfigurationError) as exc:
        return _fail(exc)
    try:
        if args.html:
            _write_html(args.html, render_translation_html(report))
        if args.save:
            from models.eval.save import save_outputs

            save_outputs(report, args.save.expanduser())
    except InvalidInputError as exc:
        return _fail(exc)
    sys.stdout.write(to_json(report) if args.json else render_text(report))
    if args.html and not args.json:
        sys.stdout.write(f"report: {args.html}\n")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from models.eval import SummaryEvalOptions, evaluate_summaries, render_summary_text, to_json
    from models.eval.html import render_summary_html
    from models.eval.systems import parse_assignments

    try:
        _require("rouge_score", "rouge-score")
        options = SummaryEvalOptions(
            articles=args.articles.expanduser(),
            references=args.references.expanduser(),
            summaries=args.summaries.expanduser() if args.summaries else None,
            words=args.words,
            lead=args.lead,
            lang=args.lang,
            method=args.method,
            sentences=args.sentences,
            limit=args.limit,
            settings=parse_assignments(args.settings),
        )
        report = evaluate_summaries(options)
    except (InvalidInputError, InputDecodeError, ConfigurationError) as exc:
        return _fail(exc)
    try:
        if args.html:
            _write_html(args.html, render_summary_html(report))
    except InvalidInputError as exc:
        return _fail(exc)
    sys.stdout.write(to_json(report) if args.json else render_summary_text(report))
    if args.html and not args.json:
        sys.stdout.write(f"report: {args.html}\n")
    return 0
