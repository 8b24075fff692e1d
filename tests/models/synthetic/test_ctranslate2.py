"""The synthetic models convert to CTranslate2 and score like transformers.

With transformers 5, ctranslate2's TransformersConverter needs two small adjustments, applied by
`models.backends.convert.compat_converter()`: BART configs lost ``normalize_before``,
and T5/mT5 configs always say ``tie_word_embeddings=True``, which makes the converter scale mT5's
outputs by ``d_model ** -0.5`` although transformers no longer does (T5 keeps the scaling, as
``scale_decoder_outputs``). Every other family converts with the stock converter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ctranslate2
import pytest

from models.backends.convert import compat_converter
from models.synthetic import SAMPLE_ARABIC, SAMPLE_ENGLISH, build_all_tiny
from tests.models.synthetic.helpers import load

# (text, source code, target prefix token) per model
CASES: dict[str, tuple[str, str | None, str | None]] = {
    "marian-ar-en": (SAMPLE_ARABIC, None, None),
    "marian-en-ar": (f">>ara<< {SAMPLE_ENGLISH}", None, None),
    "m2m100": (SAMPLE_ARABIC, "ar", "__en__"),
    "nllb": (SAMPLE_ARABIC, "arb_Arab", "eng_Latn"),
    "bart": (SAMPLE_ENGLISH, None, "<s>"),
    "mt5": (SAMPLE_ARABIC, None, None),
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all_tiny(tmp_path_factory.mktemp("tiny"), require_text=False)


def _source_tokens(tokenizer: Any, name: str) -> list[str]:
    text, source, _ = CASES[name]
    if source is not None:
        tokenizer.src_lang = source
    return list(tokenizer.convert_ids_to_tokens(tokenizer(text).input_ids))


@pytest.mark.parametrize("name", ["marian-ar-en", "marian-en-ar", "m2m100", "nllb", "mt5"])
def test_stock_converter_int8_translates(tiny: dict[str, Path], tmp_path: Path, name: str) -> None:
    converter = ctranslate2.converters.TransformersConverter(str(tiny[name]), low_cpu_mem_usage=True)
    output = converter.convert(str(tmp_path / "ct2"), quantization="int8")
    tokenizer, _ = load(tiny[name])
    translator = ctranslate2.Translator(output, device="cpu", inter_threads=1, intra_threads=1)
    prefix = CASES[name][2]
    results = translator.translate_batch(
        [_source_tokens(tokenizer, name)],
        target_prefix=[[prefix]] if prefix else None,
        beam_size=2,
        max_decoding_length=6,
    )
    hypothesis = results[0].hypotheses[0]
    assert 0 < len(hypothesis) <= 6
    vocabulary = tokenizer.get_vocab()
    assert all(token in vocabulary for token in hypothesis)
    if prefix:
        assert hypothesis[0] == prefix


@pytest.mark.parametrize("name", list(CASES))
def test_converted_model_scores_like_transformers(tiny: dict[str, Path], tmp_path: Path, name: str) -> None:
    import torch

    output = compat_converter()(str(tiny[name])).convert(str(tmp_path / "ct2"))
    tokenizer, model = load(tiny[name])
    source = _source_tokens(tokenizer, name)
    target_ids = tokenizer(SAMPLE_ENGLISH, add_special_tokens=False).input_ids[:5]
    if CASES[name][2]:
        target_ids = [tokenizer.convert_tokens_to_ids(CASES[name][2]), *target_ids]
    translator = ctranslate2.Translator(output, device="cpu", inter_threads=1, intra_threads=1)
    ct2 = translator.score_batch([source], [tokenizer.convert_ids_to_tokens(target_ids)])[0].log_probs

    start = model.generation_config.decoder_start_token_id
    with torch.no_grad():
        logits = model(
            input_ids=torch.tensor([tokenizer.convert_tokens_to_ids(source)]),
            decoder_input_ids=torch.tensor([[start, *target_ids]]),
        ).logits[0]
    if model.config.model_type == "marian":
        logits[:, model.config.pad_token_id] = -float("inf")  # CTranslate2 drops Marian's <pad> row
    log_probs = torch.log_softmax(logits, dim=-1)
    expected = [
        log_probs[i, token].item() for i, token in enumerate([*target_ids, model.config.eos_token_id])
    ]
    assert len(ct2) == len(expected)
    assert max(abs(a - b) for a, b in zip(ct2, expected, strict=True)) < 1e-3
