"""The reference engine: transformers `AutoModelForSeq2SeqLM.generate`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.backends.base import Backend, GenerationOptions
from models.device import DeviceSpec
from models.errors import ModelLoadError

log = logging.getLogger(__name__)


class TransformersBackend(Backend):
    """Runs `generate` on a PyTorch model.

    model_dir: a directory saved with `save_pretrained`. tokenizer: the model's tokenizer, used
    only to map token strings to ids and back. device: where and in which dtype to run.
    """

    name = "transformers"

    def __init__(self, model_dir: Path, tokenizer: Any, device: DeviceSpec) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        self.device = device
        self.tokenizer = tokenizer
        if device.device == "cpu":
            torch.set_num_threads(device.threads)
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(model_dir), dtype=device.torch_dtype())
        except Exception as exc:  # missing or corrupt weights surface as many exception types
            log.info("loading the weights in %s failed: %r", model_dir, exc)
            raise ModelLoadError(
                f"cannot load the model weights in {model_dir}: missing or damaged files (run with -v "
                "for details); fetch the model again or point the setting at another directory"
            ) from exc
        self.model = model.to(device.device).eval()
        config = self.model.config
        self.pad_id: int = config.pad_token_id if config.pad_token_id is not None else 0
        self.eos_id: int | None = config.eos_token_id
        self.start_id: int = (
            config.decoder_start_token_id if config.decoder_start_token_id is not None else self.pad_id
        )

    def generate(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target_prefix: Sequence[str] = ()
    ) -> list[list[str]]:
        return [hypotheses[0] for hypotheses in self.generate_nbest(sources, options, 1, target_prefix)]

    def generate_nbest(
        self,
        sources: Sequence[Sequence[str]],
        options: GenerationOptions,
        n: int,
        target_prefix: Sequence[str] = (),
    ) -> list[list[list[str]]]:
        import torch

        if not sources:
            return []
        rows = [self.tokenizer.convert_tokens_to_ids(list(tokens)) for tokens in sources]
        width = max(len(row) for row in rows)
        input_ids = torch.full((len(rows), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, row in enumerate(rows):
            input_ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[i, : len(row)] = 1
        prefix_ids = self.tokenizer.convert_tokens_to_ids(list(target_prefix)) if target_prefix else []
        limit = options.limit_for(width)
        kwargs: dict[str, Any] = {
            "num_beams": max(options.beam_size, n),
            "num_return_sequences": n,
            "do_sample": False,
            "max_new_tokens": limit + len(prefix_ids),
            "min_new_tokens": options.min_new_tokens + len(prefix_ids) if options.min_new_tokens else 0,
            "length_penalty": options.length_penalty,
            "no_repeat_ngram_size": options.no_repeat_ngram_size,
            "early_stopping": True,
            "max_length": None,
        }
        if options.min_new_tokens:
            # A pinned length means that many real tokens, not one of them forced to be </s>.
            kwargs["forced_eos_token_id"] = None
        if prefix_ids:
            start = torch.tensor([[self.start_id, *prefix_ids]], dtype=torch.long)
            kwargs["decoder_input_ids"] = start.repeat(len(rows), 1).to(self.model.device)
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids.to(self.model.device), attention_mask=mask.to(self.model.device), **kwargs
            )
        skip = 1 + len(prefix_ids)  # the decoder start token and the forced prefix
        results: list[list[list[str]]] = [[] for _ in rows]
        for index, row in enumerate(output.tolist()):  # n rows per source, best first
            ids = []
            for token_id in row[skip:]:
                if token_id == self.eos_id:
                    break
                if token_id == self.pad_id:
                    continue
                ids.append(token_id)
            results[index // n].append(self.tokenizer.convert_ids_to_tokens(ids))
        return results

    def close(self) -> None:
        del self.model
