"""A multilingual model (language codes as tokens) behind the same API as Marian pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.engine import Engine
from models.settings import Settings
from models.translate import TranslationOptions


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_multilingual_model_serves_both_directions(
    tiny_settings: Settings, tiny_models: dict[str, Path], backend: str
) -> None:
    name = "nllb" if "nllb" in tiny_models else "m2m100"
    model = str(tiny_models[name])
    engine = Engine(tiny_settings, backend=backend, model_overrides={"ar-en": model, "en-ar": model})
    try:
        ar_en = engine.translator("ar", "en")
        assert ar_en.model.family.name == name
        assert ar_en.model.family.target_prefix("en") == (["eng_Latn"] if name == "nllb" else ["__en__"])
        (unit,) = ar_en.plan("جملة واحدة.").units()
        assert ("arb_Arab" if name == "nllb" else "__ar__") in unit.tokens
        results = engine.translate(
            ["جملة أولى. جملة ثانية.", "One sentence."], "auto", None, TranslationOptions(max_new_tokens=4)
        )
        assert [len(r.segments) for r in results] == [2, 1]
        assert [r.target_lang for r in results] == ["en", "ar"]
    finally:
        engine.close()
