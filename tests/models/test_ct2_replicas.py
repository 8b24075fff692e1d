"""CTranslate2 on small CPUs: one single-threaded replica per thread, each batch split across them."""

from __future__ import annotations

from pathlib import Path

from models.backends import GenerationOptions
from models.backends.convert import converted_dir
from models.backends.ct2 import CTranslate2Backend, cpu_thread_layout, split_rows
from models.device import DeviceSpec
from models.loader import load_model
from models.settings import Settings


def test_thread_layout() -> None:
    assert cpu_thread_layout(1) == (1, 1)
    assert cpu_thread_layout(2) == (2, 1)
    assert cpu_thread_layout(4) == (4, 1)
    assert cpu_thread_layout(16) == (1, 16)
    assert cpu_thread_layout(0) == (1, 1)


def test_rows_are_dealt_round_robin() -> None:
    assert split_rows(5, 2) == [[0, 2, 4], [1, 3]]
    assert split_rows(1, 2) == [[0]]
    assert split_rows(3, 1) == [[0, 1, 2]]


def test_split_batches_give_the_same_outputs_in_order(
    tiny_settings: Settings, tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    settings = tiny_settings.model_copy(update={"cache_dir": tmp_path})
    model = load_model(str(tiny_models["marian-ar-en"]), settings, backend="ctranslate2")
    sentences = [
        "أعلنت الوزارة افتتاح مستشفى جديد.",
        "قال المتحدث إن المفاوضات ستستأنف.",
        "ارتفعت الأسعار.",
        "وصل الرئيس.",
    ]
    sources = model.encode(sentences, "ar", "en")
    folder = converted_dir(tiny_models["marian-ar-en"], str(tiny_models["marian-ar-en"]), "int8", tmp_path)
    options = GenerationOptions(beam_size=2, min_new_tokens=5, max_new_tokens=5)
    one = CTranslate2Backend(folder, DeviceSpec("cpu", "int8", 1))
    two = CTranslate2Backend(folder, DeviceSpec("cpu", "int8", 2))
    assert (one.replicas, two.replicas) == (1, 2)
    expected = one.generate(sources, options)
    assert two.generate(sources, options) == expected
    assert [len(row) for row in expected] == [5] * 4
    assert two.generate(sources[:1], options) == expected[:1]
    one.close()
    two.close()
    model.close()
