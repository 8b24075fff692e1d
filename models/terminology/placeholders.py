"""Masking glossary terms and protected spans with placeholders the model copies, and restoring them.

A placeholder is ``__T<n>__`` (numbered per paragraph): ASCII the opus-mt SentencePiece models
split into a few common pieces (``▁__ T 1 __``), which the models, like the test suite's copy
model, reproduce. After decoding each placeholder is replaced by the glossary's target form (or
the protected text, byte for byte). An Arabic clitic the source word carried ("و" in
"وويتكوف") stays in the text before the placeholder, so the model translates it; in Arabic
targets it is joined back onto the term.

An output whose placeholders are not each there exactly once cannot be restored safely; callers
then translate the text between the placeholders on its own (`fragments`) and put the terms back
in source order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.terminology.glossary import Glossary
from models.terminology.spans import find_spans

PLACEHOLDER = "__T{}__"
_EXACT = re.compile(r"__T(\d+)__")
# What models make of a placeholder: a space inside, one underscore lost on either side.
_LOOSE = re.compile(r"_{1,2} ?T ?(\d{1,4}) ?_{1,2}")
_HAS_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Slot:
    """One masked piece. kind: "term" (a glossary entry) or a protected-span kind ("url", ...).

    source: the text as written in the source (a marker with its brackets); target: what the
    translation gets (the glossary's target, or the protected text); clitic: the Arabic clitic
    written before the term.
    """

    number: int
    kind: str
    source: str
    target: str
    clitic: str = ""

    @property
    def placeholder(self) -> str:
        return PLACEHOLDER.format(self.number)

    @property
    def flag(self) -> str:
        """The segment flag when this slot could not be kept in place: it names the term or span."""
        code = "glossary_miss" if self.kind == "term" else "protected_span_lost"
        return f"{code}:{self.source if self.kind == 'term' else self.target}"


@dataclass(frozen=True)
class Masked:
    """A text with placeholders, and what each placeholder stands for."""

    text: str
    slots: tuple[Slot, ...] = ()

    def only(self, text: str) -> Masked:
        """The masked sub-text `text` (a sentence of this paragraph) with the slots it holds."""
        numbers = {int(n) for n in _EXACT.findall(text)}
        return Masked(text, tuple(slot for slot in self.slots if slot.number in numbers))

    def source(self) -> str:
        """The text as it was before masking."""
        text = self.text
        for slot in self.slots:
            text = text.replace((" " if slot.clitic else "") + slot.placeholder, slot.source)
        return text


def mask(text: str, glossary: Glossary | None, kinds: Iterable[str], first: int = 1) -> Masked:
    """Replace protected spans (`kinds`, see `spans`) and glossary terms in `text` by placeholders."""
    spans = find_spans(text, kinds)
    matches = glossary.find(text, skip=[(s.start, s.end) for s in spans]) if glossary else []
    pieces: list[tuple[int, int, Slot]] = []
    number = first
    items: list[tuple[int, int, str, str, str]] = [
        (s.start, s.end, s.kind, text[s.start : s.end], s.keep) for s in spans
    ]
    items += [
        (m.start, m.end, "term", text[m.start : m.end], m.entry.target + "\x00" + m.clitic) for m in matches
    ]
    for start, end, kind, source, target in sorted(items):
        clitic = ""
        if kind == "term":
            target, clitic = target.split("\x00", 1)
        pieces.append((start, end, Slot(number, kind, source, target, clitic)))
        number += 1
    if not pieces:
        return Masked(text)
    out: list[str] = []
    position = 0
    for start, end, slot in pieces:
        out.append(text[position:start])
        if slot.clitic:
            out.append(" ")  # "و __T1__": the model sees the clitic as a word of its own
        out.append(slot.placeholder)
        position = end
    out.append(text[position:])
    return Masked("".join(out), tuple(slot for _, _, slot in pieces))


def restore(output: str, masked: Masked, target_lang: str) -> tuple[str | None, list[Slot]]:
    """The output with each placeholder replaced, or (None, the slots lost) when they did not survive.

    Survived means: every placeholder of `masked` appears exactly once, and no other placeholder
    appears. Their order may change (translation reorders words).
    """
    if not masked.slots:
        return output, []
    found = Counter(int(n) for n in _LOOSE.findall(output))
    expected = {slot.number for slot in masked.slots}
    lost = [slot for slot in masked.slots if found.get(slot.number, 0) != 1]
    if lost or set(found) - expected:
        return None, lost or list(masked.slots)
    by_number = {slot.number: slot for slot in masked.slots}

    def put(match: re.Match[str]) -> str:
        slot = by_number[int(match.group("n"))]
        word = match.groupdict().get("word") or ""
        target = slot.target
        if word and slot.kind == "term" and word in {slot.clitic, *_CLITIC_WORDS}:
            # ل + ال is written لل.
            if word.endswith("ل") and target.startswith("ال"):
                target = target[1:]
            return word + target
        return match.group(0)[: match.start("ph") - match.start(0)] + target

    pattern = _WITH_CLITIC if target_lang == "ar" else _PLAIN
    return pattern.sub(put, output), []


_PLAIN = re.compile(r"(?P<ph>_{1,2} ?T ?(?P<n>\d{1,4}) ?_{1,2})")
_WITH_CLITIC = re.compile(r"(?:(?<![\u0621-\u064A])(?P<word>[\u0621-\u064A]{1,3}) ?)?" + _PLAIN.pattern)
_CLITIC_WORDS = frozenset({"و", "ف", "ب", "ك", "ل", "وب", "ول", "فب", "فل", "وك", "فك"})


_CLOSING = frozenset(".,;:!?،؛؟)»”'\"")


def fragments(masked: Masked) -> list[str | int]:
    """The masked text cut at its placeholders: text pieces (str) and slot numbers (int), in order."""
    parts = _EXACT.split(masked.text)
    result: list[str | int] = []
    for index, part in enumerate(parts):
        if index % 2:
            result.append(int(part))
        elif part.strip():
            result.append(part.strip())
    return result


def needs_model(piece: str) -> bool:
    """Whether a fragment has words to translate (punctuation alone is kept as it is)."""
    return bool(_HAS_WORD.search(piece))


def join_fragments(
    parts: Sequence[str | int], outputs: Iterable[str], masked: Masked, target_lang: str
) -> str:
    """Put translated fragments and the slots' targets back together, in source order."""
    by_number = {slot.number: slot for slot in masked.slots}
    translated = iter(outputs)
    words: list[str] = []
    for part in parts:
        if isinstance(part, int):
            words.append(by_number[part].target)
        elif needs_model(part):
            words.append(next(translated).strip())
        elif words and part[0] in _CLOSING:
            words[-1] += part  # "Witkoff." not "Witkoff ."
        else:
            words.append(part)
    return " ".join(word for word in words if word)
