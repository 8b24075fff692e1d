"""One-time conversion of a transformers model to CTranslate2, cached beside the hub cache.

The converted copy lives in `cache_dir/ct2/<name>-<fingerprint>-<compute type>`, so a new model
revision or another compute type gets its own conversion and nothing is converted twice.
"""

from __future__ import annotations

import fcntl
import logging
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from models.hub import model_fingerprint

log = logging.getLogger(__name__)


class ConversionError(Exception):
    """CTranslate2 cannot convert this model (unsupported architecture or converter lag)."""


def _quantization(compute_type: str) -> str:
    # Store weights in the precision they will run in; int8 variants share int8 weights.
    return "int8" if compute_type.startswith("int8") else compute_type


def converted_dir(model_dir: Path, name: str, compute_type: str, cache_dir: Path) -> Path:
    """Return the CTranslate2 copy of `model_dir`, converting it first if needed.

    name: a readable label for the cache folder (the model id). compute_type: the precision the
    model will run in. Concurrent callers (service workers, batch processes) wait on a file lock
    instead of converting twice; the result appears atomically.
    """
    label = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[-60:] or "model"
    quantization = _quantization(compute_type)
    target = cache_dir / "ct2" / f"{label}-{model_fingerprint(model_dir)}-{quantization}"
    if (target / "model.bin").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "model.bin").is_file():
            return target
        log.info("converting %s to CTranslate2 (%s); this happens once", name, quantization)
        work = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
        try:
            _convert(model_dir, work / "model", quantization)
            (work / "model").rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


def _convert(model_dir: Path, output: Path, quantization: str) -> None:
    try:
        converter = compat_converter()(str(model_dir), low_cpu_mem_usage=True)
        converter.convert(str(output), quantization=quantization, force=True)
    except Exception as exc:  # the converter raises many kinds; all mean "cannot convert"
        log.info("converting %s for CTranslate2 failed: %r", model_dir, exc)
        raise ConversionError("its converter does not handle this model (run with -v for details)") from exc


@cache
def compat_converter() -> Any:
    """The converter class; built on first use, since `ctranslate2.converters` imports torch."""
    import ctranslate2.converters

    class CompatConverter(ctranslate2.converters.TransformersConverter):  # type: ignore[misc,name-defined]
        """CTranslate2's converter, fixed for what transformers 5 changed in configs it reads.

        BART: transformers 5 dropped `normalize_before` (BART is post-norm, so False); the converter's
        BART loader (distilbart too) fails without it. T5/mT5: transformers 5 always says
        `tie_word_embeddings=True`, which makes the converter scale decoder outputs by d_model**-0.5;
        only T5 still scales (`scale_decoder_outputs`), so mT5 scores would be wrong without this.
        """

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            config = model.config
            if config.model_type == "bart" and not hasattr(config, "normalize_before"):
                config.normalize_before = False
            if config.model_type in ("t5", "mt5"):
                config.tie_word_embeddings = bool(getattr(config, "scale_decoder_outputs", False))
            return model

    return CompatConverter
