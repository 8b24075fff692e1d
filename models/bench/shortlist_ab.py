"""The engine with and without a vocabulary shortlist, interleaved A/B/B/A in one process.

`python -m models.bench.shortlist_ab MODEL_DIR VMAP [--docs N] [--cache DIR] [--rounds R]`
tokenises the NTREX Arabic sentences with the model's tokeniser, cuts them into tarjama's
token-budget batches, and times CTranslate2 alone (beam 4, outputs pinned to 32 tokens, tarjama's
replica layout, every batch queued at once) on the plain conversion (A) and on the copy holding the
shortlist (B), in the order A B B A per round, printing the load average with every pass. On a
shared machine drifting load fakes ratios between runs made one after the other; interleaving
within one run and comparing the means keeps the drift out of the ratio as far as it can.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from models.bench.corpus import DEFAULT_CORPUS, load_articles, naive_sentences


def _passes(translator: Any, batches: list[list[list[str]]], use_vmap: bool, new_tokens: int) -> float:
    """Tokens per second of one pass over every batch."""
    start = time.perf_counter()
    pending = [
        translator.translate_batch(
            batch,
            beam_size=4,
            min_decoding_length=new_tokens,
            max_decoding_length=new_tokens,
            max_input_length=0,
            use_vmap=use_vmap,
            asynchronous=True,
        )
        for batch in batches
    ]
    tokens = sum(len(result.result().hypotheses[0]) for results in pending for result in results)
    return tokens / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.bench.shortlist_ab", description=__doc__)
    parser.add_argument("model_dir", type=Path, help="a transformers model directory (a bench fixture)")
    parser.add_argument("vmap", type=Path, help="a vocabulary map from `tarjama models shortlist`")
    parser.add_argument("--docs", type=int, default=20, help="first N NTREX articles (20)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "tarjama", help="cache_dir")
    parser.add_argument("--rounds", type=int, default=1, help="A B B A rounds (1)")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--new-tokens", type=int, default=32)
    args = parser.parse_args(argv)

    import ctranslate2

    from models.backends.convert import converted_dir
    from models.backends.ct2 import cpu_thread_layout
    from models.batching import plan_batches
    from models.settings import Settings
    from models.shortlist import load_pair_tokenizer

    settings = Settings()
    name = str(args.model_dir.resolve())
    plain = converted_dir(args.model_dir.resolve(), name, "int8", args.cache)
    mapped = converted_dir(args.model_dir.resolve(), name, "int8", args.cache, args.vmap)
    tokens = load_pair_tokenizer(args.model_dir, "ar", "en")
    rows = tokens.source(naive_sentences(load_articles(args.corpus, "ar", args.docs)))
    plan = plan_batches([len(row) for row in rows], settings.batch_tokens, settings.max_batch_size)
    batches = [[rows[i] for i in indices] for indices in plan]
    inter, intra = cpu_thread_layout(args.threads)
    translators = {
        "A": ctranslate2.Translator(
            str(plain), device="cpu", compute_type="int8", inter_threads=inter, intra_threads=intra
        ),
        "B": ctranslate2.Translator(
            str(mapped), device="cpu", compute_type="int8", inter_threads=inter, intra_threads=intra
        ),
    }
    for key, translator in translators.items():  # warm both
        translator.translate_batch([rows[0]], beam_size=1, max_decoding_length=2, use_vmap=key == "B")
    print(
        f"{len(rows)} sentences in {len(batches)} batches, beam 4, {args.new_tokens} tokens each; "
        f"{inter} x {intra} threads; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    measured: dict[str, list[float]] = {"A": [], "B": []}
    for _ in range(args.rounds):
        for key in "ABBA":
            rate = _passes(translators[key], batches, key == "B", args.new_tokens)
            measured[key].append(rate)
            label = "shortlist" if key == "B" else "plain    "
            print(f"{key} {label} {rate:7.0f} tokens/s   load average {os.getloadavg()[0]:.2f}", flush=True)
    plain_rate = sum(measured["A"]) / len(measured["A"])
    mapped_rate = sum(measured["B"]) / len(measured["B"])
    print(
        f"mean: plain {plain_rate:.0f}, shortlist {mapped_rate:.0f} tokens/s "
        f"= {mapped_rate / plain_rate:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
