"""The engine contract: what summaries, briefings and the adapters need from an engine.

`models.engine.Engine` implements it by calling the models directly; `models.queued.QueuedEngine`
implements it through the core scheduler (`models.scheduler`), so the model calls of one request or
job share batches with every other and stop when it is cancelled; `models.briefing.compose.
TranslationMemo` implements it over another engine, answering sentences translated before. Code
that only needs these methods takes a `TranslationEngine`, never the concrete `Engine`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from models.backends import GenerationOptions
    from models.loader import LoadedModel
    from models.settings import Settings
    from models.translate import DocumentTranslation, TranslationOptions, Translator


@dataclass(frozen=True)
class SummaryRow:
    """One summary-model input: its tokens and the least new tokens it asks for.

    Rows that share a model call decode at least the smallest `min_new_tokens` among them.
    """

    tokens: tuple[str, ...]
    min_new_tokens: int = 0


@runtime_checkable
class TranslationEngine(Protocol):
    """Translation and summary models behind one small interface."""

    @property
    def settings(self) -> Settings:
        """The core settings the models were configured with (batching, decoding defaults)."""
        ...

    def spec(self, slot: str) -> str:
        """The configured model spec of `slot` ("ar-en", "en-ar", "summary-en", "summary-ar").

        Raises:
            KeyError: an unknown slot.
        """
        ...

    def model(self, slot: str) -> LoadedModel:
        """The loaded model of `slot`, loading it on first use (tokenising, window sizes).

        Raises:
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        ...

    def translator(self, source: str, target: str) -> Translator:
        """The translator of one pair (`plan`, `plan_many`, `translate_units`, `assemble`).

        Raises:
            UnsupportedLanguageError: a pair no model serves.
        """
        ...

    def translate(
        self,
        texts: Sequence[str],
        source: str = "auto",
        target: str | None = None,
        options: TranslationOptions | None = None,
    ) -> list[DocumentTranslation]:
        """Translate texts (see `models.engine.Engine.translate`).

        Args:
            texts: documents; paragraphs separated by blank lines.
            source: "ar", "en" or "auto" (each paragraph detected on its own).
            target: the target language; None is the other one.
            options: decoding choices.

        Returns:
            One `DocumentTranslation` per text, in order.

        Raises:
            UnsupportedLanguageError: a pair no model serves.
        """
        ...

    def generate_summaries(
        self, slot: str, rows: Sequence[SummaryRow], options: GenerationOptions
    ) -> list[str]:
        """One decoded output per row from the summary model of `slot`, in order.

        Args:
            slot: "summary-en" or "summary-ar".
            rows: tokenised model inputs (special and prefix tokens included).
            options: decoding options shared by the rows; `min_new_tokens` is taken per row.

        Raises:
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        ...
