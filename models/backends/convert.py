"""One-time conversion of a transformers model to CTranslate2, cached beside the hub cache.

The converted copy lives in `cache_dir/ct2/<name>-<fingerprint>-<compute type>`, so a new model
revision or another compute type gets its own conversion and nothing is converted twice. With a
vocabulary shortlist, `...-vmap<content digest>` holds the same files (hard links where the file
system allows) plus the map as `vmap.txt`: switching the shortlist on, off or to another map never
reuses a copy made for a different one.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
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


def converted_dir(
    model_dir: Path, name: str, compute_type: str, cache_dir: Path, shortlist: Path | None = None
) -> Path:
    """Return the CTranslate2 copy of `model_dir`, converting it first if needed.

    name: a readable label for the cache folder (the model id). compute_type: the precision the
    model will run in. shortlist: a vocabulary map (`models.shortlist`) to place in the copy as
    `vmap.txt`; it is checked first (ConfigurationError when unreadable, malformed or made for
    another vocabulary). Concurrent callers (service workers, batch processes) wait on a file lock
    instead of converting twice; the result appears atomically.
    """
    label = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[-60:] or "model"
    quantization = _quantization(compute_type)
    target = cache_dir / "ct2" / f"{label}-{model_fingerprint(model_dir)}-{quantization}"
    if shortlist is not None:
        return _with_shortlist(_converted(model_dir, name, quantization, target), shortlist)
    return _converted(model_dir, name, quantization, target)


def _converted(model_dir: Path, name: str, quantization: str, target: Path) -> Path:
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


def _with_shortlist(base: Path, shortlist: Path) -> Path:
    """`base`'s files plus `shortlist` as `vmap.txt`, in a folder keyed by the map's content."""
    from models.errors import ConfigurationError
    from models.shortlist import file_digest, read_vmap

    vmap = read_vmap(shortlist)
    known = _target_vocabulary(base)
    named = vmap.tokens()
    if known and named and len(named & known) < 0.5 * len(named):
        raise ConfigurationError(
            f"vocabulary shortlist {shortlist}: most of its tokens are not in this model's target "
            "vocabulary; it was built for another model (rebuild it with `tarjama models shortlist --model`)"
        )
    target = base.parent / f"{base.name}-vmap{file_digest(shortlist)}"
    if (target / "vmap.txt").is_file():
        return target
    with open(base.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "vmap.txt").is_file():
            return target
        work = Path(tempfile.mkdtemp(prefix=".vmap-", dir=base.parent))
        try:
            for file in base.iterdir():
                if file.is_file():
                    try:
                        os.link(file, work / file.name)
                    except OSError:  # another file system, or no hard links: copy
                        shutil.copy2(file, work / file.name)
            shutil.copyfile(shortlist, work / "vmap.txt")
            work.rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


def _target_vocabulary(ct2_dir: Path) -> set[str]:
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        path = ct2_dir / name
        if path.is_file():
            return set(json.loads(path.read_text(encoding="utf-8")))
    return set()


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
