"""Loading a model: reference -> local directory -> tokenizer + family + engine."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from models.backends import Backend, GenerationOptions, create_backend
from models.device import DeviceSpec, resolve_device
from models.errors import ModelLoadError
from models.families import ModelFamily, detect_family
from models.hub import ModelRef, parse_model_ref, resolve_model_dir
from models.settings import Settings

log = logging.getLogger(__name__)

# Marian and BART position tables are 512-1024 long; never feed more than this in one segment.
_DEFAULT_MAX_POSITIONS = 512


@dataclass
class LoadedModel:
    """A model ready to run: its tokenizer, family (language handling) and engine.

    max_source_tokens: the longest input the model takes in one call (its position table).
    """

    ref: ModelRef
    path: Path
    tokenizer: Any
    family: ModelFamily
    backend: Backend
    max_source_tokens: int
    # Fast tokenizers are not safe to use from two threads at once, and coded families set
    # `src_lang` before encoding: one lock per model keeps planning and decoding apart.
    _tokenizer_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def name(self) -> str:
        return self.ref.name

    @property
    def replicas(self) -> int:
        """Model calls the engine runs in parallel (`Backend.replicas`)."""
        return self.backend.replicas

    def encode(
        self, texts: Sequence[str], source: str | None = None, target: str | None = None
    ) -> list[list[str]]:
        """Token strings for each text, with the family's special and language tokens."""
        with self._tokenizer_lock:
            return self.family.encode(texts, source, target)

    def count_tokens(self, text: str) -> int:
        with self._tokenizer_lock:
            return len(self.tokenizer.tokenize(text))

    def decode(self, rows: Sequence[Sequence[str]]) -> list[str]:
        """Text for each row of output tokens; special tokens (<unk>, language codes) are dropped."""
        special = self._special_tokens
        with self._tokenizer_lock:
            return [
                self.tokenizer.convert_tokens_to_string([t for t in row if t not in special]).strip()
                for row in rows
            ]

    @cached_property
    def _special_tokens(self) -> frozenset[str]:
        return frozenset(self.tokenizer.all_special_tokens)

    def generate(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target: str | None = None
    ) -> list[list[str]]:
        return self.backend.generate(sources, options, self.family.target_prefix(target))

    def generate_nbest(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, n: int, target: str | None = None
    ) -> list[list[list[str]]]:
        """Up to `n` hypotheses per source, best first."""
        return self.backend.generate_nbest(sources, options, n, self.family.target_prefix(target))

    def close(self) -> None:
        self.backend.close()


def load_model(
    spec: str,
    settings: Settings,
    *,
    backend: str | None = None,
    device: DeviceSpec | None = None,
    shortlist: Path | None = None,
) -> LoadedModel:
    """Resolve and load the model `spec` (alias, hub id or directory).

    backend / device: override the settings' choices (the CLI's --backend, tests). shortlist: a
    vocabulary map for this model (`Settings.shortlist_for(slot)`); CTranslate2 only.
    Raises ModelNotFoundError with the command that fetches it when the model is not here.
    """
    from transformers import AutoConfig, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # per-load bars clutter CLI output and service logs

    ref = parse_model_ref(spec, settings.revision)
    path = resolve_model_dir(ref, settings.cache_dir, settings.offline)
    device = device or resolve_device(settings.device, settings.compute_type, settings.threads)
    try:
        config = AutoConfig.from_pretrained(str(path))
        tokenizer = AutoTokenizer.from_pretrained(str(path))
    except Exception as exc:  # transformers raises many kinds for broken or partial model folders
        log.info("loading the tokenizer or config of %s failed: %r", ref.name, exc)
        raise ModelLoadError(
            f"cannot load the tokenizer or config of {ref.name}: its files are incomplete or damaged "
            "(run with -v for details); fetch it again or point the setting at another directory"
        ) from exc
    engine = create_backend(
        backend or settings.backend,
        path,
        ref.name,
        tokenizer,
        device,
        settings.cache_dir,
        shortlist,
        decode_memory_mb=settings.decode_memory_mb,
        release_memory=settings.release_memory,
    )
    family = detect_family(tokenizer, config, _forced_bos(path, config))
    positions = getattr(config, "max_position_embeddings", None) or _DEFAULT_MAX_POSITIONS
    log.info(
        "loaded %s (%s, %s on %s/%s)", ref.name, family.name, engine.name, device.device, device.compute_type
    )
    return LoadedModel(
        ref=ref,
        path=path,
        tokenizer=tokenizer,
        family=family,
        backend=engine,
        max_source_tokens=int(positions),
    )


def _forced_bos(path: Path, config: Any) -> int | None:
    """The first token generation is forced to start with, from generation_config.json or config."""
    from transformers import GenerationConfig

    try:
        forced = GenerationConfig.from_pretrained(str(path)).forced_bos_token_id
    except OSError:  # no generation_config.json
        forced = None
    return forced if forced is not None else getattr(config, "forced_bos_token_id", None)
