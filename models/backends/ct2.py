"""The fast engine: CTranslate2 (int8 on CPU, float16/bfloat16 on GPU)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from models.backends.base import Backend, GenerationOptions
from models.device import DeviceSpec
from models.errors import ModelLoadError


class CTranslate2Backend(Backend):
    """Runs a converted model with `ctranslate2.Translator`.

    ct2_dir: a directory made by `models.backends.convert.converted_dir`. device: where and in
    which compute type to run; threads become CTranslate2's intra-op threads.
    """

    name = "ctranslate2"

    def __init__(self, ct2_dir: Path, device: DeviceSpec) -> None:
        import ctranslate2

        self.device = device
        try:
            self.translator = ctranslate2.Translator(
                str(ct2_dir),
                device=device.device,
                compute_type=device.compute_type,
                intra_threads=device.threads if device.device == "cpu" else 0,
                inter_threads=1,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelLoadError(f"CTranslate2 cannot load {ct2_dir}: {exc}") from exc

    def generate(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target_prefix: Sequence[str] = ()
    ) -> list[list[str]]:
        if not sources:
            return []
        prefix = list(target_prefix)
        limit = options.limit_for(max(len(tokens) for tokens in sources))
        results = self.translator.translate_batch(
            [list(tokens) for tokens in sources],
            target_prefix=[prefix] * len(sources) if prefix else None,
            beam_size=options.beam_size,
            max_decoding_length=limit + len(prefix),
            min_decoding_length=options.min_new_tokens + len(prefix) if options.min_new_tokens else 0,
            length_penalty=options.length_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            max_input_length=0,  # we segment and chunk ourselves; never let the engine truncate
            return_scores=False,
        )
        return [result.hypotheses[0][len(prefix) :] for result in results]

    def close(self) -> None:
        self.translator.unload_model()
