"""A tiny Marian model trained to COPY its input (Arabic, English, placeholders, URLs).

Random-weight models drop whatever they are given, so they can only test failure paths. This one
reproduces its source token for token, which lets tests check on real model output that glossary
placeholders survive decoding, are restored with the glossary's target, and that protected spans
come back byte for byte. It loads like any opus-mt checkpoint (``save_pretrained`` layout, see
`models.synthetic.marian`), with one SentencePiece model used for both sides.

Training takes a few minutes on two CPU cores: 2+2 layers, d_model 128, 2,500 steps of short
examples growing to `MAX_TRAIN_TOKENS`. It learns to copy only with ``scale_embedding=True``,
embeddings initialised with a std near 0.1 (with the default 0.02 it does not learn in 2,500
steps), a modest learning rate (Marian is post-LayerNorm) and short examples first. Units of up
to about 24 tokens come back exactly: tests set ``segment_tokens=24``, so longer sentences are
chunked (at clause marks, then words) before they reach it.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable, Sequence
from pathlib import Path

from models.synthetic.common import (
    save_model,
    seeded_model,
    sentencepiece_pieces,
    set_generation_defaults,
    staging_dir,
    train_sentencepiece,
    write_manifest,
)
from models.synthetic.corpus import ARABIC_LINES, ENGLISH_LINES
from models.synthetic.marian import marian_config, staged_tokenizer
from models.synthetic.shapes import ModelShape

COPY_SHAPE = ModelShape(
    encoder_layers=2,
    decoder_layers=2,
    d_model=128,
    heads=4,
    ffn_dim=256,
    vocab_size=None,
    max_positions=256,
    tokenizer_pieces=700,
)

COPY_VERSION = "copy-7"
"""Changes whenever the build changes, so caches keyed by it rebuild."""

MAX_TRAIN_TOKENS = 32
"""Longest training example; callers keep units near this (`Settings.segment_tokens`) for exact copies."""
BATCH = 32

# Every character the tokenizer must know (else it becomes <unk> and is lost): Arabic letters,
# hamza forms, diacritics, tatweel, Arabic punctuation and digits, Latin, digits, ASCII punctuation.
_ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيـًٌٍَُِّْٰ،؛؟٠١٢٣٤٥٦٧٨٩"
_COVERAGE = (
    _ARABIC,
    string.ascii_letters,
    string.digits,
    string.punctuation,
    "–—“”‘’•…«»⟦⟧",
)


def _training_lines() -> list[str]:
    """What the tokenizer learns from: the corpus, the alphabet, placeholders, URLs and handles."""
    extras = [
        "__T1__ __T2__ __T3__ __T4__ __T5__ __T6__ __T7__ __T8__ __T9__ __T10__ __T11__ __T12__",
        "https://example.com/news/2025/article.html www.example.org user@example.com @newsroom #غزة",
        "Witkoff Trump Putin Kushner Kremlin Ukraine Moscow Washington",
        "ويتكوف ترامب بوتين كوشنر الكرملين أوكرانيا موسكو واشنطن",
    ]
    return [*ARABIC_LINES, *ENGLISH_LINES, *_COVERAGE, *extras]


def _random_sequence(
    rng: random.Random, piece_ids: Sequence[int], words: Sequence[str], tokenizer: object, longest: int
) -> list[int]:
    """One training example of at most `longest` tokens: corpus words with placeholders, or random pieces."""
    if rng.random() < 0.6:
        count = rng.randint(1, max(1, longest // 3))
        text_words = [rng.choice(words) for _ in range(count)]
        for _ in range(rng.randint(0, 2)):
            text_words.insert(rng.randint(0, len(text_words)), f"__T{rng.randint(1, 12)}__")
        ids: list[int] = tokenizer(" ".join(text_words))["input_ids"][:-1]  # type: ignore[operator]
        return ids[:longest]
    return [rng.choice(piece_ids) for _ in range(rng.randint(1, longest))]


def build_copy_marian(
    out_dir: Path | str,
    *,
    steps: int = 2500,
    seed: int = 0,
    overwrite: bool = False,
    progress: Callable[[int, float], None] | None = None,
) -> Path:
    """Train a tiny ``MarianMTModel`` to copy its source and save it like a hub checkpoint.

    Args:
        out_dir: directory to create (it must not exist or be empty, see ``overwrite``).
        steps: optimiser steps (batches of 32 sequences of up to `MAX_TRAIN_TOKENS` tokens).
        progress: called with (step, loss) every 100 steps.
        seed: seeds the weights and the training examples: the same arguments give the same model.
        overwrite: replace ``out_dir`` when it holds an earlier synthetic build.

    Returns:
        ``out_dir`` as a ``Path``.
    """
    import torch
    from transformers import MarianMTModel

    out_dir = Path(out_dir)
    spm = train_sentencepiece(_training_lines(), max_pieces=COPY_SHAPE.tokenizer_pieces)
    tokens = ["</s>", "<unk>"]
    for piece, _score in sentencepiece_pieces(spm):
        if piece not in tokens:
            tokens.append(piece)
    tokens.append("<pad>")
    vocab = {token: index for index, token in enumerate(tokens)}
    pad_id = vocab["<pad>"]

    with staging_dir(out_dir, overwrite=overwrite) as stage:
        (stage / "source.spm").write_bytes(spm)
        (stage / "target.spm").write_bytes(spm)
        (stage / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
        tokenizer = staged_tokenizer(stage, "ar", "en", COPY_SHAPE.max_positions)
        shape = COPY_SHAPE
        config = marian_config(
            shape, len(vocab), pad_id, dropout=0.0, attention_dropout=0.0, activation_dropout=0.0
        )

        def make() -> MarianMTModel:
            model = MarianMTModel(config)
            embeddings = model.get_input_embeddings()
            torch.nn.init.normal_(embeddings.weight, std=0.1)  # type: ignore[arg-type]
            return model

        model = seeded_model(make, seed)
        rng = random.Random(seed)
        words = sorted({w for line in (*ARABIC_LINES, *ENGLISH_LINES) for w in line.split()})
        words += [
            "Witkoff",
            "Trump",
            "ويتكوف",
            "وويتكوف",
            "لترامب",
            "ترامب",
            "https://example.com/a",
            "@newsroom",
        ]
        special = {0, 1, pad_id}
        piece_ids = [i for i in range(len(vocab)) if i not in special]
        # Marian is post-LayerNorm: a modest rate with warm-up; short examples first (a curriculum),
        # so the attention learns to align position with position before long sequences.
        optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
        schedule = torch.optim.lr_scheduler.OneCycleLR(
            optimiser, max_lr=1e-3, total_steps=steps, pct_start=0.1
        )
        model.train()
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            for step in range(steps):
                longest = min(MAX_TRAIN_TOKENS, 6 + (MAX_TRAIN_TOKENS - 6) * step // max(1, steps * 2 // 5))
                batch = [
                    [*_random_sequence(rng, piece_ids, words, tokenizer, longest), 0] for _ in range(BATCH)
                ]
                width = max(len(row) for row in batch)
                inputs = torch.full((len(batch), width), pad_id)
                labels = torch.full((len(batch), width), -100)
                for row, ids in enumerate(batch):
                    inputs[row, : len(ids)] = torch.tensor(ids)
                    labels[row, : len(ids)] = torch.tensor(ids)
                loss = model(input_ids=inputs, attention_mask=inputs != pad_id, labels=labels).loss
                optimiser.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                if progress is not None and (step + 1) % 100 == 0:
                    progress(step + 1, loss.item())
        model.eval()
        set_generation_defaults(model, forced_eos_token_id=0, bad_words_ids=[[pad_id]])
        save_model(model, tokenizer, stage)
        write_manifest(
            stage,
            family="marian",
            architecture="MarianMTModel",
            shape=shape,
            seed=seed,
            tokenizer_size=len(tokenizer),
            model_vocab_size=len(vocab),
            fillers=0,
            languages=("ar", "en"),
            special={"copy": True, "version": COPY_VERSION, "steps": steps, "final_loss": loss.item()},
        )
    return out_dir
