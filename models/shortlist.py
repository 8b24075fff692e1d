"""Vocabulary shortlists: which target tokens a model may produce for a given source sentence.

CTranslate2's vocabulary map (`vmap.txt`, used with `translate_batch(..., use_vmap=True)`) has one
line per source token: the token, a tab, then the target tokens it may produce, separated by
spaces; the line whose source is empty lists the tokens that are always allowed. Each batch then
decodes over the union of its source tokens' candidates, so the output projection (most of a
decoding step with a 62k-token vocabulary) and the softmax run over a few thousand rows.

The map is learnt from a parallel corpus with the model's own tokenisers: for each source token,
the target tokens that co-occur with it most (Dice score over aligned sentences), plus the most
frequent target tokens for every sentence. Its quality proxy is `coverage`: the share of a
reference translation's tokens the shortlist admits, measured on documents not used to build it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import ConfigurationError, InvalidInputError


@dataclass(frozen=True)
class ShortlistOptions:
    """How a vocabulary map is built.

    top_k: target candidates kept per source token, best Dice score first.
    always: the most frequent target tokens of the corpus, allowed in every sentence.
    min_pairs: sentences a (source, target) pair must share to be kept (1 keeps every pair seen).
    prior: the most probable pieces of the model's own target tokeniser, also always allowed
    (None: every piece it can produce; 0: none). A small corpus never shows most of a language's
    words; the tokeniser's pieces, learnt on the model's training data, are what it can produce.
    """

    top_k: int = 20
    always: int = 1000
    min_pairs: int = 1
    prior: int | None = None

    def __post_init__(self) -> None:
        if self.top_k < 1 or self.always < 0 or self.min_pairs < 1 or (self.prior or 0) < 0:
            raise InvalidInputError(
                f"shortlist options need top_k >= 1, always >= 0, min_pairs >= 1, prior >= 0; got {self}"
            )


@dataclass
class Vmap:
    """A vocabulary map: tokens always allowed and candidates per source token (in file order)."""

    always: list[str]
    entries: dict[str, list[str]] = field(default_factory=dict)

    def allowed(self, source_tokens: Iterable[str]) -> set[str]:
        """Target tokens the shortlist admits for a sentence with these source tokens."""
        allowed = set(self.always)
        for token in set(source_tokens):
            allowed.update(self.entries.get(token, ()))
        return allowed

    def text(self) -> str:
        lines = ["\t" + " ".join(self.always)]
        lines += [f"{source}\t{' '.join(targets)}" for source, targets in self.entries.items()]
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> None:
        """Write the map atomically (a reader never sees half a file)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(self.text())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def tokens(self) -> set[str]:
        """Every target token the map names."""
        names = set(self.always)
        for targets in self.entries.values():
            names.update(targets)
        return names


def read_vmap(path: Path) -> Vmap:
    """Parse a `vmap.txt`. Raises ConfigurationError naming the file (and line) when it is unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(f"vocabulary shortlist {path} does not exist") from None
    except (OSError, UnicodeDecodeError):
        raise ConfigurationError(f"vocabulary shortlist {path} cannot be read as UTF-8 text") from None
    vmap = Vmap(always=[])
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source, tab, targets = line.partition("\t")
        if not tab or " " in source:
            raise ConfigurationError(
                f"vocabulary shortlist {path}, line {number}: expected one source token, a tab and "
                "target tokens separated by spaces (build one with `tarjama models shortlist`)"
            )
        candidates = targets.split()
        if source:
            vmap.entries[source] = candidates
        else:
            vmap.always.extend(candidates)
    if not vmap.entries and not vmap.always:
        raise ConfigurationError(f"vocabulary shortlist {path} lists no tokens")
    return vmap


def file_digest(path: Path) -> str:
    """A short key for a file's content (the vmap's part of a conversion cache key)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


# -- the parallel corpus ------------------------------------------------------------------------
@dataclass(frozen=True)
class ParallelDocument:
    """One document's aligned lines (headline and paragraphs, or the lines of a line file)."""

    doc_id: str
    pairs: list[tuple[str, str]]


