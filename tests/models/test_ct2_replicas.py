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


def test_a_row_cap_makes_more_parts_than_replicas() -> None:
    assert split_rows(6, 1, max_rows=2) == [[0, 3], [1, 4], [2, 5]]
    assert split_rows(7, 2, max_rows=3) == [[0, 3, 6], [1, 4], [2, 5]]
    assert split_rows(4, 2, max_rows=10) == [[0, 2], [1, 3]]  # the cap is not reached
    assert split_rows(2, 1, max_rows=1) == [[0], [1]]
    assert split_rows(3, 2, max_rows=None) == [[0, 2], [1]]
    assert max(len(part) for part in split_rows(60, 2, max_rows=22)) <= 22


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
    # A memory budget too small for two rows: every row is its own part, outputs unchanged.
    capped = CTranslate2Backend(
        folder, DeviceSpec("cpu", "int8", 2), decode_memory_mb=1, vocab_size=10**6, release_memory=True
    )
    assert capped.max_rows(options.beam_size) == 1
    assert capped.generate(sources, options) == expected
    assert [row[0] for row in capped.generate_nbest(sources, options, 2)] == expected
    assert capped._busy == 0  # every replica it claimed is free again
    one.close()
    two.close()
    capped.close()
    model.close()


def test_the_loader_passes_the_memory_settings_to_the_engine(
    tiny_settings: Settings, tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    settings = tiny_settings.model_copy(
        update={"cache_dir": tmp_path, "decode_memory_mb": 64, "release_memory": False}
    )
    model = load_model(str(tiny_models["marian-ar-en"]), settings, backend="ctranslate2")
    backend = model.backend
    assert isinstance(backend, CTranslate2Backend)
    assert (backend.decode_memory_mb, backend.release_memory) == (64, False)
    assert backend.vocab_size == len(model.tokenizer) > 0
    model.close()
