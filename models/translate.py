"""Translation of whole documents: plan -> generate in token-budget batches -> reassemble.

The three steps are public so adapters can batch across requests or articles: plan each document,
pool the units of many plans into `translate_units`, then `assemble` each plan with its outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from models.backends import GenerationOptions
from models.batching import plan_batches
from models.loader import LoadedModel
from models.quality import quality_flags
from models.settings import Settings
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
    """

    beam_size: int | None = None
    max_length_ratio: float | None = None
    min_new_tokens: int = 0
    max_new_tokens: int | None = None


@dataclass(frozen=True)
class Unit:
    """One piece of text sent to the model: a sentence, or a chunk of an over-long one."""

    text: str
    tokens: tuple[str, ...]


@dataclass
class SentencePlan:
    source: str
    units: list[Unit]


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
    def plan(self, text: str) -> DocumentPlan:
        """Segment and tokenise one document (see `plan_many`).

        Args:
            text: the document; paragraphs separated by blank lines or one per line.

        Returns:
            Its `DocumentPlan`: paragraphs of sentences of units (empty for text without words).
        """
        return self.plan_many([text])[0]

    def plan_many(self, texts: Sequence[str]) -> list[DocumentPlan]:
        """Segment and tokenise documents; sentences over the segment budget are chunked, not cut.

        Args:
            texts: documents, normalised and segmented in this translator's source language.

        Returns:
            One `DocumentPlan` per text, in order; `plan.units()` are what `translate_units` takes.
        """
        structure = [
            [split_sentences(paragraph, self.source) for paragraph in split_paragraphs(normalize(text))]
            for text in texts
        ]
        sentences = [s for doc in structure for paragraph in doc for s in paragraph]
        encoded = iter(self._units_for(sentences))
        plans = []
        for doc in structure:
            plan = DocumentPlan(self.source, self.target)
            for paragraph in doc:
                plan.paragraphs.append([SentencePlan(sentence, next(encoded)) for sentence in paragraph])
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

    # -- step 3: reassemble ---------------------------------------------------------------------
    def assemble(self, plan: DocumentPlan, outputs: Sequence[str]) -> DocumentTranslation:
        """Put unit outputs (in `plan.units()` order) back into sentences and paragraphs.

        Args:
            plan: a plan of this translator. outputs: one text per unit of the plan.

        Returns:
            The document's translation, each segment with its quality flags.
        """
        pieces = iter(outputs)
        paragraphs = []
        for paragraph in plan.paragraphs:
            segments = []
            for sentence in paragraph:
                target = " ".join(next(pieces) for _ in sentence.units).strip()
                segments.append(
                    Segment(sentence.source, target, quality_flags(sentence.source, target, self.target))
                )
            paragraphs.append(
                TranslatedParagraph(
                    source=" ".join(s.source for s in segments),
                    target=" ".join(s.target for s in segments if s.target),
                    segments=segments,
                )
            )
        return DocumentTranslation(self.source, self.target, self.model.name, paragraphs)

    # -- all three ------------------------------------------------------------------------------
    def translate(
        self, texts: Sequence[str], options: TranslationOptions | None = None
    ) -> list[DocumentTranslation]:
        """Translate documents together: their sentences share batches."""
        plans = self.plan_many(texts)
        units = [plan.units() for plan in plans]
        outputs = self.translate_units([unit for group in units for unit in group], options)
        results, start = [], 0
        for plan, group in zip(plans, units, strict=True):
            results.append(self.assemble(plan, outputs[start : start + len(group)]))
            start += len(group)
        return results
