"""The one contract every inference engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from models.device import DeviceSpec


@dataclass(frozen=True)
class GenerationOptions:
    """How to decode one batch.

    beam_size: 1 is greedy search. max_length_ratio: the output may be at most this many times the
    longest source in the batch (plus 10 tokens), capped by max_new_tokens. min_new_tokens: the
    output is at least this long; benchmarks set it equal to max_new_tokens so engines do equal work.
    """

    beam_size: int = 4
    max_length_ratio: float = 2.0
    max_new_tokens: int = 512
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0

    def limit_for(self, longest_source: int) -> int:
        """The maximum number of new tokens for a batch whose longest source has this many tokens."""
        return max(
            self.min_new_tokens, min(self.max_new_tokens, int(self.max_length_ratio * longest_source) + 10)
        )


class Backend(ABC):
    """Token strings in, token strings out; one model on one device.

    sources: each row is a tokenised source, special tokens included (see `ModelFamily.encode`).
    target_prefix: tokens each output must start with (a forced language code), or [].
    Returns each output's generated tokens without the prefix, the end-of-sequence token and padding
    (other special tokens such as <unk> stay, so both engines return what they generated).
    """

    name: str
    device: DeviceSpec
    # Calls to `generate` that run in parallel (from that many threads) without slowing each other:
    # the scheduler feeds each replica its own batches.
    replicas: int = 1

    @abstractmethod
    def generate(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target_prefix: Sequence[str] = ()
    ) -> list[list[str]]: ...

    def generate_nbest(
        self,
        sources: Sequence[Sequence[str]],
        options: GenerationOptions,
        n: int,
        target_prefix: Sequence[str] = (),
    ) -> list[list[list[str]]]:
        """Up to `n` hypotheses per source, best first (beam search with a beam of at least `n`).

        The default gives only the best one; engines that keep their beams override it.
        """
        return [[row] for row in self.generate(sources, options, target_prefix)]

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the model's memory."""
