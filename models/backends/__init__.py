"""Inference engines behind one contract (`Backend`), and the factory that picks one."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from models.backends.base import Backend, GenerationOptions
from models.device import DeviceSpec
from models.errors import ConfigurationError, ModelLoadError

__all__ = ["Backend", "GenerationOptions", "create_backend"]

log = logging.getLogger(__name__)


def create_backend(
    kind: str,
    model_dir: Path,
    name: str,
    tokenizer: Any,
    device: DeviceSpec,
    cache_dir: Path,
    shortlist: Path | None = None,
    *,
    decode_memory_mb: int = 0,
    release_memory: bool = False,
) -> Backend:
    """Build the engine `kind` ("auto", "ctranslate2" or "transformers") for one model.

    "auto" takes CTranslate2 where the model converts and falls back to transformers (with a
    warning) where it does not; "ctranslate2" makes a failed conversion an error. shortlist: a
    vocabulary map for CTranslate2 (`models.shortlist`); transformers ignores it with a warning.
    decode_memory_mb / release_memory: CTranslate2's decoding memory budget and heap release
    (`CTranslate2Backend`); transformers ignores them.
    """
    if kind not in ("auto", "ctranslate2", "transformers"):
        raise ConfigurationError(f"unknown backend {kind!r}; use auto, ctranslate2 or transformers")
    if kind in ("auto", "ctranslate2"):
        from models.backends.convert import ConversionError, converted_dir

        try:
            from models.backends.ct2 import CTranslate2Backend

            ct2_dir = converted_dir(model_dir, name, device.compute_type, cache_dir, shortlist)
            return CTranslate2Backend(
                ct2_dir,
                device,
                decode_memory_mb=decode_memory_mb,
                vocab_size=vocabulary_size(tokenizer),
                release_memory=release_memory,
            )
        except (ConversionError, ModelLoadError, ImportError) as exc:
            if kind == "ctranslate2":
                raise ModelLoadError(
                    f"CTranslate2 cannot run {name} ({exc}); use TARJAMA_BACKEND=transformers"
                ) from exc
            log.warning("CTranslate2 cannot run %s (%s); using transformers", name, exc)
    from models.backends.hf import TransformersBackend

    if shortlist is not None:
        log.warning(
            "the vocabulary shortlist %s is ignored: %s runs on transformers, which decodes over the "
            "full vocabulary (shortlists need CTranslate2)",
            shortlist,
            name,
        )

    return TransformersBackend(model_dir, tokenizer, device)


def vocabulary_size(tokenizer: Any) -> int:
    """The tokenizer's vocabulary (the model's output projection); 0 when it cannot tell."""
    try:
        return len(tokenizer)
    except TypeError:
        return 0
