"""BART (distilbart-like) builds: byte-level BPE tokenizer, bart-large-cnn generation ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.synthetic import SAMPLE_ARABIC, SAMPLE_ENGLISH, TINY, build_bart
from tests.models.synthetic.helpers import generate, load


@pytest.fixture(scope="module")
def bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bart(tmp_path_factory.mktemp("bart") / "bart", TINY)


def test_loads_with_auto_classes(bart: Path) -> None:
    assert "tokenizer.json" in {p.name for p in bart.iterdir()}
    tokenizer, model = load(bart)
    assert type(model).__name__ == "BartForConditionalGeneration"
    assert type(tokenizer).__name__ in {"RobertaTokenizer", "BartTokenizer", "BartTokenizerFast"}
    assert len(tokenizer) == model.config.vocab_size
    ids = (tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id)
    assert ids == (0, 1, 2, 3)
    assert tokenizer.mask_token_id == len(tokenizer) - 1
    assert model.config.decoder_start_token_id == 2
    assert model.generation_config.forced_bos_token_id == 0
    assert model.config.max_position_embeddings == TINY.max_positions


@pytest.mark.parametrize("text", [SAMPLE_ENGLISH, SAMPLE_ARABIC, "Numbers 2025, 3.5% and emoji 🙂 survive."])
def test_byte_level_round_trip(bart: Path, text: str) -> None:
    tokenizer, _ = load(bart)
    ids = tokenizer(text).input_ids
    assert ids[0] == 0 and ids[-1] == 2 and tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text


def test_english_bpe_splits_arabic_into_more_pieces(bart: Path, tmp_path: Path) -> None:
    english_only, _ = load(bart)
    bilingual, _ = load(build_bart(tmp_path / "bilingual", TINY, languages=("en", "ar")))
    assert len(bilingual(SAMPLE_ARABIC).input_ids) < len(english_only(SAMPLE_ARABIC).input_ids)


def test_generates(bart: Path) -> None:
    tokenizer, model = load(bart)
    out = generate(model, tokenizer, [SAMPLE_ENGLISH, "Short."], max_new_tokens=5)
    assert out.shape[0] == 2 and out.shape[1] <= 6
    assert out[:, 0].tolist() == [2, 2] and out[:, 1].tolist() == [0, 0]  # </s> then forced <s>
    assert all(isinstance(text, str) for text in tokenizer.batch_decode(out, skip_special_tokens=True))


def test_fixed_vocab_size_is_exact(tmp_path: Path) -> None:
    tokenizer, model = load(build_bart(tmp_path / "padded", TINY.with_vocab(900)))
    assert len(tokenizer) == model.config.vocab_size == 900
    assert tokenizer.convert_ids_to_tokens(899) == "<mask>"
    assert tokenizer.convert_ids_to_tokens(898).startswith("<filler_")


def test_too_small_a_vocabulary_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="byte-level BPE needs"):
        build_bart(tmp_path / "small", TINY.with_vocab(100))
