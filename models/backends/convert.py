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
from pathlib import Path

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
    import ctranslate2

    _converter_compat()
    try:
        converter = ctranslate2.converters.TransformersConverter(str(model_dir), low_cpu_mem_usage=True)
        converter.convert(str(output), quantization=quantization, force=True)
    except Exception as exc:  # the converter raises many kinds; all mean "cannot convert"
        raise ConversionError(f"{type(exc).__name__}: {exc}") from exc


def _converter_compat() -> None:
    """Attributes CTranslate2's converter still reads but transformers 5 configs no longer have.

    BART is post-norm; transformers 5 dropped `BartConfig.normalize_before` (always False), and the
    converter's BART loader (also used for distilbart) fails without it.
    """
    from transformers import BartConfig

    if not hasattr(BartConfig, "normalize_before"):
        BartConfig.normalize_before = False  # type: ignore[attr-defined]
