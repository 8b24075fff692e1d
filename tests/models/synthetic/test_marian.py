"""Marian (opus-mt) builds: files, ids, round trips, language tokens, generation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.synthetic import SAMPLE_ARABIC, SAMPLE_ENGLISH, TINY, build_marian, read_manifest
from tests.models.synthetic.helpers import generate, load


@pytest.fixture(scope="module")
def ar_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_marian(tmp_path_factory.mktemp("marian") / "ar-en", TINY)


@pytest.fixture(scope="module")
def en_ar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_marian(
        tmp_path_factory.mktemp("marian") / "en-ar",
        TINY,
        source_lang="en",
        target_lang="ar",
        target_language_tokens=[">>ara<<", ">>arz<<"],
    )


def test_directory_looks_like_a_hub_checkpoint(ar_en: Path) -> None:
    names = {path.name for path in ar_en.iterdir()}
    expected = {"config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm"}
    assert expected | {"vocab.json", "tokenizer_config.json", "synthetic.json"} <= names
    assert not any(name.startswith(".") for name in names)


def test_loads_with_auto_classes_and_vocabularies_agree(ar_en: Path) -> None:
    tokenizer, model = load(ar_en)
    assert type(tokenizer).__name__ == "MarianTokenizer"
    assert type(model).__name__ == "MarianMTModel"
    assert len(tokenizer) == model.config.vocab_size == read_manifest(ar_en)["model_vocab_size"]  # type: ignore[index]
    assert 300 <= len(tokenizer) <= 1200
    # opus-mt conventions: </s> 0, <unk> 1, <pad> last and the decoder start
    assert tokenizer.eos_token_id == 0 and tokenizer.unk_token_id == 1
    assert tokenizer.pad_token_id == model.config.vocab_size - 1
    assert model.config.decoder_start_token_id == tokenizer.pad_token_id
    assert model.config.max_position_embeddings == TINY.max_positions
    assert tokenizer.model_max_length == TINY.max_positions
    assert model.config.d_model == TINY.d_model and model.config.encoder_layers == TINY.encoder_layers


def test_round_trips_arabic_and_english(ar_en: Path) -> None:
    tokenizer, _ = load(ar_en)
    ids = tokenizer(SAMPLE_ARABIC).input_ids
    assert ids[-1] == tokenizer.eos_token_id and tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True, use_source_tokenizer=True) == SAMPLE_ARABIC
    target = tokenizer(text_target=SAMPLE_ENGLISH).input_ids
    assert tokenizer.unk_token_id not in target
    assert tokenizer.decode(target, skip_special_tokens=True) == SAMPLE_ENGLISH


def test_generates_well_formed_output(ar_en: Path) -> None:
    tokenizer, model = load(ar_en)
    out = generate(model, tokenizer, [SAMPLE_ARABIC, "قصير"], max_new_tokens=5)
    assert out.shape[0] == 2 and out.shape[1] <= 6
    assert int(out.max()) < model.config.vocab_size
    assert all(isinstance(text, str) for text in tokenizer.batch_decode(out, skip_special_tokens=True))
    assert tokenizer.pad_token_id not in out[:, 1:].tolist()  # bad_words_ids keeps <pad> out


def test_generation_config_has_no_hidden_length_caps(ar_en: Path) -> None:
    _, model = load(ar_en)
    config = model.generation_config
    assert config.max_length is None and config.min_length in (None, 0)
    assert config.num_beams == 1
    assert config.decoder_start_token_id == model.config.pad_token_id
    assert config.bad_words_ids == [[model.config.pad_token_id]]


def test_target_language_tokens_come_first_and_are_recognised(en_ar: Path) -> None:
    tokenizer, model = load(en_ar)
    vocab = json.loads((en_ar / "vocab.json").read_text(encoding="utf-8"))
    assert vocab[">>ara<<"] == 2 and vocab[">>arz<<"] == 3
    tokens = tokenizer.convert_ids_to_tokens(tokenizer(f">>ara<< {SAMPLE_ENGLISH}").input_ids)
    assert tokens[0] == ">>ara<<" and tokens[-1] == "</s>"
    assert ">>ara<<" in tokenizer.supported_language_codes
    target = tokenizer(text_target=SAMPLE_ARABIC).input_ids
    assert tokenizer.decode(target, skip_special_tokens=True) == SAMPLE_ARABIC
    out = generate(model, tokenizer, [f">>ara<< {SAMPLE_ENGLISH}"], max_new_tokens=3)
    assert out.shape == (1, 4)


def test_same_seed_same_weights_other_seed_other_weights(tmp_path: Path, ar_en: Path) -> None:
    from safetensors.torch import load_file

    again = build_marian(tmp_path / "again", TINY)
    other = build_marian(tmp_path / "other", TINY, seed=1)
    first, second, third = (load_file(str(d / "model.safetensors")) for d in (ar_en, again, other))
    assert first.keys() == second.keys()
    assert all(first[key].equal(second[key]) for key in first)
    assert any(not first[key].equal(third[key]) for key in first if first[key].numel() > 1)
    assert (ar_en / "vocab.json").read_bytes() == (again / "vocab.json").read_bytes()
    assert (ar_en / "source.spm").read_bytes() == (again / "source.spm").read_bytes()


def test_fixed_vocab_size_pads_with_fillers(tmp_path: Path) -> None:
    shape = TINY.with_vocab(1500)
    tokenizer, model = load(build_marian(tmp_path / "padded", shape))
    assert len(tokenizer) == model.config.vocab_size == 1500
    fillers = read_manifest(tmp_path / "padded")["fillers"]  # type: ignore[index]
    assert tokenizer.convert_ids_to_tokens(1498) == f"<filler_{fillers - 1}>"
    assert tokenizer.convert_ids_to_tokens(1499) == "<pad>"
    # the tokenizer never produces a filler, and decoding one does not fail
    assert all(not token.startswith("<filler_") for token in tokenizer.tokenize(SAMPLE_ARABIC))
    assert "<filler_0>" in tokenizer.decode([tokenizer.convert_tokens_to_ids("<filler_0>"), 0])


def test_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    target = build_marian(tmp_path / "m", TINY)
    with pytest.raises(FileExistsError):
        build_marian(target, TINY)
    build_marian(target, TINY, seed=3, overwrite=True)
    assert read_manifest(target)["seed"] == 3  # type: ignore[index]
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not a model")
    with pytest.raises(FileExistsError, match="not a synthetic model"):
        build_marian(foreign, TINY, overwrite=True)
    assert (foreign / "notes.txt").is_file()


def test_bad_language_token_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=">>ara<<"):
        build_marian(tmp_path / "bad", TINY, target_language_tokens=["ara"])
