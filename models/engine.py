"""`Engine`: the one object adapters hold. It loads models lazily and translates with `source=auto`."""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.errors import UnsupportedLanguageError
from models.loader import LoadedModel, load_model
from models.settings import Settings
from models.text.detect import detect_language
from models.translate import DocumentTranslation, TranslationOptions, Translator

log = logging.getLogger(__name__)

PAIRS: tuple[tuple[str, str], ...] = (("ar", "en"), ("en", "ar"))
LANGUAGES = {"ar": "Arabic", "en": "English"}


def _pairs_text() -> str:
    return ", ".join(f"{s}->{t}" for s, t in PAIRS)


@dataclass(frozen=True)
class Route:
    """Where one text goes: its (detected) source, target and detection confidence."""

    source: str
    target: str
    confidence: float = 1.0


class Engine:
    """Models on demand for translation and summaries, configured by `Settings`.

    backend: overrides settings.backend for every model this engine loads (CLI --backend).
    model_overrides: map of slot ("ar-en", "en-ar", "summary-en", "summary-ar") to a model spec
    that replaces the configured one (CLI --model).
    """

    def __init__(
        self, settings: Settings, *, backend: str | None = None, model_overrides: dict[str, str] | None = None
    ) -> None:
        self.settings = settings
        self.backend = backend
        self._specs = {
            "ar-en": settings.ar_en_model,
            "en-ar": settings.en_ar_model,
            "summary-en": settings.summary_model_en,
            "summary-ar": settings.summary_model_ar,
        } | (model_overrides or {})
        self._models: dict[str, LoadedModel] = {}
        self._translators: dict[tuple[str, str], Translator] = {}
        self._lock = threading.Lock()
        self._wrap: Callable[[Translator], Translator] | None = None
        self._owns_models = True

    def view(self, wrap: Callable[[Translator], Translator]) -> Engine:
        """An engine sharing this one's settings and loaded models whose translators are `wrap(t)`.

        Adapters use it to route the model calls of library code (summaries, briefings) through
        their own machinery, e.g. the service's cross-request batcher. Closing a view frees nothing.
        """
        view = copy.copy(self)  # shares the model table and its lock
        view._translators = {}
        view._wrap = wrap
        view._owns_models = False
        return view

    # -- models ---------------------------------------------------------------------------------
    def spec(self, slot: str) -> str:
        return self._specs[slot]

    def model(self, slot: str) -> LoadedModel:
        """The loaded model for `slot`, loading it on first use (thread-safe)."""
        with self._lock:
            if slot not in self._models:
                self._models[slot] = load_model(
                    self._specs[slot],
                    self.settings,
                    backend=self.backend,
                    shortlist=self.settings.shortlist_for(slot),
                )
            return self._models[slot]

    def loaded(self) -> dict[str, LoadedModel]:
        return dict(self._models)

    def translator(self, source: str, target: str) -> Translator:
        check_pair(source, target)
        key = (source, target)
        if key not in self._translators:
            model = self.model(f"{source}-{target}")
            translator = Translator(model, source, target, self.settings)
            if self._wrap is not None:
                translator = self._wrap(translator)
            with self._lock:
                self._translators.setdefault(key, translator)
        return self._translators[key]

    def close(self) -> None:
        if not self._owns_models:
            self._translators.clear()
            return
        with self._lock:
            for model in self._models.values():
                model.close()
            self._models.clear()
            self._translators.clear()

    # -- translation ----------------------------------------------------------------------------
    def translate(
        self,
        texts: Sequence[str],
        source: str = "auto",
        target: str | None = None,
        options: TranslationOptions | None = None,
    ) -> list[DocumentTranslation]:
        """Translate texts, detecting each text's language on its own when `source` is auto.

        Texts already in the target language come back unchanged (no model call).
        Texts of the same pair share batches.
        """
        routes = [route(text, source, target) for text in texts]
        results: list[DocumentTranslation | None] = [None] * len(texts)
        for pair in {(r.source, r.target) for r in routes}:
            indices = [i for i, r in enumerate(routes) if (r.source, r.target) == pair]
            if pair[0] == pair[1]:
                for i in indices:
                    results[i] = passthrough(texts[i], pair[0])
                continue
            translated = self.translator(*pair).translate([texts[i] for i in indices], options)
            for i, result in zip(indices, translated, strict=True):
                results[i] = result
        return [r for r in results if r is not None]


def route(text: str, source: str = "auto", target: str | None = None) -> Route:
    """Decide the pair for one text: `auto` detects its language; no target means the other one.

    A text with no letters to detect from is taken as Arabic with confidence 0.
    """
    confidence = 1.0
    if source == "auto":
        detection = detect_language(text)
        known = detection.lang in LANGUAGES
        source, confidence = (detection.lang, detection.confidence) if known else ("ar", 0.0)
    if target is None:
        target = "en" if source == "ar" else "ar"
    if source != target:
        check_pair(source, target)
    return Route(source, target, confidence)


def check_pair(source: str, target: str) -> None:
    if (source, target) not in PAIRS:
        raise UnsupportedLanguageError(
            f"unsupported language pair {source}->{target}; supported pairs: {_pairs_text()}"
        )


def passthrough(text: str, lang: str) -> DocumentTranslation:
    """A 'translation' of a text already in the target language: the text itself, paragraph for paragraph."""
    from models.text.normalize import normalize
    from models.text.segment import split_paragraphs, split_sentences
    from models.translate import Segment, TranslatedParagraph

    paragraphs = []
    for paragraph in split_paragraphs(normalize(text)):
        segments = [Segment(s, s) for s in split_sentences(paragraph, lang)]
        paragraphs.append(TranslatedParagraph(paragraph, paragraph, segments))
    return DocumentTranslation(lang, lang, "none", paragraphs)
