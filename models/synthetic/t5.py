"""Synthetic T5 / mT5 models: random weights, a SentencePiece unigram tokenizer like mT5's.

Files, as on the hub: ``spiece.model`` (the SentencePiece model, ids pad 0, eos 1, unk 2) and
``tokenizer.json`` (the same unigram vocabulary as a `tokenizers` model, plus fillers when the
shape fixes ``vocab_size``); transformers loads ``tokenizer.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from models.synthetic.common import (
    filler_count,
    filler_tokens,
    piece_budget,
    precompiled_charsmap,
    save_model,
    seeded_model,
    sentencepiece_pieces,
    set_generation_defaults,
    staging_dir,
    train_sentencepiece,
    write_manifest,
)
from models.synthetic.corpus import corpus_lines
from models.synthetic.shapes import TINY, ModelShape

_SPECIALS = ("<pad>", "</s>", "<unk>")
"""T5 order: pad 0 (also the decoder start), eos 1, unk 2."""


def build_t5(
    out_dir: Path | str,
    shape: ModelShape = TINY,
    *,
    variant: Literal["mt5", "t5"] = "mt5",
    languages: Sequence[str] = ("ar", "en"),
    corpus: Sequence[str] | None = None,
    seed: int = 0,
    overwrite: bool = False,
) -> Path:
    """Build a random-weight T5-family model and its ``T5Tokenizer`` in ``out_dir``.

    ``variant="mt5"`` (default) gives ``MT5ForConditionalGeneration`` as google/mt5-*: gated-GELU
    feed-forward. ``variant="t5"`` gives ``T5ForConditionalGeneration`` as t5-small: ReLU
    feed-forward, decoder output scaled by ``d_model ** -0.5``. Transformers 5 ties the output
    projection to the shared embedding for both (``tie_word_embeddings`` is forced to ``True``),
    so only ``shared.weight`` is saved.

    Ids: ``<pad>`` 0, ``</s>`` 1, ``<unk>`` 2, the unigram pieces, then the fillers when
    ``shape.vocab_size`` is set (``MT5_SMALL``); ``config.vocab_size == len(tokenizer)``. No
    ``<extra_id_N>`` sentinels (like the mT5 tokenizer, ``extra_ids=0``). The decoder starts from
    ``<pad>``. No task prefix (``summarize: ``) is configured: callers add one if they want it.

    Args:
        out_dir: directory to create; it must not exist or be empty (see ``overwrite``).
        shape: model size (``TINY`` for tests, ``MT5_SMALL`` for the real shape); ``head_dim``
            sets ``d_kv`` and ``max_positions`` only the tokenizer's ``model_max_length``.
        variant: ``"mt5"`` or ``"t5"`` (see above).
        languages: corpus halves the SentencePiece model learns.
        corpus: extra training lines (kept when written in one of ``languages``' scripts).
        seed: torch seed for the weights.
        overwrite: replace ``out_dir`` when it holds an earlier synthetic build.
    """
    from transformers import (
        MT5Config,
        MT5ForConditionalGeneration,
        T5Config,
        T5ForConditionalGeneration,
        T5Tokenizer,
    )

    if variant not in ("mt5", "t5"):
        raise ValueError(f"variant must be 'mt5' or 't5', got {variant!r}")
    out_dir = Path(out_dir)
    proto = train_sentencepiece(
        corpus_lines(languages, corpus),
        max_pieces=piece_budget(shape, 0),
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
    )
    pieces = sentencepiece_pieces(proto)
    vocab: list[tuple[str, float]] = [(token, 0.0) for token in _SPECIALS] + pieces
    fillers = filler_count(shape, len(vocab), variant)
    floor = min((score for _, score in pieces), default=0.0) - 10.0
    vocab += [(token, floor) for token in filler_tokens(fillers)]

    with staging_dir(out_dir, overwrite=overwrite) as stage:
        (stage / "spiece.model").write_bytes(proto)
        tokenizer = T5Tokenizer(
            vocab=vocab,
            extra_ids=0,
            _spm_precompiled_charsmap=precompiled_charsmap(proto),
            vocab_file=str(stage / "spiece.model"),
            model_max_length=shape.max_positions,
        )
        vocab_size = len(tokenizer)
        if vocab_size != len(vocab) or tokenizer.convert_tokens_to_ids("</s>") != 1:
            raise RuntimeError("t5: tokenizer ids do not follow the unigram vocabulary; transformers changed")
        common: dict[str, Any] = {
            "vocab_size": vocab_size,
            "d_model": shape.d_model,
            "d_kv": shape.kv_dim,
            "d_ff": shape.ffn_dim,
            "num_layers": shape.encoder_layers,
            "num_decoder_layers": shape.decoder_layers,
            "num_heads": shape.heads,
            "pad_token_id": 0,
            "eos_token_id": 1,
            "decoder_start_token_id": 0,
        }
        model: Any
        if variant == "mt5":
            config = MT5Config(feed_forward_proj="gated-gelu", **common)
            model = seeded_model(lambda: MT5ForConditionalGeneration(config), seed)
            architecture = "MT5ForConditionalGeneration"
        else:
            t5_config = T5Config(feed_forward_proj="relu", **common)
            model = seeded_model(lambda: T5ForConditionalGeneration(t5_config), seed)
            architecture = "T5ForConditionalGeneration"
        set_generation_defaults(model)
        save_model(model, tokenizer, stage)
        write_manifest(
            stage,
            family=variant,
            architecture=architecture,
            shape=shape,
            seed=seed,
            tokenizer_size=vocab_size,
            model_vocab_size=vocab_size,
            fillers=fillers,
            languages=languages,
        )
    return out_dir
