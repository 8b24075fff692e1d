"""`tarjama models list|pull|demo|shortlist`: the configured models, fetching them for offline use,
tiny demo models, and vocabulary shortlists for the CTranslate2 engine."""

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
    shortlist = commands.add_parser(
        "shortlist",
        help="build a vocabulary shortlist (CTranslate2 vmap) from a parallel corpus",
        description=(
            "Learns which target tokens each source token may produce (co-occurrence in aligned "
            "sentences, with the model's own tokenisers), plus the most frequent target tokens and the "
            "target tokeniser's pieces for every sentence, and measures the share of reference tokens "
            "it admits on documents held back from building it. Turn it on with "
            "TARJAMA_SHORTLIST_AR_EN=VMAP (or TARJAMA_SHORTLIST_EN_AR)."
        ),
    )
    shortlist.add_argument("--source", required=True, help="source-language folder of *.txt, or a line file")
    shortlist.add_argument(
        "--target", required=True, help="target-language folder with the same file names, or a line file"
    )
    shortlist.add_argument("--output", required=True, help="the vmap file to write")
    shortlist.add_argument(
        "--model", help="model whose tokenisers to use (default: the configured model of the direction)"
    )
    shortlist.add_argument("--top-k", type=int, default=20, help="candidates per source token (20)")
    shortlist.add_argument(
        "--always", type=int, default=1000, help="most frequent target tokens always allowed (1000)"
    )
    shortlist.add_argument(
        "--prior",
        default="all",
        help="most probable target-tokeniser pieces always allowed: a number, 'all' (default) or 0",
    )
    shortlist.add_argument(
        "--held-out",
        type=int,
        help="documents held back to measure coverage on (default: a fifth; 0 builds on all)",
    )
    shortlist.set_defaults(handler=run_shortlist)


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


def _prior(text: str) -> int | None:
    from models.errors import InvalidInputError

    if text.strip().lower() == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        raise InvalidInputError(f"--prior takes a number, 'all' or 0, got {text!r}") from None
    if value < 0:
        raise InvalidInputError(f"--prior must not be negative, got {value}")
    return value


def run_shortlist(args: argparse.Namespace) -> int:
    """Build the map, write it, and print what it holds and its coverage on held-back documents."""
    from pathlib import Path

    from models.errors import InvalidInputError
    from models.hub import parse_model_ref, resolve_model_dir
    from models.shortlist import ShortlistOptions, build_shortlist, load_pair_tokenizer, load_parallel
    from models.text.detect import detect_language

    options = ShortlistOptions(top_k=args.top_k, always=args.always, prior=_prior(args.prior))
    documents = load_parallel(Path(args.source), Path(args.target))
    sample = " ".join(pair[0] for doc in documents[:5] for pair in doc.pairs[:3])
    source = detect_language(sample).lang
    if source not in ("ar", "en"):
        raise InvalidInputError(f"cannot tell the language of {args.source}; it should be Arabic or English")
    target = "en" if source == "ar" else "ar"
    settings, specs = _specs()
    ref = parse_model_ref(args.model or specs[f"{source}-{target}"], settings.revision)
    model_dir = resolve_model_dir(ref, settings.cache_dir, settings.offline)
    held_out = (
        args.held_out if args.held_out is not None else (len(documents) // 5 if len(documents) >= 5 else 0)
    )
    tokens = load_pair_tokenizer(model_dir, source, target)
    built = build_shortlist(documents, tokens, options, held_out)
    output = Path(args.output)
    built.vmap.write(output)
    vocabulary = len(tokens.tokenizer)
    print(
        f"{source}->{target} shortlist for {ref.name}: built on {built.build_documents} documents "
        f"({built.build_sentences:,} aligned sentences)"
    )
    print(
        f"{len(built.vmap.entries):,} source tokens with up to {options.top_k} candidates each; "
        f"{len(built.vmap.always):,} target tokens always allowed "
        f"(the {options.always:,} most frequent and {built.prior:,} target-tokeniser pieces) -> {output}"
    )
    report = built.report
    if report is None:
        print("coverage not measured: no documents held back (--held-out N)")
        return 0
    print(
        f"coverage on {built.held_documents} held-back documents ({report.sentences:,} sentences): "
        f"mean {report.mean:.2%}, min {report.minimum:.2%}, all tokens {report.tokens:.2%}, "
        f"{report.full:.0%} of sentences fully covered"
    )
    print(
        f"shortlist per sentence: mean {report.mean_size:,.0f}, max {report.max_size:,} "
        f"of {vocabulary:,} vocabulary tokens"
    )
    return 0
