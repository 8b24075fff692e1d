"""Build every tiny synthetic model at once (test fixtures)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.synthetic.bart import build_bart
from models.synthetic.corpus import SAMPLE_ARABIC, SAMPLE_ENGLISH
from models.synthetic.marian import build_marian
from models.synthetic.multilingual import build_m2m100, build_nllb
from models.synthetic.shapes import TINY, ModelShape
from models.synthetic.t5 import build_t5

MARIAN_AR_EN = "marian-ar-en"
MARIAN_EN_AR = "marian-en-ar"
M2M100 = "m2m100"
NLLB = "nllb"
BART = "bart"
T5 = "mt5"

TINY_MODELS: tuple[str, ...] = (MARIAN_AR_EN, MARIAN_EN_AR, M2M100, NLLB, BART, T5)
"""Keys of `build_all_tiny`'s result, which are also the sub-directory names."""

EN_AR_LANGUAGE_TOKENS: tuple[str, ...] = (">>ara<<", ">>arz<<", ">>apc<<")
"""Target-language tokens of the tiny en->ar Marian model, as in opus-mt-en-ar (``>>ara<<`` first)."""


def _builders(shape: ModelShape) -> dict[str, Callable[[Path, int], Path]]:
    return {
        MARIAN_AR_EN: lambda d, seed: build_marian(d, shape, source_lang="ar", target_lang="en", seed=seed),
        MARIAN_EN_AR: lambda d, seed: build_marian(
            d,
            shape,
            source_lang="en",
            target_lang="ar",
            target_language_tokens=EN_AR_LANGUAGE_TOKENS,
            seed=seed,
        ),
        M2M100: lambda d, seed: build_m2m100(d, shape, seed=seed),
        NLLB: lambda d, seed: build_nllb(d, shape, seed=seed),
        BART: lambda d, seed: build_bart(d, shape, seed=seed),
        T5: lambda d, seed: build_t5(d, shape, variant="mt5", seed=seed),
    }


_PROBES: dict[str, list[tuple[str, str | None, str | None]]] = {
    # (text, source code, forced target code) per model
    MARIAN_AR_EN: [(SAMPLE_ARABIC, None, None)],
    MARIAN_EN_AR: [(f"{EN_AR_LANGUAGE_TOKENS[0]} {SAMPLE_ENGLISH}", None, None)],
    M2M100: [(SAMPLE_ARABIC, "ar", "__en__"), (SAMPLE_ENGLISH, "en", "__ar__")],
    NLLB: [(SAMPLE_ARABIC, "arb_Arab", "eng_Latn"), (SAMPLE_ENGLISH, "eng_Latn", "arb_Arab")],
    BART: [(SAMPLE_ENGLISH, None, None), (SAMPLE_ARABIC, None, None)],
    T5: [(SAMPLE_ARABIC, None, None), (SAMPLE_ENGLISH, None, None)],
}


@contextmanager
def single_thread() -> Iterator[None]:
    """Run torch on one thread inside the block, then restore the caller's setting.

    Tiny models gain nothing from more threads, and on a busy machine (parallel test workers,
    other jobs) OpenMP's synchronisation makes two threads many times slower than one.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def greedy_outputs(model_dir: Path, probes: list[tuple[str, str | None, str | None]]) -> list[str]:
    """Load ``model_dir`` as transformers would and decode 8 greedy tokens for each probe.

    Args:
        model_dir: a model directory.
        probes: ``(text, source_code, forced_target_code)``; the codes are ``None`` for families
            without language codes.

    Returns:
        One decoded output per probe, special tokens skipped.
    """
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    outputs: list[str] = []
    with single_thread(), torch.no_grad():
        for text, source, target in probes:
            extra: dict[str, Any] = {}
            if source is not None:
                tokenizer.src_lang = source
            if target is not None:
                extra["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids(target)
            encoded = tokenizer([text], return_tensors="pt")
            generated = model.generate(**encoded, max_new_tokens=8, **extra)
            outputs.append(str(tokenizer.decode(generated[0], skip_special_tokens=True)))
    return outputs


def build_all_tiny(root: Path | str, *, seed: int = 0, require_text: bool = True) -> dict[str, Path]:
    """Build one tiny model of every family under ``root`` and return their directories.

    Result keys (also the directory names under ``root``): ``marian-ar-en`` (opus-mt-ar-en like),
    ``marian-en-ar`` (opus-mt-en-ar like, with ``>>ara<<``-style target tokens), ``m2m100``
    (``__ar__``/``__en__`` codes), ``nllb`` (``arb_Arab``/``eng_Latn`` codes), ``bart``
    (distilbart-like summariser, English BPE) and ``mt5`` (mT5-like, Arabic + English unigram).
    All use the `TINY` shape and together build in a few seconds on two CPU cores, most of it
    importing torch and transformers. A model directory that already exists is kept as it is, so
    a session-scoped fixture can call this again cheaply.

    Args:
        root: parent directory; created if missing.
        seed: first torch seed tried for each model's weights.
        require_text: random weights sometimes generate nothing but special tokens (for example
            ``<s> <s> <s>``), which decodes to an empty string. When true, each model is rebuilt
            with seed+1, seed+2, ... (at most 8 seeds) until its greedy output for the sample
            sentences (`SAMPLE_ARABIC`, `SAMPLE_ENGLISH`, both directions for multilingual models)
            is non-empty, so that tests of the translation and summary pipelines see real text.
            The seed used is recorded in each model's ``synthetic.json``. Outputs are still
            gibberish, usually one piece repeated.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    built: dict[str, Path] = {}
    with single_thread():
        for name, build in _builders(TINY).items():
            target = root / name
            if (target / "config.json").is_file():
                built[name] = target
                continue
            for attempt in range(8 if require_text else 1):
                build(target, seed + attempt)  # overwrite=False: an earlier attempt is removed below
                if not require_text or all(text.strip() for text in greedy_outputs(target, _PROBES[name])):
                    break
                if attempt < 7:
                    shutil.rmtree(target)
            built[name] = target
    return built
