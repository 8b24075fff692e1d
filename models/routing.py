"""Language routing: which pair each piece of a text goes through.

With a given `source`, a text goes through one pair as a whole. With `source="auto"` every
paragraph is detected on its own, and inside a paragraph a sentence clearly in the other script (a
quoted English statement in an Arabic paragraph) is routed on its own too. Pieces already in the
target language are kept as written, their segments flagged `kept_source`. A text whose pieces all
take its own pair is translated as one document, exactly as without routing.

`translate_routed` runs the whole thing with a caller-given runner per pair (the engine calls its
translators; the queued engine goes through the scheduler); `route_texts` / `assemble` are the two
halves for callers that run the pairs themselves (the service's event loop).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from models.errors import UnsupportedLanguageError
from models.languages import LANGUAGES, PAIRS, other_language, pairs_text
from models.quality import KEPT_SOURCE
from models.text.detect import detect_language
from models.text.normalize import normalize
from models.text.segment import split_paragraphs, split_sentences
from models.translate import DocumentTranslation, Segment, TranslatedParagraph

SENTENCE_CONFIDENCE = 0.8
"""A sentence inside a paragraph is routed on its own only when detected at least this surely
(a sentence of a few letters, a name or an acronym in the other script stays with its paragraph)."""

Pair = tuple[str, str]


@dataclass(frozen=True)
class Route:
    """Where one text goes: its (detected) source, target and detection confidence."""

    source: str
    target: str
    confidence: float = 1.0


def check_pair(source: str, target: str) -> None:
    """Raises:
    UnsupportedLanguageError: `(source, target)` is not a served pair."""
    if (source, target) not in PAIRS:
        raise UnsupportedLanguageError(
            f"unsupported language pair {source}->{target}; supported pairs: {pairs_text()}"
        )


def route(text: str, source: str = "auto", target: str | None = None) -> Route:
    """Decide the pair for one text as a whole.

    Args:
        text: the text (only its letters count for detection).
        source: "ar", "en" or "auto" (detected; text with no letters is taken as Arabic, confidence 0).
        target: the target language; None is the other one.

    Returns:
        The `Route`; source equals target when the text is already in the target language.

    Raises:
        UnsupportedLanguageError: a pair no model serves.
    """
    confidence = 1.0
    if source == "auto":
        detection = detect_language(text)
        known = detection.lang in LANGUAGES
        source, confidence = (detection.lang, detection.confidence) if known else ("ar", 0.0)
    if target is None:
        target = other_language(source)
    if source != target:
        check_pair(source, target)
    return Route(source, target, confidence)


@dataclass(frozen=True)
class Piece:
    """A piece of a text that goes through one pair (source == target: kept as written)."""

    pair: Pair
    text: str


@dataclass
class RoutedText:
    """A text cut into pieces by language.

    route: the text's own route (its majority language). pieces: what is translated or kept.
    paragraphs: for each paragraph, the indices of its pieces; None when the one piece is the
    whole text.
    """

    route: Route
    pieces: list[Piece]
    paragraphs: list[list[int]] | None = None

    @property
    def mixed(self) -> bool:
        return self.paragraphs is not None


def _runs(paragraph: str, lang: str) -> list[tuple[str, str]]:
    """(language, text) runs of consecutive sentences of one paragraph."""
    sentences = split_sentences(paragraph, lang)
    runs: list[tuple[str, list[str]]] = []
    for sentence in sentences:
        detection = detect_language(sentence)
        sentence_lang = lang
        if detection.lang in LANGUAGES and detection.confidence >= SENTENCE_CONFIDENCE:
            sentence_lang = detection.lang
        if runs and runs[-1][0] == sentence_lang:
            runs[-1][1].append(sentence)
        else:
            runs.append((sentence_lang, [sentence]))
    if len(runs) <= 1:
        return [(lang, paragraph)]
    return [(run_lang, " ".join(run)) for run_lang, run in runs]


def route_text(text: str, source: str = "auto", target: str | None = None) -> RoutedText:
    """Cut one text into pieces by language (see the module docstring).

    Raises:
        UnsupportedLanguageError: a pair no model serves.
    """
    whole = route(text, source, target)
    single = RoutedText(whole, [Piece((whole.source, whole.target), text)])
    if source != "auto":
        return single
    pieces: list[Piece] = []
    paragraphs: list[list[int]] = []
    for paragraph in split_paragraphs(normalize(text)):
        detection = detect_language(paragraph)
        lang = detection.lang if detection.lang in LANGUAGES else whole.source
        indices = []
        for run_lang, run_text in _runs(paragraph, lang):
            if run_lang != whole.target:
                check_pair(run_lang, whole.target)
            indices.append(len(pieces))
            pieces.append(Piece((run_lang, whole.target), run_text))
        paragraphs.append(indices)
    if all(piece.pair == (whole.source, whole.target) for piece in pieces):
        return single
    return RoutedText(whole, pieces, paragraphs)


def route_texts(texts: Sequence[str], source: str = "auto", target: str | None = None) -> list[RoutedText]:
    """`route_text` for each text."""
    return [route_text(text, source, target) for text in texts]


def passthrough(text: str, lang: str) -> DocumentTranslation:
    """A 'translation' of a text already in the target language: the text itself, paragraph for
    paragraph, every segment flagged `kept_source`."""
    paragraphs = []
    for paragraph in split_paragraphs(normalize(text)):
        segments = [Segment(s, s, (KEPT_SOURCE,)) for s in split_sentences(paragraph, lang)]
        paragraphs.append(TranslatedParagraph(paragraph, paragraph, segments))
    return DocumentTranslation(lang, lang, "none", paragraphs)


@dataclass
class PairWork:
    """The pieces of every text that go through one pair: `texts[k]` is piece `keys[k]`."""

    keys: list[tuple[int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def work_by_pair(routed: Sequence[RoutedText]) -> dict[Pair, PairWork]:
    """The pieces to run, grouped by pair, keyed by (text index, piece index)."""
    work: dict[Pair, PairWork] = {}
    for i, item in enumerate(routed):
        for j, piece in enumerate(item.pieces):
            group = work.setdefault(piece.pair, PairWork())
            group.keys.append((i, j))
            group.texts.append(piece.text)
    return work


def assemble(
    routed: Sequence[RoutedText], results: dict[tuple[int, int], DocumentTranslation]
) -> list[DocumentTranslation]:
    """One translation per text from its pieces' translations (keyed as in `work_by_pair`)."""
    documents = []
    for i, item in enumerate(routed):
        if not item.mixed:
            documents.append(results[(i, 0)])
            continue
        parts = [results[(i, j)] for j in range(len(item.pieces))]
        paragraphs = []
        for indices in item.paragraphs or []:
            segments = [s for j in indices for s in parts[j].segments]
            paragraphs.append(
                TranslatedParagraph(
                    source=" ".join(s.source for s in segments),
                    target=" ".join(s.target for s in segments if s.target),
                    segments=segments,
                )
            )
        models = [p.model for p in parts if p.source_lang != p.target_lang]
        own = [
            p.model for p in parts if (p.source_lang, p.target_lang) == (item.route.source, item.route.target)
        ]
        model = (own or models or ["none"])[0]
        documents.append(DocumentTranslation(item.route.source, item.route.target, model, paragraphs))
    return documents


def translate_routed(
    texts: Sequence[str],
    source: str,
    target: str | None,
    run: Callable[[Pair, list[str]], list[DocumentTranslation]],
) -> list[DocumentTranslation]:
    """Route texts, run each pair's pieces together with `run(pair, texts)`, and reassemble.

    Pieces already in the target language never reach `run`.
    """
    routed = route_texts(texts, source, target)
    results: dict[tuple[int, int], DocumentTranslation] = {}
    for pair, group in work_by_pair(routed).items():
        if pair[0] == pair[1]:
            done = [passthrough(text, pair[0]) for text in group.texts]
        else:
            done = run(pair, group.texts)
        results.update(zip(group.keys, done, strict=True))
    return assemble(routed, results)
