"""`QueuedEngine`: the engine contract through the scheduler, for one request or job.

Summaries and briefings run in a worker thread with a `QueuedEngine`: their translations go to
the pair's queue and their summary-model calls to the summary model's queue, so they share model
calls with every other request, in the caller's priority. `cancel()` (on a timeout) takes their
waiting units out of the queues and makes the next call fail at once with `CancelledWorkError`.
An optional `UnitMemory` (the service's translation memory, or a job's `models.checkpoint`
in front of it) answers units translated before, and is told of fresh ones as each model call
comes back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from models.contract import SummaryRow
from models.routing import translate_routed
from models.scheduler import Priority, Scheduler, Ticket
from models.terminology.terms import ApprovedMemory
from models.translate import DocumentTranslation, TranslationOptions, Translator, Unit

if TYPE_CHECKING:
    from models.backends import GenerationOptions
    from models.loader import LoadedModel
    from models.settings import Settings


def memory_key(model: str, source: str, target: str, options: Any, text: str) -> str:
    """A stable key: the same text, model, pair and effective decoding options give the same key."""
    payload = json.dumps([model, source, target, repr(options), text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def unit_keys(translator: Translator, units: Sequence[Unit], options: TranslationOptions) -> list[str]:
    """The `memory_key` of each unit: model, pair, effective decoding options and text (the keys of
    the service's translation memory and of a job's checkpoint)."""
    effective = translator.generation_options(options)
    model = translator.model.name
    return [memory_key(model, translator.source, translator.target, effective, unit.text) for unit in units]


class UnitMemory(Protocol):
    """A translation memory for units, keyed by the translator's model and the decoding options."""

    def recall(
        self, translator: Translator, units: Sequence[Unit], options: TranslationOptions
    ) -> list[str | None]:
        """The known output of each unit, None where unknown."""
        ...

    def store(
        self,
        translator: Translator,
        units: Sequence[Unit],
        options: TranslationOptions,
        outputs: Sequence[str],
    ) -> None:
        """Remember fresh outputs, called as each model call comes back (so several times for one
        `translate_units`); failures to store are the memory's to swallow."""
        ...


class QueuedEngine:
    """A `TranslationEngine` whose model calls go through `scheduler` under one ticket.

    Args:
        scheduler: the shared queues (and, through `scheduler.engine`, the loaded models).
        priority: `Priority.INTERACTIVE` (requests) or `Priority.BACKGROUND` (jobs).
        memory: answers units translated before; None asks the model every time.
        approved: the editor-approved memory, attached to every call's terminology that has none
            (approved sentences never reach `memory` or a model); None leaves calls as they are.
    """

    def __init__(
        self,
        scheduler: Scheduler,
        *,
        priority: Priority = Priority.INTERACTIVE,
        memory: UnitMemory | None = None,
        approved: ApprovedMemory | None = None,
    ) -> None:
        self.scheduler = scheduler
        self.ticket = Ticket(priority)
        self.memory = memory
        self.approved = approved

    # -- the contract -----------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The engine's core settings."""
        return self.scheduler.engine.settings

    def spec(self, slot: str) -> str:
        """The model spec of `slot`. Raises: KeyError for an unknown slot."""
        return self.scheduler.engine.spec(slot)

    def model(self, slot: str) -> LoadedModel:
        """The loaded model of `slot` (shared with the engine).

        Raises:
            ModelNotFoundError / ModelLoadError: the model cannot be loaded.
        """
        return self.scheduler.engine.model(slot)

    def translator(self, source: str, target: str) -> Translator:
        """The engine's translator of one pair. Raises: UnsupportedLanguageError."""
        return self.scheduler.engine.translator(source, target)

    def translate(
        self,
        texts: Sequence[str],
        source: str = "auto",
        target: str | None = None,
        options: TranslationOptions | None = None,
    ) -> list[DocumentTranslation]:
        """Like `Engine.translate`, every model call through the pair's queue.

        Raises:
            UnsupportedLanguageError: a pair no model serves.
            OverloadedError: a queue is full. CancelledWorkError: `cancel()` was called.
        """
        given = options or TranslationOptions()
        # Terminology shapes the plans; decoding options alone group units into model calls.
        decoding = dataclasses.replace(given, terminology=None)

        def run(pair: tuple[str, str], group: list[str]) -> list[DocumentTranslation]:
            translator = self.translator(*pair)
            chosen = self._with_approved(translator, given)
            plans = translator.plan_many(group, chosen)
            return translator.translate_plans(
                plans, lambda units: self.translate_units(pair, units, decoding)
            )

        return translate_routed(texts, source, target, run)

    def _with_approved(self, translator: Translator, options: TranslationOptions) -> TranslationOptions:
        """The options with the approved memory attached, unless the call brings its own."""
        if self.approved is None:
            return options
        terms = translator.terminology(options)
        if terms.memory is not None:
            return options
        return dataclasses.replace(options, terminology=dataclasses.replace(terms, memory=self.approved))

    def translate_units(
        self, pair: tuple[str, str], units: Sequence[Unit], options: TranslationOptions
    ) -> list[str]:
        """Outputs for units of one pair: from the memory where known, else from the queue.

        Each distinct unit goes to the model once, however often it repeats.

        Raises:
            OverloadedError: the queue is full. CancelledWorkError: `cancel()` was called.
        """
        if not units:
            return []
        translator = self.translator(*pair)
        known: list[str | None] = (
            self.memory.recall(translator, units, options) if self.memory else [None] * len(units)
        )
        todo = list(dict.fromkeys(unit for unit, value in zip(units, known, strict=True) if value is None))
        fresh: dict[Unit, str] = {}
        if todo:
            memory = self.memory

            def keep(indices: list[int], outputs: list[str]) -> None:
                # Stored as each model call comes back: a job's checkpoint then loses only the
                # calls in flight when the process dies.
                if memory is not None:
                    memory.store(translator, [todo[i] for i in indices], options, outputs)

            queue = self.scheduler.translation_queue(*pair)
            sizes = [len(u.tokens) for u in todo]
            outputs = queue.run(todo, sizes, options, self.ticket, keep if memory is not None else None)
            fresh = dict(zip(todo, outputs, strict=True))
        return [value if value is not None else fresh[unit] for unit, value in zip(units, known, strict=True)]

    def generate_summaries(
        self, slot: str, rows: Sequence[SummaryRow], options: GenerationOptions
    ) -> list[str]:
        """Summary-model outputs through the model's queue (rows of other requests share calls).

        Raises:
            OverloadedError: the queue is full. CancelledWorkError: `cancel()` was called.
        """
        if not rows:
            return []
        queue = self.scheduler.summary_queue(slot)
        group = dataclasses.replace(options, min_new_tokens=0)
        return queue.run(list(rows), [len(row.tokens) for row in rows], group, self.ticket)

    # -- control ----------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop: this engine's waiting units leave the queues; later calls raise `CancelledWorkError`."""
        self.ticket.cancel()
