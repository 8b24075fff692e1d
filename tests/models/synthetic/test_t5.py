"""T5 / mT5 builds: unigram tokenizer like mT5's, pad as decoder start."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.synthetic import SAMPLE_ARABIC, SAMPLE_ENGLISH, TINY, build_t5
from tests.models.synthetic.helpers import generate, load


@pytest.fixture(scope="module")
def mt5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_t5(tmp_path_factory.mktemp("t5") / "mt5", TINY)


def test_mt5_loads_with_auto_classes(mt5: Path) -> None:
    assert {"spiece.model", "tokenizer.json"} <= {p.name for p in mt5.iterdir()}
    tokenizer, model = load(mt5)
    assert type(tokenizer).__name__ == "T5Tokenizer"
    assert type(model).__name__ == "MT5ForConditionalGeneration"
    assert model.config.feed_forward_proj == "gated-gelu"
    assert len(tokenizer) == model.config.vocab_size
    assert (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id) == (0, 1, 2)
    assert model.config.decoder_start_token_id == 0
    assert model.config.d_kv == TINY.kv_dim and model.config.num_heads == TINY.heads
    assert tokenizer.model_max_length == TINY.max_positions
    assert not [token for token in tokenizer.get_vocab() if token.startswith("<extra_id_")]


@pytest.mark.parametrize("text", [SAMPLE_ARABIC, SAMPLE_ENGLISH])
def test_round_trip(mt5: Path, text: str) -> None:
    tokenizer, _ = load(mt5)
    ids = tokenizer(text).input_ids
    assert ids[-1] == 1 and tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text


def test_generates(mt5: Path) -> None:
    tokenizer, model = load(mt5)
    out = generate(model, tokenizer, [SAMPLE_ARABIC, SAMPLE_ENGLISH], max_new_tokens=4)
    assert out.shape[0] == 2 and out.shape[1] <= 5 and out[:, 0].tolist() == [0, 0]
    assert int(out.max()) < model.config.vocab_size


def test_t5_variant_and_fixed_vocab(tmp_path: Path) -> None:
    tokenizer, model = load(build_t5(tmp_path / "t5", TINY.with_vocab(800), variant="t5"))
    assert type(model).__name__ == "T5ForConditionalGeneration"
    assert model.config.feed_forward_proj == "relu"
    assert len(tokenizer) == model.config.vocab_size == 800
    assert tokenizer.convert_ids_to_tokens(799).startswith("<filler_")
    assert all(not token.startswith("<filler_") for token in tokenizer.tokenize(SAMPLE_ENGLISH))


def test_unknown_variant_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="variant"):
        build_t5(tmp_path / "x", TINY, variant="umt5")  # type: ignore[arg-type]
