"""M2M100 and NLLB builds: language codes in the tokenizer, forced target codes in generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.synthetic import SAMPLE_ARABIC, SAMPLE_ENGLISH, TINY, build_m2m100, build_nllb, read_manifest
from tests.models.synthetic.helpers import generate, load


@pytest.fixture(scope="module")
def m2m100(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_m2m100(tmp_path_factory.mktemp("multi") / "m2m100", TINY)


@pytest.fixture(scope="module")
def nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_nllb(tmp_path_factory.mktemp("multi") / "nllb", TINY)


def test_m2m100_files_and_vocabulary(m2m100: Path) -> None:
    names = {path.name for path in m2m100.iterdir()}
    assert {"sentencepiece.bpe.model", "vocab.json", "model.safetensors"} <= names
    tokenizer, model = load(m2m100)
    assert type(tokenizer).__name__ == "M2M100Tokenizer"
    assert type(model).__name__ == "M2M100ForConditionalGeneration"
    # as facebook/m2m100_418M: vocab.json + 100 language tokens, and 8 "madeupword" rows in the model
    assert model.config.vocab_size == len(tokenizer) + 8
    assert len(tokenizer.get_vocab()) == len(tokenizer)
    assert tokenizer.convert_tokens_to_ids("__ar__") == tokenizer.get_lang_id("ar")
    assert tokenizer.convert_tokens_to_ids("__en__") == tokenizer.get_lang_id("en")
    assert {"__ar__", "__en__"} <= set(tokenizer.all_special_tokens)
    assert (tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id) == (0, 1, 2)
    assert model.config.decoder_start_token_id == 2


@pytest.mark.parametrize(
    ("source", "text", "target"), [("ar", SAMPLE_ARABIC, "en"), ("en", SAMPLE_ENGLISH, "ar")]
)
def test_m2m100_source_code_and_forced_target(m2m100: Path, source: str, text: str, target: str) -> None:
    tokenizer, model = load(m2m100)
    tokenizer.src_lang = source
    ids = tokenizer(text).input_ids
    assert ids[0] == tokenizer.convert_tokens_to_ids(f"__{source}__") and ids[-1] == tokenizer.eos_token_id
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text
    code = tokenizer.convert_tokens_to_ids(f"__{target}__")
    out = generate(model, tokenizer, [text], max_new_tokens=4, forced_bos_token_id=code)
    assert out[0, 0].item() == model.config.decoder_start_token_id and out[0, 1].item() == code
    assert f"__{target}__" not in tokenizer.decode(out[0], skip_special_tokens=True)


def test_nllb_files_and_vocabulary(nllb: Path) -> None:
    assert {"tokenizer.json", "sentencepiece.bpe.model"} <= {p.name for p in nllb.iterdir()}
    tokenizer, model = load(nllb)
    assert type(tokenizer).__name__ == "NllbTokenizer"
    assert type(model).__name__ == "M2M100ForConditionalGeneration"
    assert model.config.vocab_size == len(tokenizer) == len(tokenizer.get_vocab())
    manifest = read_manifest(nllb)
    assert manifest is not None and manifest["family"] == "nllb" and "arb_Arab" in manifest["languages"]
    codes = tokenizer.convert_tokens_to_ids(["arb_Arab", "eng_Latn"])
    assert tokenizer.unk_token_id not in codes
    assert {"arb_Arab", "eng_Latn"} <= set(tokenizer.all_special_tokens)
    # as on the hub: language codes, then <mask> last
    assert tokenizer.convert_tokens_to_ids("<mask>") == len(tokenizer) - 1


@pytest.mark.parametrize(
    ("source", "text", "target"),
    [("arb_Arab", SAMPLE_ARABIC, "eng_Latn"), ("eng_Latn", SAMPLE_ENGLISH, "arb_Arab")],
)
def test_nllb_source_code_and_forced_target(nllb: Path, source: str, text: str, target: str) -> None:
    tokenizer, model = load(nllb)
    tokenizer.src_lang = source
    ids = tokenizer(text).input_ids
    assert ids[0] == tokenizer.convert_tokens_to_ids(source) and ids[-1] == tokenizer.eos_token_id
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text
    code = tokenizer.convert_tokens_to_ids(target)
    out = generate(model, tokenizer, [text, text[:10]], max_new_tokens=4, forced_bos_token_id=code)
    assert out[:, 1].tolist() == [code, code]
    assert int(out.max()) < model.config.vocab_size


@pytest.mark.parametrize("builder", [build_m2m100, build_nllb])
def test_fixed_vocab_size_is_exact(tmp_path: Path, builder) -> None:  # type: ignore[no-untyped-def]
    tokenizer, model = load(builder(tmp_path / "padded", TINY.with_vocab(1600)))
    assert model.config.vocab_size == 1600
    assert len(tokenizer) == 1600 - (8 if builder is build_m2m100 else 0)
    filler = tokenizer.convert_tokens_to_ids("<filler_0>")
    assert filler != tokenizer.unk_token_id
    assert isinstance(tokenizer.decode([filler, 2]), str)


def test_unknown_language_codes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        build_m2m100(tmp_path / "m", TINY, languages=("xx", "en"))
    with pytest.raises(ValueError, match="unknown language"):
        build_nllb(tmp_path / "n", TINY, languages=("arabic", "eng_Latn"))
