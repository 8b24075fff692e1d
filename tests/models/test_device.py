from __future__ import annotations

import pytest

from models import device as device_module
from models.device import resolve_device
from models.errors import ConfigurationError


def test_auto_on_cpu_is_int8_with_all_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_module, "cuda_available", lambda: False)
    spec = resolve_device("auto", "auto", 0)
    assert spec.device == "cpu"
    assert spec.compute_type == "int8"
    assert spec.threads >= 1
    assert spec.torch_dtype_name == "float32"  # transformers has no int8 path


def test_cuda_without_gpu_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_module, "cuda_available", lambda: False)
    with pytest.raises(ConfigurationError, match="TARJAMA_DEVICE=cpu"):
        resolve_device("cuda")


def test_gpu_precision_on_cpu_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="needs a GPU"):
        resolve_device("cpu", "float16")


def test_gpu_defaults_to_half_precision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_module, "cuda_available", lambda: True)
    monkeypatch.setattr(device_module, "_bf16_supported", lambda: True)
    spec = resolve_device("auto", "auto", 4)
    assert (spec.device, spec.compute_type, spec.threads) == ("cuda", "bfloat16", 4)
    assert spec.torch_dtype_name == "bfloat16"
