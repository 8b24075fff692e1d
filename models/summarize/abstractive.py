"""Abstractive summaries with a seq2seq summary model (BART, T5/mT5, ...), map-reduce over long input.

Nothing is truncated. The article is segmented into sentences, whole sentences are packed into chunks
that fit the model's window (its position table, less room for special and prefix tokens; a single
over-long sentence is split with `models.text.chunk.chunk_sentence`), and then:

1. **map**: when there is more than one chunk, every chunk is summarised (chunks of one pass share
   token-budget batches, `models.batching.generate_rows`, or the scheduler's summary queue);
2. **reduce**: the partial summaries, in order, are segmented and packed again; while they still need
   more than one window, step 1 repeats on them;
3. **final pass**: the one remaining chunk is summarised to the requested length.

A map pass writes at most a third of a window per chunk, so every pass shrinks the text (and if
re-tokenised output ever fails to shrink, the per-chunk length is halved), which bounds the number of
passes by about log3 of the article length in windows.

Decoding: beam search with `settings.beam_size`, `no_repeat_ngram_size=3`, and a length derived from
the summary's sentence count (`TOKENS_PER_SENTENCE` tokens a sentence at most, a third of that at
least), all overridable with `AbstractiveOptions`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.backends import GenerationOptions
from models.batching import generate_rows
from models.contract import SummaryRow
from models.errors import ConfigurationError, InvalidInputError, TarjamaError
from models.loader import LoadedModel
from models.settings import Settings
from models.text.chunk import chunk_sentence
from models.text.normalize import normalize
from models.text.segment import split_paragraphs, split_sentences

TOKENS_PER_SENTENCE = 30
"""Most new tokens per requested summary sentence (final pass); the minimum is a third of the maximum."""

SPECIAL_MARGIN = 2
"""Tokens kept free in each window beyond the measured special/prefix tokens (joining sentences can
tokenise a little differently from the sum of their parts; every chunk is also checked exactly)."""

MIN_WINDOW = 16
"""Smallest usable window (source tokens per model input)."""

MIN_MAP_TOKENS = 4
"""Floor of the per-chunk summary length in map passes."""

MAX_PASSES = 32
"""Safety net: map-reduce gives up (with an error, never by truncating) after this many passes."""


@dataclass(frozen=True)
class AbstractiveOptions:
    """Decoding and chunking choices; None takes the default described in the module docstring.

    beam_size: 1 is greedy; None uses settings.beam_size.
    max_new_tokens / min_new_tokens: length of the final summary in tokens; None derives them from
        the sentence count. The minimum never exceeds half the input of the final pass.
    no_repeat_ngram_size: 0 turns it off.
    length_penalty: beam-search length penalty (1.0 neutral; >1 favours longer outputs).
    window: source tokens per model input, special tokens included; None is the model's
        `max_source_tokens`. Smaller values force more chunks (tests, memory-bound devices); larger
        values are capped at the model's window.
    """

    beam_size: int | None = None
    max_new_tokens: int | None = None
    min_new_tokens: int | None = None
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0
    window: int | None = None

    def __post_init__(self) -> None:
        checks = {
            "beam_size": (self.beam_size, 1),
            "max_new_tokens": (self.max_new_tokens, 1),
            "min_new_tokens": (self.min_new_tokens, 0),
            "window": (self.window, MIN_WINDOW),
        }
        for name, (value, least) in checks.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < least):
                raise InvalidInputError(f"{name} must be a whole number of at least {least}, got {value!r}")
        if self.no_repeat_ngram_size < 0:
            raise InvalidInputError(
                f"no_repeat_ngram_size must be 0 or more, got {self.no_repeat_ngram_size}"
            )


@dataclass
class AbstractiveResult:
    """An abstractive summary: its sentences, and how much work it took.

    chunks: model inputs summarised, every pass included (1 when the article fits one window).
    passes: map passes plus the final pass (0 for empty input).
    """

    sentences: list[str]
    chunks: int = 0
    passes: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass(frozen=True)
class Chunk:
    """Whole sentences (or pieces of one over-long sentence) that fit one window, tokenised."""

    text: str
    tokens: tuple[str, ...]


def summary_length(sentences: int, options: AbstractiveOptions | None = None) -> tuple[int, int]:
    """(max_new_tokens, min_new_tokens) of the final pass for a summary of `sentences` sentences."""
    options = options or AbstractiveOptions()
    longest = options.max_new_tokens or max(1, sentences) * TOKENS_PER_SENTENCE
    shortest = options.min_new_tokens if options.min_new_tokens is not None else longest // 3
    return longest, min(shortest, longest)


def article_sentences(text: str, lang: str) -> list[str]:
    """The sentences of `text`, paragraph after paragraph (normalised, whitespace collapsed)."""
    return [s for paragraph in split_paragraphs(normalize(text)) for s in split_sentences(paragraph, lang)]


SummaryRunner = Callable[[Sequence[SummaryRow], GenerationOptions], list[str]]
"""Runs summary-model rows: `engine.generate_summaries` bound to a slot, or the model directly."""


class MapReduceSummarizer:
    """Summarises texts of any length with one loaded summary model in one language.

    run: how model calls are made (`TranslationEngine.generate_summaries` for the slot, so they go
    through the scheduler when the engine is a queued one); None calls `model` directly.
    """

    def __init__(
        self,
        model: LoadedModel,
        lang: str,
        settings: Settings,
        options: AbstractiveOptions | None = None,
        run: SummaryRunner | None = None,
    ) -> None:
        self.model = model
        self.lang = lang
        self.settings = settings
        self.options = options or AbstractiveOptions()
        self.run: SummaryRunner = run or (
            lambda rows, generation: generate_rows(
                model, lang, rows, generation, settings.batch_tokens, settings.max_batch_size
            )
        )
        window = min(self.options.window or model.max_source_tokens, model.max_source_tokens)
        overhead = len(model.encode([""], lang, lang)[0])
        self.window = window
        self.budget = window - overhead - SPECIAL_MARGIN
        if window < MIN_WINDOW or self.budget < MIN_WINDOW // 2:
            raise ConfigurationError(
                f"a summary window of {window} tokens is too small for {model.name}; "
                f"use at least {MIN_WINDOW}"
            )

    # -- packing --------------------------------------------------------------------------------
    def pack(self, sentences: Sequence[str]) -> list[Chunk]:
        """Whole sentences packed greedily into chunks that fit the window, in order.

        A sentence over the budget is split with `chunk_sentence`; every chunk is then encoded
        and checked against the window, and re-split when the estimate was too low.
        """
        count = self.model.count_tokens
        pieces: list[tuple[str, int]] = []
        for sentence in sentences:
            n = count(sentence)
            if n <= self.budget:
                pieces.append((sentence, n))
            else:
                pieces.extend((piece, count(piece)) for piece in chunk_sentence(sentence, count, self.budget))
        groups: list[list[str]] = []
        current: list[str] = []
        total = 0
        for piece, n in pieces:
            if current and total + n > self.budget:
                groups.append(current)
                current, total = [], 0
            current.append(piece)
            total += n
        if current:
            groups.append(current)
        return self._fit(groups, self.budget)

    def _fit(self, groups: list[list[str]], budget: int) -> list[Chunk]:
        """Encode each group's joined text; groups over the window are halved (or re-chunked)."""
        texts = [" ".join(group) for group in groups]
        rows = self.model.encode(texts, self.lang, self.lang) if texts else []
        chunks: list[Chunk] = []
        for group, text, row in zip(groups, texts, rows, strict=True):
            if len(row) <= self.window:
                chunks.append(Chunk(text, tuple(row)))
            elif len(group) > 1:
                mid = len(group) // 2
                chunks.extend(self._fit([group[:mid], group[mid:]], budget))
            else:
                smaller = max(1, budget // 2)
                pieces = chunk_sentence(text, self.model.count_tokens, smaller)
                chunks.extend(self._fit([[piece] for piece in pieces], smaller))
        return chunks

    # -- generation -----------------------------------------------------------------------------
    def generate(self, chunks: Sequence[Chunk], max_new_tokens: int, min_new_tokens: int) -> list[str]:
        """Summaries of `chunks` (in order): one call of the runner, which batches them.

        A chunk asks for at most half its own length as its minimum (a model call decodes at
        least the smallest minimum of its rows).
        """
        options = GenerationOptions(
            beam_size=self.options.beam_size or self.settings.beam_size,
            max_length_ratio=self.settings.max_length_ratio,
            max_new_tokens=max_new_tokens,
            min_new_tokens=0,
            no_repeat_ngram_size=self.options.no_repeat_ngram_size,
            length_penalty=self.options.length_penalty,
        )
        rows = [SummaryRow(chunk.tokens, min(min_new_tokens, len(chunk.tokens) // 2)) for chunk in chunks]
        return [" ".join(text.split()) for text in self.run(rows, options)]

    # -- map-reduce -----------------------------------------------------------------------------
    def summarize(self, sentences: Sequence[str], summary_sentences: int = 3) -> AbstractiveResult:
        """Summarise the article given as its sentences into about `summary_sentences` sentences."""
        final_max, final_min = summary_length(summary_sentences, self.options)
        map_max = max(MIN_MAP_TOKENS, min(final_max, self.budget // 3))
        map_min = min(final_min, map_max // 2)
        chunks = self.pack([s for s in sentences if s.strip()])
        result = AbstractiveResult([])
        while len(chunks) > 1:
            if result.passes >= MAX_PASSES:
                raise TarjamaError(
                    f"the abstractive summary did not converge after {MAX_PASSES} passes; "
                    "use the extractive method for this article"
                )
            result.passes += 1
            result.chunks += len(chunks)
            partials = self.generate(chunks, map_max, map_min)
            reduced = [s for partial in partials for s in split_sentences(partial, self.lang)]
            packed = self.pack(reduced)
            if len(packed) >= len(chunks):  # re-tokenised output did not shrink: write less per chunk
                map_max = max(MIN_MAP_TOKENS, map_max // 2)
                map_min = min(map_min, map_max // 2)
            chunks = packed
        if chunks:
            result.passes += 1
            result.chunks += 1
            (summary,) = self.generate(chunks, final_max, final_min)
            result.sentences = split_sentences(summary, self.lang)
        return result


def summarize_abstractive(
    model: LoadedModel,
    text_or_sentences: str | Sequence[str],
    lang: str,
    settings: Settings,
    sentences: int = 3,
    options: AbstractiveOptions | None = None,
    run: SummaryRunner | None = None,
) -> AbstractiveResult:
    """Summarise an article of any length with `model` (map-reduce when it exceeds one window).

    Args:
        model: a loaded summary model (`engine.model("summary-en")`).
        text_or_sentences: the article as text (segmented into paragraphs and sentences) or as its
            sentences.
        lang: "ar" or "en", the article's and the summary's language.
        settings: batching (batch_tokens, max_batch_size) and decoding defaults (beam_size,
            max_length_ratio).
        sentences: target length in sentences (about `TOKENS_PER_SENTENCE` tokens each).
        options: decoding and window overrides.
        run: how model calls are made (see `MapReduceSummarizer`); None calls `model` directly.

    Returns:
        The summary split into sentences, with the number of chunks and passes; an empty result
        (and no model call) for input without text.
    """
    if isinstance(text_or_sentences, str):
        items = article_sentences(text_or_sentences, lang)
    else:
        items = [" ".join(s.split()) for s in text_or_sentences if s.strip()]
    if not items:
        return AbstractiveResult([])
    return MapReduceSummarizer(model, lang, settings, options, run).summarize(items, sentences)
