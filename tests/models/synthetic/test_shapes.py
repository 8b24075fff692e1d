"""Model shapes: presets match the published checkpoints; invalid shapes are refused."""

from __future__ import annotations

import pytest

from models.synthetic import DISTILBART_CNN, OPUS_MT, PRESETS, TINY, ModelShape


def test_opus_mt_is_the_real_opus_mt_ar_en_shape() -> None:
    assert (OPUS_MT.encoder_layers, OPUS_MT.decoder_layers) == (6, 6)
    assert (OPUS_MT.d_model, OPUS_MT.heads, OPUS_MT.ffn_dim) == (512, 8, 2048)
    assert OPUS_MT.vocab_size == 62834
    assert OPUS_MT.max_positions == 512


def test_distilbart_cnn_is_the_real_12_6_shape() -> None:
    assert (DISTILBART_CNN.encoder_layers, DISTILBART_CNN.decoder_layers) == (12, 6)
    assert (DISTILBART_CNN.d_model, DISTILBART_CNN.heads, DISTILBART_CNN.ffn_dim) == (1024, 16, 4096)
    assert DISTILBART_CNN.vocab_size == 50264
    assert DISTILBART_CNN.max_positions == 1024


def test_tiny_is_tiny_and_uses_the_tokenizer_vocabulary() -> None:
    assert TINY.d_model <= 64 and TINY.encoder_layers <= 2 and TINY.decoder_layers <= 2
    assert TINY.vocab_size is None
    assert TINY.max_positions >= 512  # long-input tests chunk, they do not overflow positions
    assert PRESETS["tiny"] is TINY and PRESETS["opus-mt"] is OPUS_MT


def test_kv_dim_defaults_to_d_model_over_heads() -> None:
    assert TINY.kv_dim == TINY.d_model // TINY.heads
    assert PRESETS["mt5-small"].kv_dim == 64  # mT5-small: 6 heads of 64 on a 512 model


@pytest.mark.parametrize(
    "changes",
    [{"d_model": 30}, {"heads": 0}, {"vocab_size": 3}, {"tokenizer_pieces": 10}, {"max_positions": 0}],
)
def test_invalid_shapes_are_refused(changes: dict[str, int]) -> None:
    values = {
        "encoder_layers": 2,
        "decoder_layers": 2,
        "d_model": 32,
        "heads": 4,
        "ffn_dim": 64,
        "vocab_size": None,
        "max_positions": 512,
        **changes,
    }
    with pytest.raises(ValueError):
        ModelShape(**values)  # type: ignore[arg-type]


def test_with_vocab_returns_a_copy() -> None:
    shape = TINY.with_vocab(2000)
    assert shape.vocab_size == 2000 and TINY.vocab_size is None
    assert shape.d_model == TINY.d_model
