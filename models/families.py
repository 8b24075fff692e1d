"""Model families: how each kind of seq2seq model is told its source and target language.

Callers only use `ModelFamily.encode` and `ModelFamily.target_prefix`; adding a family means
adding a class here and a line in `detect_family`, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from models.errors import UnsupportedLanguageError


class ModelFamily:
    """Generic seq2seq model (BART, T5, Marian pairs): no language codes.

    languages: the tarjama codes ("ar", "en") the model accepts; None means it is not told.
    """

    name = "seq2seq"

    def __init__(self, tokenizer: Any, config: Any, forced_bos_token_id: int | None = None) -> None:
        self.tokenizer = tokenizer
        params = getattr(config, "task_specific_params", None) or {}
        # T5-style models want a task prefix ("summarize: "); others have none.
        self.prefix: str = (params.get("summarization") or {}).get("prefix", "") or ""
        # BART-style models force a first token (<s>); both engines get it as a decoder prefix.
        forced = forced_bos_token_id
        self._forced: list[str] = [tokenizer.convert_ids_to_tokens(forced)] if forced is not None else []

    def encode(self, texts: Sequence[str], source: str | None, target: str | None) -> list[list[str]]:
        """Tokenise `texts` into token strings, special tokens included, ready for a backend."""
        if not texts:
            return []
        batch = [self.prefix + text for text in texts] if self.prefix else list(texts)
        ids = self.tokenizer(batch, add_special_tokens=True)["input_ids"]
        return [self.tokenizer.convert_ids_to_tokens(row) for row in ids]

    def target_prefix(self, target: str | None) -> list[str]:
        """Tokens the decoder must start with (a forced first token or language code), or []."""
        return list(self._forced)


class MarianFamily(ModelFamily):
    """opus-mt models. One pair per model; multi-target ones need a `>>ara<<`-style token first."""

    name = "marian"
    _TARGET_TOKENS: ClassVar[dict[str, tuple[str, ...]]] = {
        "ar": (">>ara<<", ">>arb<<", ">>ar<<"),
        "en": (">>eng<<", ">>en<<"),
    }

    def __init__(self, tokenizer: Any, config: Any, forced_bos_token_id: int | None = None) -> None:
        super().__init__(tokenizer, config, forced_bos_token_id)
        # Read the vocabulary once: it has ~60k entries and encode() runs on every request.
        self._codes = {key for key in tokenizer.get_vocab() if key.startswith(">>") and key.endswith("<<")}

    def encode(self, texts: Sequence[str], source: str | None, target: str | None) -> list[list[str]]:
        rows = super().encode(texts, source, target)
        token = self._language_token(target)
        return [[token, *row] for row in rows] if token else rows

    def _language_token(self, target: str | None) -> str | None:
        if not self._codes or target is None:
            return None
        for token in self._TARGET_TOKENS.get(target, ()):
            if token in self._codes:
                return token
        raise UnsupportedLanguageError(f"this Marian model has no target-language token for {target!r}")


class _CodedFamily(ModelFamily):
    """Multilingual models told the source via the tokenizer and the target via a forced first token."""

    codes: ClassVar[dict[str, str]] = {}
    token_format = "{}"

    def _token(self, lang: str) -> str:
        return self.token_format.format(self.codes[lang])

    def _check(self, lang: str | None) -> str:
        if lang is None or lang not in self.codes:
            raise UnsupportedLanguageError(
                f"{self.name} models need a language from {sorted(self.codes)}, got {lang!r}"
            )
        return lang

    def encode(self, texts: Sequence[str], source: str | None, target: str | None) -> list[list[str]]:
        self.tokenizer.src_lang = self.codes[self._check(source)]
        return super().encode(texts, source, target)

    def target_prefix(self, target: str | None) -> list[str]:
        return [self._token(self._check(target))]


class M2M100Family(_CodedFamily):
    name = "m2m100"
    codes: ClassVar[dict[str, str]] = {"ar": "ar", "en": "en"}
    token_format = "__{}__"


class NllbFamily(_CodedFamily):
    name = "nllb"
    codes: ClassVar[dict[str, str]] = {"ar": "arb_Arab", "en": "eng_Latn"}


def detect_family(tokenizer: Any, config: Any, forced_bos_token_id: int | None = None) -> ModelFamily:
    """Pick the family from the config's model type and the tokenizer's language tokens.

    forced_bos_token_id: the first token the model's generation config forces (BART's <s>);
    generic models get it as their decoder prefix. Coded families force a language instead.
    """
    if getattr(config, "model_type", "") == "marian":
        return MarianFamily(tokenizer, config)
    vocab = tokenizer.get_vocab()
    if "eng_Latn" in vocab:
        return NllbFamily(tokenizer, config)
    if "__en__" in vocab:
        return M2M100Family(tokenizer, config)
    return ModelFamily(tokenizer, config, forced_bos_token_id)
