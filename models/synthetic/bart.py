"""Synthetic BART summarisers (the distilbart-cnn family): random weights, a byte-level BPE tokenizer.

The tokenizer is a RoBERTa-style byte-level BPE trained with the `tokenizers` library and saved as
``tokenizer.json``; transformers 5 loads it as ``RobertaTokenizer`` (``BartTokenizer`` and
``BartTokenizerFast`` are aliases of it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.synthetic.common import (
    filler_count,
    filler_tokens,
    piece_budget,
    save_model,
    seeded_model,
    set_generation_defaults,
    staging_dir,
    write_manifest,
)
from models.synthetic.corpus import corpus_lines
from models.synthetic.shapes import TINY, ModelShape

_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")
"""fairseq order, as in facebook/bart-large: bos 0, pad 1, eos 2, unk 3; ``<mask>`` is the last id."""


def train_byte_level_bpe(
    lines: Sequence[str], max_pieces: int
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Train a byte-level BPE (GPT-2/RoBERTa style) and return its vocabulary and merges.

    Args:
        lines: training sentences.
        max_pieces: vocabulary size to aim for, the four special tokens and the 256 byte symbols
            included; a small corpus may stop earlier.

    Returns:
        ``(vocab, merges)``: ``vocab`` maps token to id with ``<s> <pad> </s> <unk>`` at 0-3.
    """
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=max_pieces,
        min_frequency=2,
        special_tokens=list(_SPECIALS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(list(lines), trainer=trainer)
    vocab: dict[str, int] = tokenizer.get_vocab()
    # tokenizers exposes the merges only through its JSON serialisation.
    state = json.loads(tokenizer.to_str())
    merges: list[tuple[str, str]] = []
    for merge in state["model"]["merges"]:
        left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
        merges.append((left, right))
    return vocab, merges


def build_bart(
    out_dir: Path | str,
    shape: ModelShape = TINY,
    *,
    languages: Sequence[str] = ("en",),
    corpus: Sequence[str] | None = None,
    seed: int = 0,
    overwrite: bool = False,
) -> Path:
    """Build a random-weight ``BartForConditionalGeneration`` and its tokenizer in ``out_dir``.

    Ids: ``<s>`` 0, ``<pad>`` 1, ``</s>`` 2, ``<unk>`` 3, the byte-level BPE pieces, the fillers
    (when ``shape.vocab_size`` is set, e.g. ``DISTILBART_CNN``), ``<mask>`` last;
    ``config.vocab_size == len(tokenizer)``. Generation follows bart-large-cnn:
    ``decoder_start_token_id`` = ``</s>`` and ``forced_bos_token_id`` = ``<s>``, so outputs start
    ``</s> <s> ...``; the CNN preset's ``min_length=56``/``max_length=142``/beam settings are not
    copied (see `models.synthetic.common.set_generation_defaults`).

    Args:
        out_dir: directory to create; it must not exist or be empty (see ``overwrite``).
        shape: model size (``TINY`` for tests, ``DISTILBART_CNN`` for the real shape).
        languages: corpus halves the BPE learns. The default, English only, mirrors distilbart,
            whose English BPE splits Arabic into many byte-level pieces; add ``"ar"`` for a
            tokenizer that segments Arabic compactly.
        corpus: extra training lines (kept when written in one of ``languages``' scripts).
        seed: torch seed for the weights.
        overwrite: replace ``out_dir`` when it holds an earlier synthetic build.
    """
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    out_dir = Path(out_dir)
    reserved = len(_SPECIALS) + 1  # + <mask>
    max_pieces = piece_budget(shape, reserved - len(_SPECIALS))  # the trainer counts the specials
    if max_pieces < 256 + len(_SPECIALS):
        raise ValueError(
            f"bart: a byte-level BPE needs at least {256 + reserved} ids; shape allows {shape.vocab_size}"
        )
    vocab, merges = train_byte_level_bpe(corpus_lines(languages, corpus), max_pieces)
    if [vocab.get(token) for token in _SPECIALS] != [0, 1, 2, 3]:
        raise RuntimeError("bart: the BPE trainer did not put <s> <pad> </s> <unk> at ids 0-3")
    fillers = filler_count(shape, len(vocab) + 1, "bart")
    for token in [*filler_tokens(fillers), "<mask>"]:
        vocab[token] = len(vocab)

    with staging_dir(out_dir, overwrite=overwrite) as stage:
        # transformers annotates merges as list[str], but the tokenizers BPE needs (left, right) pairs.
        pairs: Any = merges
        tokenizer = BartTokenizer(vocab=vocab, merges=pairs, model_max_length=shape.max_positions)
        vocab_size = len(tokenizer)
        if tokenizer.convert_tokens_to_ids("<mask>") != vocab_size - 1:
            raise RuntimeError("bart: <mask> is not the last id; transformers changed RobertaTokenizer")
        config = BartConfig(
            vocab_size=vocab_size,
            d_model=shape.d_model,
            encoder_layers=shape.encoder_layers,
            decoder_layers=shape.decoder_layers,
            encoder_attention_heads=shape.heads,
            decoder_attention_heads=shape.heads,
            encoder_ffn_dim=shape.ffn_dim,
            decoder_ffn_dim=shape.ffn_dim,
            max_position_embeddings=shape.max_positions,
            activation_function="gelu",
            scale_embedding=False,
            bos_token_id=0,
            pad_token_id=1,
            eos_token_id=2,
            decoder_start_token_id=2,
            forced_eos_token_id=2,
        )
        model = seeded_model(lambda: BartForConditionalGeneration(config), seed)
        set_generation_defaults(model, forced_bos_token_id=0, forced_eos_token_id=2)
        save_model(model, tokenizer, stage)
        write_manifest(
            stage,
            family="bart",
            architecture="BartForConditionalGeneration",
            shape=shape,
            seed=seed,
            tokenizer_size=len(tokenizer),
            model_vocab_size=vocab_size,
            fillers=fillers,
            languages=languages,
        )
    return out_dir
