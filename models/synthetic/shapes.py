"""Model shapes: how big a synthetic model is (layers, widths, heads, vocabulary, positions).

A shape says nothing about the family (Marian, BART, ...): the same `TINY` shape builds every
family. The real-shape presets copy the published configurations of the checkpoints tarjama uses,
so that benchmarks on random weights cost what the real models cost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ModelShape:
    """The size of a synthetic encoder-decoder model.

    Attributes:
        encoder_layers: number of encoder layers (T5: ``num_layers``).
        decoder_layers: number of decoder layers (T5: ``num_decoder_layers``).
        d_model: hidden size.
        heads: attention heads, the same in encoder and decoder.
        ffn_dim: inner size of the feed-forward blocks (T5: ``d_ff``).
        vocab_size: rows of the embedding table and of the output projection. ``None`` means "the
            tokenizer's natural size" (what SentencePiece / BPE learnt from the corpus, plus the
            family's special and language tokens). An integer is the exact size of the model's
            vocabulary; the tokenizer is then padded with never-produced filler tokens
            (``<filler_N>``) so that tokenizer and model agree id for id (see `build_*`).
        max_positions: ``max_position_embeddings`` of learnt/sinusoidal-position models, and the
            tokenizer's ``model_max_length`` for every family (T5 has relative positions and no
            table, but still gets this as its ``model_max_length``).
        tokenizer_pieces: upper bound on the number of subword pieces the tokenizer learns from
            the corpus. A small corpus yields fewer (SentencePiece is trained with
            ``hard_vocab_limit=False``); the pieces actually learnt are what matters.
        head_dim: per-head width for T5 (``d_kv``); ``None`` means ``d_model // heads``. Other
            families always use ``d_model // heads``.
    """

    encoder_layers: int
    decoder_layers: int
    d_model: int
    heads: int
    ffn_dim: int
    vocab_size: int | None
    max_positions: int
    tokenizer_pieces: int = 8000
    head_dim: int | None = None

    def __post_init__(self) -> None:
        for name in ("encoder_layers", "decoder_layers", "d_model", "heads", "ffn_dim", "max_positions"):
            if getattr(self, name) < 1:
                raise ValueError(f"ModelShape.{name} must be at least 1, got {getattr(self, name)}")
        if self.head_dim is None and self.d_model % self.heads:
            raise ValueError(f"d_model ({self.d_model}) must be a multiple of heads ({self.heads})")
        if self.vocab_size is not None and self.vocab_size < 16:
            raise ValueError(f"vocab_size must be None or at least 16, got {self.vocab_size}")
        if self.tokenizer_pieces < 64:
            raise ValueError(f"tokenizer_pieces must be at least 64, got {self.tokenizer_pieces}")

    @property
    def kv_dim(self) -> int:
        """Per-head width: `head_dim` when set, else ``d_model // heads``."""
        return self.head_dim if self.head_dim is not None else self.d_model // self.heads

    def with_vocab(self, vocab_size: int | None) -> ModelShape:
        """Return a copy of this shape with another `vocab_size` (``None``: the tokenizer's size)."""
        return replace(self, vocab_size=vocab_size)


TINY = ModelShape(
    encoder_layers=2,
    decoder_layers=2,
    d_model=32,
    heads=4,
    ffn_dim=64,
    vocab_size=None,
    max_positions=512,
    tokenizer_pieces=1000,
)
"""Test shape: every family builds in well under a second; vocabularies of roughly 500-1200."""

OPUS_MT = ModelShape(
    encoder_layers=6,
    decoder_layers=6,
    d_model=512,
    heads=8,
    ffn_dim=2048,
    vocab_size=62834,
    max_positions=512,
)
"""Helsinki-NLP/opus-mt-ar-en (MarianMT, about 77M parameters)."""

DISTILBART_CNN = ModelShape(
    encoder_layers=12,
    decoder_layers=6,
    d_model=1024,
    heads=16,
    ffn_dim=4096,
    vocab_size=50264,
    max_positions=1024,
)
"""sshleifer/distilbart-cnn-12-6 (BART, about 306M parameters)."""

M2M100_418M = ModelShape(
    encoder_layers=12,
    decoder_layers=12,
    d_model=1024,
    heads=16,
    ffn_dim=4096,
    vocab_size=128112,
    max_positions=1024,
)
"""facebook/m2m100_418M (M2M100; vocab_size includes the 100 language and 8 "madeup" tokens)."""

NLLB_600M = ModelShape(
    encoder_layers=12,
    decoder_layers=12,
    d_model=1024,
    heads=16,
    ffn_dim=4096,
    vocab_size=256206,
    max_positions=1024,
)
"""facebook/nllb-200-distilled-600M (M2M100 architecture, NLLB tokenizer)."""

MT5_SMALL = ModelShape(
    encoder_layers=8,
    decoder_layers=8,
    d_model=512,
    heads=6,
    ffn_dim=1024,
    vocab_size=250112,
    max_positions=1024,
    head_dim=64,
)
"""google/mt5-small (gated-GELU feed-forward, untied embeddings, about 300M parameters)."""

PRESETS: dict[str, ModelShape] = {
    "tiny": TINY,
    "opus-mt": OPUS_MT,
    "distilbart-cnn": DISTILBART_CNN,
    "m2m100-418m": M2M100_418M,
    "nllb-600m": NLLB_600M,
    "mt5-small": MT5_SMALL,
}
"""Every preset by a short name (for benchmark command lines)."""
