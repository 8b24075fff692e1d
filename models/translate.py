"""Translation of whole documents: plan -> generate in token-budget batches -> reassemble.

The three steps are public so adapters can batch across requests or articles: plan each document,
pool the units of many plans into `translate_units`, then `assemble` each plan with its outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from models.backends import GenerationOptions
from models.batching import plan_batches
from models.loader import LoadedModel
from models.quality import quality_flags
from models.settings import Settings
from models.terminology.placeholders import (
    Masked,
    Slot,
    fragments,
    join_fragments,
    mask,
    needs_model,
    restore,
)
from models.terminology.spans import parse_kinds
from models.terminology.terms import Terminology
from models.text.chunk import chunk_sentence
from models.text.normalize import normalize
from models.text.segment import split_paragraphs, split_sentences


@dataclass(frozen=True)
class TranslationOptions:
    """Per-request decoding choices; None takes the value from settings.

    beam_size: 1 is greedy. max_length_ratio: longest output relative to its source.
    min_new_tokens / max_new_tokens: bounds of each output's length in tokens, an explicit generation
        option (min = max pins it exactly: real tokens, end-of-sentence not forced); 0 / None leave it
        free. `Settings.pin_new_tokens` pins every call of a process (the service benchmark).
    terminology: glossary, do-not-translate kinds and approved memory for this call (None: the
    settings' protected spans only). It shapes planning, not decoding, so it never splits batches.
    """

    beam_size: int | None = None
    max_length_ratio: float | None = None
    min_new_tokens: int = 0
    max_new_tokens: int | None = None
    terminology: Terminology | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Unit:
    """One piece of text sent to the model: a sentence, or a chunk of an over-long one."""

    text: str
    tokens: tuple[str, ...]


@dataclass
class Retry:
    """A sentence whose placeholders did not survive: its fragments (text between the
    placeholders, and slot numbers), the slots lost, and how many fragment units it sent."""

    parts: list[str | int]
    lost: list[Slot]
    groups: list[int]  # units per fragment (a long fragment is chunked)


@dataclass
class SentencePlan:
    """One source sentence. masked: the text sent (placeholders in place of terms and protected
    spans); approved: the editor-approved translation, when the memory has one (no units then)."""

    source: str
    units: list[Unit]
    masked: Masked | None = None
    approved: str | None = None
    retry: Retry | None = None


@dataclass
class DocumentPlan:
    """A document cut into paragraphs of sentences of units, ready to translate."""

    source_lang: str
    target_lang: str
    paragraphs: list[list[SentencePlan]] = field(default_factory=list)

    def units(self) -> list[Unit]:
        return [unit for paragraph in self.paragraphs for sentence in paragraph for unit in sentence.units]


@dataclass(frozen=True)
class Segment:
    """A source sentence, its translation and quality flags (see `models.quality`)."""

    source: str
    target: str
    flags: tuple[str, ...] = ()
    memory: str | None = None  # "approved": the editor-approved translation, not the model's


@dataclass
class TranslatedParagraph:
    source: str
    target: str
    segments: list[Segment]


@dataclass
class DocumentTranslation:
    """The translation of one document, paragraph for paragraph. Empty input gives no paragraphs."""

    source_lang: str
    target_lang: str
    model: str
    paragraphs: list[TranslatedParagraph]

    @property
    def text(self) -> str:
        return "\n\n".join(paragraph.target for paragraph in self.paragraphs)

    @property
    def segments(self) -> list[Segment]:
        return [segment for paragraph in self.paragraphs for segment in paragraph.segments]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"text": self.text}


class Translator:
    """Translates between one pair of languages with one loaded model.

    model: the loaded model. source / target: tarjama language codes. settings: batching
    (batch_tokens, max_batch_size), segment length (segment_tokens) and decoding defaults.
    """

    def __init__(self, model: LoadedModel, source: str, target: str, settings: Settings) -> None:
        self.model = model
        self.source = source
        self.target = target
        self.settings = settings
        # Room for special and language tokens within the model's position table.
        self.segment_tokens = max(8, min(settings.segment_tokens, model.max_source_tokens - 8))

    # -- step 1: plan ---------------------------------------------------------------------------
    def plan(self, text: str, options: TranslationOptions | None = None) -> DocumentPlan:
        """Segment and tokenise one document (see `plan_many`).

        Args:
            text: the document; paragraphs separated by blank lines or one per line.
            options: the call's options; only their terminology shapes the plan.

        Returns:
            Its `DocumentPlan`: paragraphs of sentences of units (empty for text without words).
        """
        return self.plan_many([text], options)[0]

    def terminology(self, options: TranslationOptions | None = None) -> Terminology:
        """The call's terminology: the options' own, else the settings' protected-span kinds."""
        if options is not None and options.terminology is not None:
            return options.terminology
        return Terminology(protect=parse_kinds(self.settings.protect_spans))

    def plan_many(
        self, texts: Sequence[str], options: TranslationOptions | None = None
    ) -> list[DocumentPlan]:
        """Segment and tokenise documents; sentences over the segment budget are chunked, not cut.

        Protected spans and glossary terms are masked per paragraph (before segmentation, so a
        URL's dots never end a sentence); sentences the approved memory knows get no units.

        Args:
            texts: documents, normalised and segmented in this translator's source language.
            options: the call's options; their terminology (else the settings' protected spans).

        Returns:
            One `DocumentPlan` per text, in order; `plan.units()` are what `translate_units` takes.
        """
        terms = self.terminology(options)
        glossary = terms.glossary_for(self.source, self.target)
        structure: list[list[list[Masked]]] = []
        for text in texts:
            doc = []
            for paragraph_text in split_paragraphs(normalize(text)):
                whole = mask(paragraph_text, glossary, terms.protect)
                doc.append([whole.only(s) for s in split_sentences(whole.text, self.source)])
            structure.append(doc)
        sentences = [s for doc in structure for paragraph in doc for s in paragraph]
        sources = [s.source() for s in sentences]
        approved = terms.memory.lookup(f"{self.source}-{self.target}", sources) if terms.memory else {}
        todo = [s.text for s, source in zip(sentences, sources, strict=True) if source not in approved]
        encoded = iter(self._units_for(todo))
        plans = []
        position = iter(sources)
        for doc in structure:
            plan = DocumentPlan(self.source, self.target)
            for masked_paragraph in doc:
                row = []
                for masked in masked_paragraph:
                    source = next(position)
                    if source in approved:
                        row.append(SentencePlan(source, [], masked, approved=approved[source]))
                    else:
                        row.append(SentencePlan(source, next(encoded), masked if masked.slots else None))
                plan.paragraphs.append(row)
            plans.append(plan)
        return plans

    def _units_for(self, sentences: list[str]) -> list[list[Unit]]:
        tokens = self.model.encode(sentences, self.source, self.target)
        result: list[list[Unit]] = []
        for sentence, row in zip(sentences, tokens, strict=True):
            if len(row) <= self.segment_tokens:
                result.append([Unit(sentence, tuple(row))])
                continue
            chunks = chunk_sentence(sentence, self.model.count_tokens, self.segment_tokens - 4)
            rows = self.model.encode(chunks, self.source, self.target)
            result.append([Unit(chunk, tuple(r)) for chunk, r in zip(chunks, rows, strict=True)])
        return result

    # -- step 2: generate -----------------------------------------------------------------------
    def generation_options(self, options: TranslationOptions | None = None) -> GenerationOptions:
        """The backend's decoding options for `options`, defaults taken from the settings.

        Returns:
            `GenerationOptions`; with `settings.pin_new_tokens` set, min = max = that length.
        """
        options = options or TranslationOptions()
        pinned = self.settings.pin_new_tokens
        return GenerationOptions(
            beam_size=options.beam_size or self.settings.beam_size,
            max_length_ratio=options.max_length_ratio or self.settings.max_length_ratio,
            max_new_tokens=pinned or options.max_new_tokens or self.model.max_source_tokens,
            min_new_tokens=pinned or options.min_new_tokens,
        )

    def translate_units(self, units: Sequence[Unit], options: TranslationOptions | None = None) -> list[str]:
        """Translate units (from any number of plans) in length-sorted, token-budget batches.

        Args:
            units: units of one or more plans, in any order.
            options: decoding choices; None takes the settings' defaults.

        Returns:
            One output text per unit, in order.
        """
        generation = self.generation_options(options)
        outputs: list[str] = [""] * len(units)
        batches = plan_batches(
            [len(unit.tokens) for unit in units], self.settings.batch_tokens, self.settings.max_batch_size
        )
        for batch in batches:
            rows = self.model.generate([units[i].tokens for i in batch], generation, self.target)
            for index, text in zip(batch, self.model.decode(rows), strict=True):
                outputs[index] = text
        return outputs

    def alternatives(self, text: str, n: int, options: TranslationOptions | None = None) -> list[str]:
        """Up to `n` different translations of `text`, best first, from the model's n-best lists.

        Alternative k takes each unit's k-th hypothesis (its last one where it has fewer), so a
        document of several sentences gets whole-document alternatives.
        """
        plan = self.plan(text)
        units = plan.units()
        if not units or n < 1:
            return []
        generation = self.generation_options(options)
        hypotheses: list[list[str]] = [[] for _ in units]
        batches = plan_batches(
            [len(unit.tokens) for unit in units], self.settings.batch_tokens, self.settings.max_batch_size
        )
        for batch in batches:
            rows = self.model.generate_nbest([units[i].tokens for i in batch], generation, n, self.target)
            for index, options_of_unit in zip(batch, rows, strict=True):
                hypotheses[index] = self.model.decode(options_of_unit) or [""]
        found: list[str] = []
        for k in range(n):
            outputs = [unit_options[min(k, len(unit_options) - 1)] for unit_options in hypotheses]
            candidate = self.assemble(plan, outputs).text
            if candidate not in found:
                found.append(candidate)
        return found

    # -- step 2b: retry what lost its placeholders ----------------------------------------------
    def retry_units(self, plan: DocumentPlan, outputs: Sequence[str]) -> list[Unit]:
        """Units for the safer second try of sentences whose placeholders did not survive.

        The safer form sends the text between the placeholders on its own, so nothing can be
        lost; `assemble` puts the terms back in source order and flags what the first try lost.
        Call it once per plan, before `assemble`; outputs are in `plan.units()` order.
        """
        pieces = iter(outputs)
        retry: list[Unit] = []
        for paragraph in plan.paragraphs:
            for sentence in paragraph:
                target = " ".join(next(pieces) for _ in sentence.units).strip()
                if sentence.masked is None:
                    continue
                restored, lost = restore(target, sentence.masked, self.target)
                if restored is not None:
                    continue
                parts = fragments(sentence.masked)
                texts = [part for part in parts if isinstance(part, str) and needs_model(part)]
                groups = self._units_for(texts) if texts else []
                sentence.retry = Retry(parts, lost, [len(group) for group in groups])
                retry.extend(unit for group in groups for unit in group)
        return retry

    # -- step 3: reassemble ---------------------------------------------------------------------
    def assemble(
        self, plan: DocumentPlan, outputs: Sequence[str], retried: Sequence[str] = ()
    ) -> DocumentTranslation:
        """Put unit outputs (in `plan.units()` order) back into sentences and paragraphs.

        retried: the outputs of `retry_units(plan, outputs)`, in order. Placeholders are replaced
        by their targets; a sentence that lost them gets its retried form and a flag per term.
        """
        pieces = iter(outputs)
        second = iter(retried)
        paragraphs = []
        for paragraph in plan.paragraphs:
            segments = []
            for sentence in paragraph:
                if sentence.approved is not None:
                    segments.append(Segment(sentence.source, sentence.approved, (), memory="approved"))
                    continue
                target = " ".join(next(pieces) for _ in sentence.units).strip()
                extra: tuple[str, ...] = ()
                if sentence.masked is not None:
                    target, lost = self._restored(sentence, target, second)
                    extra = tuple(dict.fromkeys(slot.flag for slot in lost))
                flags = quality_flags(sentence.source, target, self.target) + extra
                segments.append(Segment(sentence.source, target, flags))
            paragraphs.append(
                TranslatedParagraph(
                    source=" ".join(s.source for s in segments),
                    target=" ".join(s.target for s in segments if s.target),
                    segments=segments,
                )
            )
        return DocumentTranslation(self.source, self.target, self.model.name, paragraphs)

    def _restored(
        self, sentence: SentencePlan, target: str, retried: Iterator[str]
    ) -> tuple[str, list[Slot]]:
        masked = sentence.masked
        if masked is None:
            return target, []
        restored, lost = restore(target, masked, self.target)
        if restored is not None:
            return restored, []
        if sentence.retry is None:
            # No second try was made: keep what the model gave, terms put back where they are
            # recognisable and the lost ones added at the end, so no text is dropped.
            return _salvage(target, masked, lost), lost
        texts = [" ".join(next(retried) for _ in range(count)).strip() for count in sentence.retry.groups]
        return join_fragments(sentence.retry.parts, texts, masked, self.target), sentence.retry.lost

    # -- all three ------------------------------------------------------------------------------
    def translate(
        self, texts: Sequence[str], options: TranslationOptions | None = None
    ) -> list[DocumentTranslation]:
        """Translate documents together: their sentences share batches (and so do their retries)."""
        plans = self.plan_many(texts, options)
        return self.translate_plans(plans, lambda units: self.translate_units(units, options))

    def translate_plans(
        self, plans: Sequence[DocumentPlan], run: Callable[[list[Unit]], list[str]]
    ) -> list[DocumentTranslation]:
        """Plans translated with `run` (units in, one output each): first every plan's units in one
        call, then the safer retries of every plan in one more (only when some are needed), then
        assembly. An adapter whose model calls are asynchronous drives the same `PlansRun` itself.

        Args:
            plans: plans of this translator. run: the model call, e.g. `translate_units` or a queue.
        """
        steps = PlansRun(self, plans)
        retries = steps.retries(run(steps.units()))
        return steps.results(run(retries) if retries else [])


class PlansRun:
    """`Translator.translate_plans` as three steps with the model calls left to the caller:
    `units()` -> outputs -> `retries(outputs)` -> outputs of those (none when empty) -> `results(...)`.

    The steps are plain computation (no model call), so a caller may run them in a thread."""

    def __init__(self, translator: Translator, plans: Sequence[DocumentPlan]) -> None:
        self.translator = translator
        self.plans = list(plans)
        self._groups = [plan.units() for plan in self.plans]
        self._firsts: list[list[str]] = []
        self._retries: list[list[Unit]] = []

    def units(self) -> list[Unit]:
        """Every plan's units, in order: the first model call."""
        return [unit for group in self._groups for unit in group]

    def retries(self, outputs: Sequence[str]) -> list[Unit]:
        """The safer retries the first outputs need (sentences whose placeholders broke), in order."""
        start = 0
        self._firsts = []
        for group in self._groups:
            self._firsts.append(list(outputs[start : start + len(group)]))
            start += len(group)
        pairs = zip(self.plans, self._firsts, strict=True)
        self._retries = [self.translator.retry_units(plan, first) for plan, first in pairs]
        return [unit for group in self._retries for unit in group]

    def results(self, second: Sequence[str]) -> list[DocumentTranslation]:
        """Each plan assembled from its first outputs and the outputs of its retries."""
        results, start = [], 0
        for plan, first, group in zip(self.plans, self._firsts, self._retries, strict=True):
            results.append(self.translator.assemble(plan, first, second[start : start + len(group)]))
            start += len(group)
        return results


def _salvage(output: str, masked: Masked, lost: Sequence[Slot]) -> str:
    """An output whose placeholders broke: known ones replaced, every lost target appended once."""
    import re

    by_number = {slot.number: slot for slot in masked.slots}
    lost_numbers = {slot.number for slot in lost}

    def put(match: re.Match[str]) -> str:
        slot = by_number.get(int(match.group(1)))
        return slot.target if slot is not None and slot.number not in lost_numbers else ""

    text = " ".join(re.sub(r"_{1,2} ?T ?(\d{1,4}) ?_{1,2}", put, output).split())
    tail = " ".join(slot.target for slot in lost)
    return f"{text} {tail}".strip()
