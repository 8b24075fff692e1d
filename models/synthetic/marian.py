"""Synthetic MarianMT models (the opus-mt family): random weights, a real MarianTokenizer.

Layout of the directory, as on the hub: ``source.spm`` and ``target.spm`` (SentencePiece unigram
models trained on the source- and target-language halves of the corpus), ``vocab.json`` (one
shared vocabulary), ``tokenizer_config.json``, ``config.json``, ``generation_config.json`` and
``model.safetensors``.

Vocabulary ids follow opus-mt: ``</s>`` = 0, ``<unk>`` = 1, then the target language tokens
(``>>ara<<`` ...), the pieces of both SentencePiece models, the fillers (only when the shape fixes
``vocab_size``), and ``<pad>`` last; ``<pad>`` is also the decoder start token.
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
    sentencepiece_pieces,
    set_generation_defaults,
    staging_dir,
    train_sentencepiece,
    write_manifest,
)
from models.synthetic.corpus import corpus_lines
from models.synthetic.shapes import TINY, ModelShape


def build_marian(
    out_dir: Path | str,
    shape: ModelShape = TINY,
    *,
    source_lang: str = "ar",
    target_lang: str = "en",
    corpus: Sequence[str] | None = None,
    target_language_tokens: Sequence[str] = (),
    seed: int = 0,
    overwrite: bool = False,
) -> Path:
    """Build a random-weight ``MarianMTModel`` and its ``MarianTokenizer`` in ``out_dir``.

    The result loads with ``AutoTokenizer.from_pretrained(out_dir)`` and
    ``AutoModelForSeq2SeqLM.from_pretrained(out_dir)`` like a hub opus-mt checkpoint. When
    ``shape.vocab_size`` is set (``OPUS_MT``), ``vocab.json`` is padded with ``<filler_N>`` entries
    so that ``len(tokenizer) == config.vocab_size``; the tokenizer never produces a filler, but
    random weights may generate one, and it decodes to its literal text.

    Args:
        out_dir: directory to create; it must not exist or be empty (see ``overwrite``).
        shape: model size; ``TINY`` for tests, ``OPUS_MT`` for the real opus-mt-ar-en shape.
        source_lang: ``"ar"`` or ``"en"``: the corpus half the source SentencePiece model learns.
        target_lang: ``"ar"`` or ``"en"``: the corpus half the target SentencePiece model learns.
        corpus: extra training lines; each goes to the side whose script it is written in.
        target_language_tokens: tokens such as ``">>ara<<"`` placed right after ``<unk>`` (ids 2,
            3, ...), as in multi-target opus-mt models (opus-mt-en-ar); the tokenizer recognises
            one at the start of a source text.
        seed: torch seed for the weights; the same arguments give the same files.
        overwrite: replace ``out_dir`` when it holds an earlier synthetic build.

    Returns:
        ``out_dir`` as a ``Path``.
    """
    from transformers import MarianMTModel

    out_dir = Path(out_dir)
    for token in target_language_tokens:
        if not (token.startswith(">>") and token.endswith("<<")):
            raise ValueError(f"target language tokens look like '>>ara<<', got {token!r}")
    head = ["</s>", "<unk>", *dict.fromkeys(target_language_tokens)]
    reserved = len(head) + 1  # + <pad>
    budget = piece_budget(shape, reserved, share=2)
    source_spm = train_sentencepiece(corpus_lines((source_lang,), corpus), max_pieces=budget)
    target_spm = train_sentencepiece(corpus_lines((target_lang,), corpus), max_pieces=budget)

    tokens = list(head)
    seen = set(tokens)
    for proto in (source_spm, target_spm):
        for piece, _score in sentencepiece_pieces(proto):
            if piece not in seen:
                seen.add(piece)
                tokens.append(piece)
    fillers = filler_count(shape, len(tokens) + 1, "marian")
    tokens += filler_tokens(fillers)
    tokens.append("<pad>")
    vocab = {token: index for index, token in enumerate(tokens)}
    vocab_size = len(vocab)
    pad_id = vocab["<pad>"]

    with staging_dir(out_dir, overwrite=overwrite) as stage:
        (stage / "source.spm").write_bytes(source_spm)
        (stage / "target.spm").write_bytes(target_spm)
        (stage / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
        tokenizer = staged_tokenizer(stage, source_lang, target_lang, shape.max_positions)
        config = marian_config(shape, vocab_size, pad_id)
        model = seeded_model(lambda: MarianMTModel(config), seed)
        # opus-mt never generates <pad> (it is only the decoder start); keep that property.
        set_generation_defaults(model, forced_eos_token_id=0, bad_words_ids=[[pad_id]])
        save_model(model, tokenizer, stage)
        write_manifest(
            stage,
            family="marian",
            architecture="MarianMTModel",
            shape=shape,
            seed=seed,
            tokenizer_size=len(tokenizer),
            model_vocab_size=vocab_size,
            fillers=fillers,
            languages=(source_lang, target_lang),
            special={"target_language_tokens": list(dict.fromkeys(target_language_tokens))},
        )
    return out_dir


def staged_tokenizer(stage: Path, source_lang: str, target_lang: str, max_positions: int) -> Any:
    """A `MarianTokenizer` over the `source.spm`, `target.spm` and `vocab.json` written in `stage`."""
    from transformers import MarianTokenizer

    return MarianTokenizer(
        source_spm=str(stage / "source.spm"),
        target_spm=str(stage / "target.spm"),
        vocab=str(stage / "vocab.json"),
        source_lang=source_lang,
        target_lang=target_lang,
        model_max_length=max_positions,
    )


def marian_config(shape: ModelShape, vocab_size: int, pad_id: int, **overrides: Any) -> Any:
    """An opus-mt-style `MarianConfig` of `shape`: shared vocabulary and embeddings, scaled
    embeddings, id 0 as end of sentence and `<pad>` as decoder start. overrides: extra fields
    (e.g. dropout off for a model trained here)."""
    from transformers import MarianConfig

    return MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=shape.d_model,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn_dim,
        decoder_ffn_dim=shape.ffn_dim,
        max_position_embeddings=shape.max_positions,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad_id,
        eos_token_id=0,
        bos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
        **overrides,
    )
