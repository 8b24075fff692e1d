"""The three ways a row runs a model: naive transformers, tarjama, and the bare CTranslate2 engine.

Each helper does only the timed part's mechanics; the rows (`translation`, `summaries`) choose the
inputs and build the `RowResult`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from models.backends.base import Backend, GenerationOptions
from models.batching import plan_batches
from models.bench.results import Job
from models.settings import Settings


def tarjama_settings(job: Job, **models: str) -> Settings:
    """tarjama's settings for a row: the environment's TARJAMA_* values (as the library reads them),
    with the row's model, cache, device, compute type, threads and beam size on top."""
    from models.settings import load_settings

    return load_settings(
        cache_dir=job.cache_dir,
        offline=True,
        device=job.device,
        compute_type=job.compute_type,
        threads=job.threads,
        beam_size=job.beam_size,
        **models,
    )


# -- tarjama: count and record what reaches the engine --------------------------------------------
class RecordingBackend(Backend):
    """Wraps a tarjama backend: counts rows, calls and returned tokens, and can record the inputs.

    Counting costs a few list lengths per call. With `record`, every call's token sequences,
    decoding options and target prefix are kept, so the ceiling row can replay exactly that work.
    """

    def __init__(self, inner: Backend, record: bool = False) -> None:
        self.inner = inner
        self.name = inner.name
        self.device = inner.device
        self.record = record
        self.reset()

    def reset(self) -> None:
        self.calls = 0
        self.rows = 0
        self.tokens = 0
        self.source_tokens = 0
        self.padded_tokens = 0
        self.recorded: list[dict[str, Any]] = []

    def generate(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target_prefix: Sequence[str] = ()
    ) -> list[list[str]]:
        outputs = self.inner.generate(sources, options, target_prefix)
        self.calls += 1
        self.rows += len(sources)
        self.tokens += sum(len(row) for row in outputs)
        lengths = [len(row) for row in sources]
        self.source_tokens += sum(lengths)
        self.padded_tokens += len(lengths) * max(lengths, default=0)
        if self.record:
            self.recorded.append(
                {
                    "sources": [list(row) for row in sources],
                    "options": asdict(options),
                    "prefix": list(target_prefix),
                }
            )
        return outputs

    def close(self) -> None:
        self.inner.close()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.recorded, ensure_ascii=False), encoding="utf-8")


def backend_label(backend: Backend) -> str:
    """`ctranslate2 int8, 2 x 1 threads`: engine, compute type, replicas x threads each."""
    inner = getattr(backend, "inner", backend)
    device = inner.device
    replicas = int(getattr(inner, "replicas", 1))
    threads = (
        f"{replicas} x {max(1, device.threads // replicas)} threads"
        if device.device == "cpu"
        else device.device
    )
    return f"{inner.name} {device.compute_type}, {threads}"


# -- the naive baseline: transformers generate, fixed batches in file order ------------------------
@dataclass
class NaiveCounts:
    rows: int = 0
    calls: int = 0
    steps: int = 0
    source_tokens: int = 0
    padded_tokens: int = 0


def decoder_steps(row: Sequence[int], pad_id: int | None) -> int:
    """Tokens `generate` produced for one output row: all after the decoder start, trailing padding
    excluded (a finished hypothesis is padded to the batch's length; with pinned lengths none is)."""
    end = len(row)
    while end > 1 and pad_id is not None and row[end - 1] == pad_id:
        end -= 1
    return end - 1


def naive_generate(
    tokenizer: Any,
    model: Any,
    texts: Sequence[str],
    *,
    batch_size: int,
    beam_size: int,
    new_tokens: int,
    device: str,
    max_length: int | None = None,
) -> tuple[list[str], NaiveCounts]:
    """What a few-lines script does: batches of `batch_size` in input order, tokenised with padding
    (and truncation at `max_length` when given), `generate` with pinned length, `batch_decode`."""
    import torch

    counts = NaiveCounts()
    outputs: list[str] = []
    pad_id = tokenizer.pad_token_id
    for start in range(0, len(texts), batch_size):
        batch = list(texts[start : start + batch_size])
        encoded = tokenizer(
            batch,
            return_tensors="pt",
            padding=True,
            truncation=True,
            **({"max_length": max_length} if max_length else {}),
        ).to(device)
        with torch.inference_mode():
            generated = model.generate(
                **encoded, num_beams=beam_size, min_new_tokens=new_tokens, max_new_tokens=new_tokens
            )
        outputs.extend(tokenizer.batch_decode(generated, skip_special_tokens=True))
        mask = encoded["attention_mask"]
        counts.calls += 1
        counts.rows += len(batch)
        counts.source_tokens += int(mask.sum())
        counts.padded_tokens += int(mask.numel())
        counts.steps += sum(decoder_steps(row, pad_id) for row in generated.tolist())
    return outputs, counts


