"""Glossaries: a language pair's fixed translations of names and terms, and finding them in text.

Arabic terms match whatever spelling variant the text uses (see `normalize`) and with the clitics
an Arabic word carries in front (و ف, then ب ك ل, then ال: "وويتكوف", "لترامب", "بالكرملين").
Latin-script terms match case-insensitively on word boundaries. At each position the longest
entry wins (most words, then most characters, then the alphabetically first source); matches are
taken left to right and never overlap, so the same text and glossary always give the same result.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.errors import InputTooLargeError, InvalidInputError
from models.terminology.normalize import fold, fold_with_offsets

PAIRS = ("ar-en", "en-ar")
MAX_ENTRIES = 5000
MAX_TERM_CHARS = 200

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ك", "ل")
_ARTICLE = ("", "ال")
# Longest first, so "وال" is tried before "و"; the bare word comes first of all (exact beats clitic).
CLITICS: tuple[str, ...] = (
    "",
    *tuple(
        sorted({c + p + a for c in _CONJ for p in _PREP for a in _ARTICLE} - {""}, key=lambda s: (-len(s), s))
    ),
)
_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671\u064B-\u0652\u0670\u0640]+|[^\W_]+", re.UNICODE)
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True)
class Entry:
    source: str
    target: str


@dataclass(frozen=True)
class Match:
    """Where an entry was found: [start, end) of the term in the text, and the clitic before it."""

    start: int
    end: int
    entry: Entry
    clitic: str = ""


@dataclass(frozen=True)
class Glossary:
    """A named glossary for one pair ("ar-en": Arabic sources, English targets)."""

    pair: str
    entries: tuple[Entry, ...]
    name: str = ""
    id: str = ""
    owner: int | None = None
    _index: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def source_lang(self) -> str:
        return self.pair.split("-")[0]

    @property
    def target_lang(self) -> str:
        return self.pair.split("-")[1]

    def as_dict(self) -> dict[str, str]:
        return {entry.source: entry.target for entry in self.entries}

    def find(self, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Match]:
        """Non-overlapping matches in `text`, left to right; ranges in `skip` are never matched."""
        blocked = sorted(skip)
        matches: list[Match] = []
        for match in self._candidates(text):
            if matches and match.start < matches[-1].end:
                continue
            if any(match.start < end and start < match.end for start, end in blocked):
                continue
            matches.append(match)
        return matches

    # -- matching -------------------------------------------------------------------------------
    def _word_index(self) -> dict[str, list[tuple[tuple[str, ...], Entry]]]:
        if not self._index:
            index: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
            for entry in self.entries:
                words = tuple(m.group() for m in _ARABIC_WORD.finditer(fold(entry.source)))
                if words:
                    index.setdefault(words[0], []).append((words, entry))
            for options in index.values():
                options.sort(key=lambda item: (-len(item[0]), -len(item[1].source), item[1].source))
            object.__setattr__(self, "_index", index)
        return self._index

    def _candidates(self, text: str) -> Iterable[Match]:
        """For each word position, its best match (longest first), in text order."""
        index = self._word_index()
        words = [(m.start(), m.end(), m.group()) for m in _ARABIC_WORD.finditer(text)]
        folded = [fold_with_offsets(word) for _, _, word in words]
        for i, (start, _end, _word) in enumerate(words):
            best: Match | None = None
            best_rank: tuple[int, int] | None = None
            for clitic, stem, stem_offset in _stems(folded[i]):
                for entry_words, entry in index.get(stem, ()):
                    n = len(entry_words)
                    if i + n > len(words):
                        continue
                    if any(folded[i + k][0] != entry_words[k] for k in range(1, n)):
                        continue
                    if any(text[words[i + k - 1][1] : words[i + k][0]].strip() for k in range(1, n)):
                        continue  # the words of a term are separated by spaces only
                    rank = (n, len(entry.source))
                    if best_rank is None or rank > best_rank:
                        term_start = start + stem_offset
                        best = Match(term_start, words[i + n - 1][1], entry, text[start:term_start])
                        best_rank = rank
                    break  # options are sorted best first
                if best is not None and clitic == "":
                    break  # the bare word matched: no clitic reading needed
            if best is not None:
                yield best


def _stems(folded: tuple[str, list[int]]) -> Iterable[tuple[str, str, int]]:
    """Readings of one word as clitic + stem: (clitic, folded stem, stem's offset in the word)."""
    form, offsets = folded
    if not form:
        return
    yield "", form, 0
    if not _ARABIC_SCRIPT.match(form):
        return
    for clitic in CLITICS[1:]:
        if form.startswith(clitic) and len(form) - len(clitic) >= 2:
            stem = form[len(clitic) :]
            offset = offsets[len(clitic)]
            yield clitic, stem, offset
            # ل + ال is written لل: "للكرملين" is ل + "الكرملين".
            if clitic.endswith("ل") and not clitic.endswith("ال") and stem.startswith("ل"):
                yield clitic, "ا" + stem, offset


# -- building glossaries from user input ----------------------------------------------------------
def check_pair(pair: str) -> str:
    pair = pair.strip().lower()
    if pair not in PAIRS:
        raise InvalidInputError(f"unknown glossary pair {pair!r}; use one of {', '.join(PAIRS)}")
    return pair


def build_glossary(pair: str, entries: Iterable[tuple[str, str]], name: str = "", **extra: Any) -> Glossary:
    """A checked glossary: terms non-empty and within length, none given twice, under the size limit."""
    pair = check_pair(pair)
    checked: list[Entry] = []
    seen: dict[str, str] = {}
    for number, (source, target) in enumerate(entries, start=1):
        if len(checked) >= MAX_ENTRIES:
            raise InputTooLargeError(f"a glossary holds at most {MAX_ENTRIES} entries; split it")
        source, target = str(source).strip(), str(target).strip()
        if not source or not target:
            raise InvalidInputError(f"glossary entry {number} has an empty term; give source and target")
        if len(source) > MAX_TERM_CHARS or len(target) > MAX_TERM_CHARS:
            raise InvalidInputError(f"glossary entry {number} is over {MAX_TERM_CHARS} characters")
        key = fold(source)
        if not key or not any(ch.isalnum() for ch in key):
            raise InvalidInputError(f"glossary entry {number} ({source!r}) has no letters or digits to match")
        if key in seen:
            raise InvalidInputError(
                f"glossary entry {number}: {source!r} is mapped twice (first as {seen[key]!r}); keep one"
            )
        seen[key] = target
        checked.append(Entry(source, target))
    if not checked:
        raise InvalidInputError("the glossary has no entries")
    return Glossary(pair, tuple(checked), name=name, **extra)


def entries_from_json(value: Any) -> list[tuple[str, str]]:
    """Entries from `{"source": "target", ...}`, `[{"source":..., "target":...}]` or `[[s, t], ...]`."""
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, list):
        items = []
        for number, item in enumerate(value, start=1):
            if isinstance(item, Mapping) and set(item) == {"source", "target"}:
                items.append((item["source"], item["target"]))
            elif isinstance(item, list | tuple) and len(item) == 2:
                items.append((item[0], item[1]))
            else:
                raise InvalidInputError(
                    f"glossary entry {number} must be {{'source': ..., 'target': ...}} or [source, target]"
                )
    else:
        raise InvalidInputError("glossary entries must be an object (source -> target) or a list")
    for number, (source, target) in enumerate(items, start=1):
        if not isinstance(source, str) or not isinstance(target, str):
            raise InvalidInputError(f"glossary entry {number}: source and target must be strings")
    return items


