"""`Engine`: the one object adapters hold. It loads models lazily and translates with `source=auto`.

It implements the engine contract (`models.contract.TranslationEngine`) by calling the models
directly; `models.queued.QueuedEngine` implements the same contract through the scheduler.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Sequence

from models.backends import GenerationOptions
from models.batching import generate_rows
from models.contract import SummaryRow
from models.languages import LANGUAGES, PAIRS, slot_specs
from models.loader import LoadedModel, load_model
from models.routing import Route, check_pair, passthrough, route, translate_routed
from models.settings import Settings
from models.translate import DocumentTranslation, TranslationOptions, Translator

log = logging.getLogger(__name__)

__all__ = ["LANGUAGES", "PAIRS", "Engine", "Route", "check_pair", "passthrough", "route"]


class Engine:
    """Models on demand for translation and summaries, configured by `Settings`.

    Args:
        settings: model specs, device, batching and decoding defaults.
        backend: overrides settings.backend for every model this engine loads (CLI --backend).
        model_overrides: map of slot ("ar-en", "en-ar", "summary-en", "summary-ar") to a model spec
            that replaces the configured one (CLI --model).
    """

    def __init__(
        self, settings: Settings, *, backend: str | None = None, model_overrides: dict[str, str] | None = None
    ) -> None:
        self._settings = settings
        self.backend = backend
        self._specs = slot_specs(settings) | (model_overrides or {})
        # One load future per slot: loading one model never blocks calls to another.
        self._loads: dict[str, concurrent.futures.Future[LoadedModel]] = {}
        self._translators: dict[tuple[str, str], Translator] = {}
        self._lock = threading.Lock()

    @property
    def settings(self) -> Settings:
        """The core settings this engine was built with."""
        return self._settings

    # -- models ---------------------------------------------------------------------------------
    def spec(self, slot: str) -> str:
        """The model spec of `slot` (configured, or the override).

        Raises:
            KeyError: an unknown slot.
        """
        return self._specs[slot]

    def model(self, slot: str) -> LoadedModel:
        """The loaded model of `slot`, loading it on first use.

        Thread-safe: callers of the same slot wait for one load; other slots are not held up. A
        failed load is not remembered, so a later call tries again.

        Raises:
            KeyError: an unknown slot.
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        spec = self._specs[slot]
        with self._lock:
            future = self._loads.get(slot)
            owner = future is None
            if future is None:
                future = self._loads[slot] = concurrent.futures.Future()
        if owner:
            try:
                future.set_result(
                    load_model(
                        spec, self.settings, backend=self.backend, shortlist=self.settings.shortlist_for(slot)
                    )
                )
            except BaseException as exc:
                future.set_exception(exc)
                with self._lock:
                    self._loads.pop(slot, None)
                raise
        return future.result()

    def loaded(self) -> dict[str, LoadedModel]:
        """The models loaded so far, by slot (loading or failed ones left out).

        Returns:
            A new dict; changing it changes nothing here.
        """
        with self._lock:
            futures = dict(self._loads)
        return {
            slot: f.result()
            for slot, f in futures.items()
            if f.done() and not f.cancelled() and not f.exception()
        }

    def translator(self, source: str, target: str) -> Translator:
        """The translator of one pair, loading its model on first use.

        Raises:
            UnsupportedLanguageError: a pair no model serves.
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        check_pair(source, target)
        key = (source, target)
        found = self._translators.get(key)
        if found is not None:
            return found
        model = self.model(f"{source}-{target}")
        with self._lock:
            return self._translators.setdefault(key, Translator(model, source, target, self.settings))

    def close(self) -> None:
        """Free every loaded model; later calls load them again."""
        loaded = self.loaded()
        with self._lock:
            self._loads.clear()
            self._translators.clear()
        for model in loaded.values():
            model.close()

    # -- translation ----------------------------------------------------------------------------
    def translate(
        self,
        texts: Sequence[str],
        source: str = "auto",
        target: str | None = None,
        options: TranslationOptions | None = None,
    ) -> list[DocumentTranslation]:
        """Translate texts.

        Args:
            texts: documents; paragraphs separated by blank lines.
            source: "ar", "en", or "auto": each paragraph (and a sentence clearly in the other
                script inside one) is detected and routed on its own (`models.routing`).
            target: the target language; None is the other language of each text.
            options: decoding choices.

        Returns:
            One `DocumentTranslation` per text. Pieces already in the target language come back
            unchanged, their segments flagged `kept_source` (no model call). Pieces of the same
            pair share batches.

        Raises:
            UnsupportedLanguageError: a pair no model serves.
        """
        return translate_routed(
            texts, source, target, lambda pair, group: self.translator(*pair).translate(group, options)
        )

    # -- summaries ------------------------------------------------------------------------------
    def generate_summaries(
        self, slot: str, rows: Sequence[SummaryRow], options: GenerationOptions
    ) -> list[str]:
        """One output per row from the summary model of `slot`, in token-budget batches.

        Each batch decodes at least the smallest `min_new_tokens` of its rows.

        Raises:
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        model = self.model(slot)
        settings = self.settings
        return generate_rows(
            model, slot.rsplit("-", 1)[-1], rows, options, settings.batch_tokens, settings.max_batch_size
        )