def load_naive(model_dir: str, device: str) -> tuple[Any, Any]:
    """Tokenizer and float32 model, as `from_pretrained` gives them (torch's default threads)."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir, dtype=torch.float32).to(device).eval()
    return tokenizer, model


# -- the ceiling: the engine alone on pre-tokenised, length-sorted batches -------------------------
@dataclass
class ReplayBatch:
    sources: list[list[str]]
    prefix: list[str]
    options: GenerationOptions


def replay_batches(
    recorded: Sequence[dict[str, Any]], batch_tokens: int, max_batch_size: int
) -> list[ReplayBatch]:
    """The recorded engine inputs regrouped: same decoding options and prefix together, each group
    sorted by length and cut by the token budget (`models.batching.plan_batches`)."""
    groups: dict[str, tuple[GenerationOptions, list[str], list[list[str]]]] = {}
    for call in recorded:
        options = GenerationOptions(**call["options"])
        key = json.dumps([call["options"], call["prefix"]], sort_keys=True)
        group = groups.setdefault(key, (options, list(call["prefix"]), []))
        group[2].extend(list(row) for row in call["sources"])
    batches: list[ReplayBatch] = []
    for options, prefix, sources in groups.values():
        for indices in plan_batches([len(row) for row in sources], batch_tokens, max_batch_size):
            batches.append(ReplayBatch([sources[i] for i in indices], prefix, options))
    return batches


def _decoding(batch: ReplayBatch) -> dict[str, Any]:
    """The decoding arguments tarjama's CTranslate2 backend passes for this batch."""
    options, prefix = batch.options, batch.prefix
    limit = options.limit_for(max(len(row) for row in batch.sources))
    return {
        "beam_size": options.beam_size,
        "max_decoding_length": limit + len(prefix),
        "min_decoding_length": options.min_new_tokens + len(prefix) if options.min_new_tokens else 0,
        "length_penalty": options.length_penalty,
        "no_repeat_ngram_size": options.no_repeat_ngram_size,
        "max_input_length": 0,
        "return_scores": False,
    }


def ct2_translate(translator: Any, batch: ReplayBatch) -> list[list[str]]:
    """One synchronous `translate_batch` call."""
    prefix = batch.prefix
    results = translator.translate_batch(
        batch.sources, target_prefix=[prefix] * len(batch.sources) if prefix else None, **_decoding(batch)
    )
    return [result.hypotheses[0][len(prefix) :] for result in results]


def ct2_translate_all(
    translator: Any, batches: Sequence[ReplayBatch], replicas: int
) -> list[list[list[str]]]:
    """Every batch, each split across the replicas as tarjama's backend splits it, all queued at
    once (`asynchronous=True`): the engine never waits for Python between batches."""
    from models.backends.ct2 import split_rows

    pending = []
    for batch in batches:
        prefix = batch.prefix
        for group in split_rows(len(batch.sources), replicas):
            rows = [batch.sources[i] for i in group]
            results = translator.translate_batch(
                rows,
                target_prefix=[prefix] * len(rows) if prefix else None,
                asynchronous=True,
                **_decoding(batch),
            )
            pending.append((batch, group, results))
    outputs: list[list[list[str]]] = [[[] for _ in batch.sources] for batch in batches]
    index = {id(batch): number for number, batch in enumerate(batches)}
    for batch, group, results in pending:
        for row, result in zip(group, results, strict=True):
            outputs[index[id(batch)]][row] = result.result().hypotheses[0][len(batch.prefix) :]
    return outputs


def load_ct2(ct2_dir: Path, device: str, compute_type: str, threads: int) -> tuple[Any, int]:
    """A translator laid out as tarjama's backend lays it out; returns it and its replica count."""
    import ctranslate2

    from models.backends.ct2 import cpu_thread_layout

    inter, intra = cpu_thread_layout(threads) if device == "cpu" else (1, 0)
    translator = ctranslate2.Translator(
        str(ct2_dir), device=device, compute_type=compute_type, intra_threads=intra, inter_threads=inter
    )
    return translator, inter
