"""What a summary is asked for (`SummaryOptions`) and what comes back (`Summary`).

The two dataclasses follow the contract in docs/architecture.md ("Summaries"). Options are checked
when they are built, so a bad method, language or route fails before any model loads.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from models.errors import InvalidInputError, UnsupportedLanguageError
from models.languages import CODES

SUMMARY_LANGUAGES = CODES
METHODS = ("extractive", "abstractive")
ROUTES = ("auto", "summarize-first", "translate-first")
WORDS_PER_SENTENCE = 25
"""A word budget becomes an abstractive summary's sentence hint at this many words a sentence."""


def check_language(lang: object, what: str = "summary language") -> str:
    """`lang` when it is "ar" or "en"; otherwise UnsupportedLanguageError naming `what`."""
    if lang not in SUMMARY_LANGUAGES:
        raise UnsupportedLanguageError(f"unsupported {what} {lang!r}; use 'ar' or 'en'")
    return str(lang)


@dataclass(frozen=True)
class SummaryOptions:
    """What to summarise into.

    lang: language of the summary, "ar" or "en" (a cross-lingual summary when it is not the
        article's language).
    method: "extractive" (sentences of the article, no summary model) or "abstractive"
        (a seq2seq summary model per language, see `models.summarize.abstractive`).
    sentences: k sentences (extractive), or the target length of an abstractive summary
        (about 30 tokens a sentence).
    ratio: share of the article's sentences (0 < ratio <= 1), used when `sentences` is None.
        With both None, the engine's `settings.summary_sentences` is used.
    words: a length budget in words; overrides `sentences` and `ratio`. Extractive summaries are whole
        sentences picked until the budget is reached (the last may run past it); abstractive ones take
        it as a length hint (one sentence per `WORDS_PER_SENTENCE` words).
    trim: with `words`, cut the summary at the budget (the last sentence shortened, ending with "…";
        `stats["trimmed_words"]` counts the words cut). Off by default: whole sentences.
    route: for a cross-lingual summary: "summarize-first", "translate-first" or "auto" (see
        `models.summarize.crosslingual.choose_route`). Ignored when no translation is needed.

    Raises (on construction): UnsupportedLanguageError for a bad `lang`, InvalidInputError for a bad
    method, route, sentences or ratio.
    """

    lang: str
    method: str = "extractive"
    sentences: int | None = 3
    ratio: float | None = None
    route: str = "auto"
    words: int | None = None
    trim: bool = False

    def __post_init__(self) -> None:
        check_language(self.lang)
        if self.method not in METHODS:
            raise InvalidInputError(f"unknown summary method {self.method!r}; use {' or '.join(METHODS)}")
        if self.route not in ROUTES:
            raise InvalidInputError(f"unknown summary route {self.route!r}; use one of {', '.join(ROUTES)}")
        if self.sentences is not None and (
            isinstance(self.sentences, bool) or not isinstance(self.sentences, int) or self.sentences < 1
        ):
            raise InvalidInputError(f"sentences must be a whole number of at least 1, got {self.sentences!r}")
        if self.ratio is not None and (
            isinstance(self.ratio, bool)
            or not isinstance(self.ratio, (int, float))
            or not 0 < self.ratio <= 1
        ):
            raise InvalidInputError(f"ratio must be a number above 0 and at most 1, got {self.ratio!r}")
        if self.words is not None and (
            isinstance(self.words, bool) or not isinstance(self.words, int) or self.words < 1
        ):
            raise InvalidInputError(f"words must be a whole number of at least 1, got {self.words!r}")
        if not isinstance(self.trim, bool):
            raise InvalidInputError(f"trim must be true or false, got {self.trim!r}")


@dataclass
class Summary:
    """A summary, sentence by sentence.

    lang: language of the summary. source_lang: language of the article. method: as asked.
    route: the route taken: "none" (summary in the article's language), "summarize-first" or
        "translate-first" ("auto" is never reported).
    sentences: the summary's sentences, in order; [] for an article with no text.
    models: slot -> model name for every model used ({} for a monolingual extractive summary).
    stats: counts for monitoring and tests: `article_sentences`, `translated_segments`
        (sentences sent to a translation model), and for abstractive summaries `chunks` (model
        inputs summarised, every pass included) and `passes` (1 when the text fits one window);
        `trimmed_words` when a word budget was asked with `trim`.
    """

    lang: str
    source_lang: str
    method: str
    route: str
    sentences: list[str]
    models: dict[str, str] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(sentence for sentence in self.sentences if sentence)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"text": self.text}