def _read(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInputError(f"cannot read {path} as UTF-8 text") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _aligned(doc_id: str, source: Path, target: Path) -> ParallelDocument:
    left, right = _read(source), _read(target)
    if len(left) != len(right):
        raise InvalidInputError(
            f"{source} has {len(left)} non-blank lines but {target} has {len(right)}; "
            "a parallel corpus needs the same number of lines on both sides"
        )
    return ParallelDocument(doc_id, list(zip(left, right, strict=True)))


def load_parallel(source: Path, target: Path) -> list[ParallelDocument]:
    """Documents of a parallel corpus.

    source / target: two folders whose `*.txt` files have the same names (one document each,
    non-blank lines aligned: NTREX's `ar/` and `en/`), or two line files (each line pair its own
    document). Raises InvalidInputError for anything missing, mismatched or unreadable.
    """
    source, target = Path(source), Path(target)
    for side in (source, target):
        if not side.exists():
            raise InvalidInputError(f"no such folder or file: {side}")
    if source.is_dir() and target.is_dir():
        names = {p.name for p in source.glob("*.txt")}
        other = {p.name for p in target.glob("*.txt")}
        if not names:
            raise InvalidInputError(f"no *.txt files in {source}")
        if names != other:
            missing = sorted(names ^ other)[:3]
            raise InvalidInputError(
                f"{source} and {target} do not hold the same documents (e.g. {', '.join(missing)})"
            )
        return [_aligned(Path(name).stem, source / name, target / name) for name in sorted(names)]
    if source.is_file() and target.is_file():
        document = _aligned(source.name, source, target)
        if not document.pairs:
            raise InvalidInputError(f"{source} and {target} have no lines")
        return [ParallelDocument(f"{source.name}:{n}", [pair]) for n, pair in enumerate(document.pairs, 1)]
    raise InvalidInputError(
        f"pass two folders or two line files, not a folder and a file: {source}, {target}"
    )


def split_documents(
    documents: Sequence[ParallelDocument], held_out: int
) -> tuple[list[ParallelDocument], list[ParallelDocument]]:
    """(build, held back): `held_out` documents spread evenly over the list are held back."""
    if held_out < 0 or held_out >= len(documents):
        raise InvalidInputError(
            f"cannot hold back {held_out} of {len(documents)} documents; at least one must build the map"
        )
    if held_out == 0:
        return list(documents), []
    picked = {int((i + 0.5) * len(documents) / held_out) for i in range(held_out)}
    build = [doc for i, doc in enumerate(documents) if i not in picked]
    held = [doc for i, doc in enumerate(documents) if i in picked]
    return build, held


def sentence_pairs(
    documents: Sequence[ParallelDocument], source_lang: str, target_lang: str
) -> list[tuple[str, str]]:
    """Aligned units: a line's sentences pair up when both sides have as many, else the whole line."""
    from models.text.segment import split_sentences

    units: list[tuple[str, str]] = []
    for document in documents:
        for left, right in document.pairs:
            ours, theirs = split_sentences(left, source_lang), split_sentences(right, target_lang)
            if len(ours) == len(theirs) and len(ours) > 1:
                units.extend(zip(ours, theirs, strict=True))
            else:
                units.append((left, right))
    return units


# -- tokenising with the model's tokenisers ------------------------------------------------------
class PairTokenizer:
    """Source tokens as tarjama sends them to the engine, target tokens as the model produces them.

    tokenizer: the model's (`AutoTokenizer`); family: its `models.families.ModelFamily`.
    source / target: tarjama language codes. Special tokens are left out of the target side
    (CTranslate2 always allows end-of-sentence and unknown).
    """

    def __init__(self, tokenizer: Any, family: Any, source: str, target: str) -> None:
        self.tokenizer = tokenizer
        self.family = family
        self.source_lang = source
        self.target_lang = target
        self._special = set(tokenizer.all_special_tokens)

    def source(self, texts: Sequence[str]) -> list[list[str]]:
        return self.family.encode(list(texts), self.source_lang, self.target_lang) if texts else []

    def target(self, texts: Sequence[str]) -> list[list[str]]:
        if not texts:
            return []
        if hasattr(self.tokenizer, "tgt_lang") and hasattr(self.family, "codes"):
            self.tokenizer.tgt_lang = self.family.codes[self.target_lang]
        ids = self.tokenizer(text_target=list(texts), add_special_tokens=False)["input_ids"]
        return [
            [t for t in self.tokenizer.convert_ids_to_tokens(row) if t not in self._special] for row in ids
        ]

    def target_pieces(self) -> list[str] | None:
        """Every piece the target tokeniser can produce, most probable first; None when the model
        has no tokeniser of its own for the target side (one shared multilingual model)."""
        processor = getattr(self.tokenizer, "spm_target", None)  # Marian: one model per side
        if processor is None:
            return None
        vocab = self.tokenizer.get_vocab()
        scored = [
            (-processor.get_score(i), processor.id_to_piece(i))
            for i in range(processor.get_piece_size())
            if not (processor.is_control(i) or processor.is_unknown(i))
        ]
        return [piece for _, piece in sorted(scored) if piece in vocab and piece not in self._special]


def load_pair_tokenizer(model_dir: Path, source: str, target: str) -> PairTokenizer:
    """The tokenisers of the model in `model_dir` (no weights are loaded)."""
    from transformers import AutoConfig, AutoTokenizer

    from models.errors import ModelLoadError
    from models.families import detect_family

    try:
        config = AutoConfig.from_pretrained(str(model_dir))
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    except Exception as exc:  # transformers raises many kinds for broken or partial model folders
        raise ModelLoadError(f"cannot load the tokenizer of {model_dir}") from exc
    return PairTokenizer(tokenizer, detect_family(tokenizer, config), source, target)


# -- building and measuring ----------------------------------------------------------------------
def _usable(token: str) -> bool:
    # The file format separates with tabs and spaces; a token holding one cannot be written.
    return bool(token) and not any(ch.isspace() for ch in token)


def build_vmap(
    source_rows: Sequence[Sequence[str]],
    target_rows: Sequence[Sequence[str]],
    options: ShortlistOptions,
    prior: Sequence[str] = (),
) -> Vmap:
    """Learn a vocabulary map from aligned token rows.

    Candidates of a source token s: the `top_k` target tokens t with the highest Dice score
    2·n(s,t) / (n(s) + n(t)) (n = sentences containing the tokens), seen together at least
    `min_pairs` times, plus s itself when it also occurs on the target side (numbers, Latin names
    copied through). The `always` most frequent target tokens are in for every sentence and left
    out of the per-token lists, and so are the `prior` tokens (the tokeniser's pieces, see
    `ShortlistOptions.prior`), which come after them. Ties break on the token strings, so the
    same input gives the same file.
    """
    if len(source_rows) != len(target_rows):
        raise InvalidInputError(f"{len(source_rows)} source rows but {len(target_rows)} target rows")
    source_df: Counter[str] = Counter()
    target_df: Counter[str] = Counter()
    target_tf: Counter[str] = Counter()
    together: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for source, target in zip(source_rows, target_rows, strict=True):
        sources = {t for t in source if _usable(t)}
        targets = {t for t in target if _usable(t)}
        source_df.update(sources)
        target_df.update(targets)
        target_tf.update(t for t in target if _usable(t))
        for token in sources:
            together[token].update(targets)
    ranked = sorted(target_tf.items(), key=lambda item: (-item[1], item[0]))
    always = [token for token, _ in ranked[: options.always]]
    always = list(dict.fromkeys([*always, *(t for t in prior if _usable(t))]))
    common = set(always)
    entries: dict[str, list[str]] = {}
    for token in sorted(source_df):
        n_source = source_df[token]
        scored = sorted(
            (
                (-2.0 * count / (n_source + target_df[target]), -count, target)
                for target, count in together[token].items()
                if count >= options.min_pairs and target not in common
            ),
        )
        candidates = [target for _, _, target in scored[: options.top_k]]
        if token in target_df and token not in common and token not in candidates:
            candidates.append(token)
        if candidates:
            entries[token] = candidates
    return Vmap(always=always, entries=entries)


@dataclass(frozen=True)
class CoverageReport:
    """How much of the reference translations a shortlist admits, sentence by sentence.

    sentences: units measured (those with at least one reference token). mean / minimum: of the
    per-sentence share of reference tokens admitted. tokens: the share over all reference tokens.
    full: share of sentences whose every reference token is admitted. mean_size / max_size: the
    shortlist's size per sentence (target tokens allowed), against vocabulary (the model's).
    """

    sentences: int
    mean: float
    minimum: float
    tokens: float
    full: float
    mean_size: float
    max_size: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "sentences": self.sentences,
            "mean": self.mean,
            "minimum": self.minimum,
            "tokens": self.tokens,
            "full": self.full,
            "mean_size": self.mean_size,
            "max_size": self.max_size,
        }


