"""Device and precision, resolved in one place for every backend."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.errors import ConfigurationError

if TYPE_CHECKING:
    import torch

_GPU_ONLY = {"float16", "bfloat16", "int8_float16", "int8_bfloat16"}


@dataclass(frozen=True)
class DeviceSpec:
    """Where and in which precision a model runs.

    `compute_type` uses CTranslate2's names (int8, float16, ...); `torch_dtype_name` is what the
    transformers backend loads its weights in (it has no int8 path, so int8 maps to float32 on CPU).
    """

    device: str  # "cpu" or "cuda"
    compute_type: str
    threads: int  # intra-op threads, already resolved from 0 = all cores

    @property
    def torch_dtype_name(self) -> str:
        if self.compute_type in ("float16", "int8_float16"):
            return "float16"
        if self.compute_type in ("bfloat16", "int8_bfloat16"):
            return "bfloat16"
        return "float32"

    def torch_dtype(self) -> torch.dtype:
        import torch

        return getattr(torch, self.torch_dtype_name)  # type: ignore[no-any-return]


def cuda_available() -> bool:
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency
        return False
    return bool(torch.cuda.is_available())


def _bf16_supported() -> bool:
    import torch

    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())


def resolve_device(device: str = "auto", compute_type: str = "auto", threads: int = 0) -> DeviceSpec:
    """Turn settings into a concrete `DeviceSpec`, failing fast on combinations that cannot work.

    device: "auto" takes CUDA when torch sees a GPU, else CPU; "cuda" without a GPU is an error.
    compute_type: "auto" is int8 on CPU (CTranslate2 quantises; transformers runs float32) and
    bfloat16 on GPUs that support it, float16 otherwise.
    threads: 0 means every core this process may use.
    """
    if device not in ("auto", "cpu", "cuda"):
        raise ConfigurationError(f"unknown device {device!r}; use auto, cpu or cuda")
    has_cuda = cuda_available() if device != "cpu" else False
    if device == "cuda" and not has_cuda:
        raise ConfigurationError(
            "device 'cuda' was asked for but no CUDA GPU is visible to torch; "
            "install a CUDA build of torch (see README) or set TARJAMA_DEVICE=cpu"
        )
    resolved = "cuda" if has_cuda else "cpu"
    if compute_type == "auto":
        compute_type = ("bfloat16" if _bf16_supported() else "float16") if resolved == "cuda" else "int8"
    if resolved == "cpu" and compute_type in _GPU_ONLY:
        raise ConfigurationError(f"compute type {compute_type} needs a GPU; on CPU use int8 or float32")
    if threads <= 0:
        threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return DeviceSpec(device=resolved, compute_type=compute_type, threads=threads)
