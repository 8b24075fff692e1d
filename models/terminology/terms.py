"""`Terminology`: what one translation call honours besides the model (glossary, spans, memory)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from models.errors import InvalidInputError
from models.terminology.glossary import Glossary, build_glossary
from models.terminology.spans import DEFAULT_KINDS


class ApprovedMemory(Protocol):
    """Where approved translations come from (`TerminologyStore` is one)."""

    def lookup(self, pair: str, sentences: Iterable[str]) -> dict[str, str]: ...


@dataclass(frozen=True)
class Terminology:
    """Per-call terminology.

    glossary: terms to enforce (its pair must be the call's pair). inline: (source, target)
    terms for whatever pair the call has (a request's own glossary). protect: the do-not-translate
    kinds (see `models.terminology.spans`). memory: approved translations, consulted first: a
    sentence found there never goes to the model. strict_pair: a glossary of another pair is an
    error (requests); False ignores it for that call (batch runs translate both directions).
    """

    glossary: Glossary | None = None
    inline: tuple[tuple[str, str], ...] = ()
    protect: frozenset[str] = DEFAULT_KINDS
    memory: ApprovedMemory | None = None
    strict_pair: bool = True

    def glossary_for(self, source: str, target: str) -> Glossary | None:
        """The glossary to apply to a `source`-`target` call; InvalidInputError for another pair's."""
        pair = f"{source}-{target}"
        if self.glossary is not None:
            if self.glossary.pair != pair:
                if not self.strict_pair:
                    return None
                name = self.glossary.name or self.glossary.id or "the glossary"
                raise InvalidInputError(
                    f"glossary {name!r} is for {self.glossary.pair} but the text is translated {pair}"
                )
            return self.glossary
        if self.inline:
            return build_glossary(pair, self.inline, name="inline")
        return None