def entries_from_table(text: str, delimiter: str | None = None) -> list[tuple[str, str]]:
    """Entries from CSV or TSV text: two columns, source then target; an optional
    `source,target` header. The delimiter is a tab when the first line has one, else a comma."""
    lines = text.lstrip("\ufeff")
    if not lines.strip():
        raise InvalidInputError("the glossary file is empty")
    if delimiter is None:
        delimiter = "\t" if "\t" in lines.split("\n", 1)[0] else ","
    rows = csv.reader(io.StringIO(lines), delimiter=delimiter)
    items: list[tuple[str, str]] = []
    try:
        for number, row in enumerate(rows, start=1):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 2:
                separator = "<tab>" if delimiter == "\t" else delimiter
                raise InvalidInputError(
                    f"glossary line {number} has {len(row)} columns; each line is source{separator}target"
                )
            if number == 1 and [cell.strip().lower() for cell in row] == ["source", "target"]:
                continue
            items.append((row[0], row[1]))
    except csv.Error as exc:
        raise InvalidInputError(f"the glossary file is not valid CSV/TSV ({exc})") from None
    return items


def entries_to_table(glossary: Glossary, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["source", "target"])
    for entry in glossary.entries:
        writer.writerow([entry.source, entry.target])
    return out.getvalue()