def coverage(
    vmap: Vmap, source_rows: Sequence[Sequence[str]], reference_rows: Sequence[Sequence[str]]
) -> CoverageReport:
    """Coverage of each reference row by the shortlist of its source row (see `CoverageReport`)."""
    shares: list[float] = []
    sizes: list[int] = []
    admitted = total = 0
    for source, reference in zip(source_rows, reference_rows, strict=True):
        if not reference:
            continue
        allowed = vmap.allowed(source)
        hits = sum(1 for token in reference if token in allowed)
        shares.append(hits / len(reference))
        sizes.append(len(allowed))
        admitted += hits
        total += len(reference)
    if not shares:
        raise InvalidInputError("no reference tokens to measure coverage on")
    return CoverageReport(
        sentences=len(shares),
        mean=sum(shares) / len(shares),
        minimum=min(shares),
        tokens=admitted / total,
        full=sum(1 for share in shares if share == 1.0) / len(shares),
        mean_size=sum(sizes) / len(sizes),
        max_size=max(sizes),
    )


@dataclass
class ShortlistBuild:
    """What `build_shortlist` made: the map, what it learnt from, and its held-back coverage."""

    vmap: Vmap
    build_documents: int
    build_sentences: int
    held_documents: int
    report: CoverageReport | None
    prior: int = 0


def build_shortlist(
    documents: Sequence[ParallelDocument],
    tokens: PairTokenizer,
    options: ShortlistOptions,
    held_out: int = 0,
) -> ShortlistBuild:
    """Build a map on all documents but `held_out` ones (spread evenly), and measure it on those."""
    build, held = split_documents(documents, held_out)
    units = sentence_pairs(build, tokens.source_lang, tokens.target_lang)
    pieces: list[str] = []
    if options.prior != 0:
        pieces = (tokens.target_pieces() or [])[: options.prior]
    vmap = build_vmap(
        tokens.source([s for s, _ in units]), tokens.target([t for _, t in units]), options, pieces
    )
    report = None
    if held:
        tests = sentence_pairs(held, tokens.source_lang, tokens.target_lang)
        report = coverage(vmap, tokens.source([s for s, _ in tests]), tokens.target([t for _, t in tests]))
    return ShortlistBuild(vmap, len(build), len(units), len(held), report, len(pieces))
