"""The fast engine: CTranslate2 (int8 on CPU, float16/bfloat16 on GPU)."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.backends.base import Backend, GenerationOptions
from models.device import DeviceSpec
from models.errors import ModelLoadError
from models.memory import release_free_memory, rows_per_call

# Up to this many CPU threads, one single-threaded replica per thread beats one replica with
# intra-op threads: on 2 cores, ~30% more tokens/s and ~35% lower single-sentence latency for the
# opus-mt shape (`tarjama bench`, docs/benchmarks.md). Larger machines keep one replica.
MAX_SINGLE_THREAD_REPLICAS = 4


def cpu_thread_layout(threads: int) -> tuple[int, int]:
    """(inter_threads, intra_threads) of a CPU translator for `threads` threads."""
    threads = max(1, threads)
    if threads <= MAX_SINGLE_THREAD_REPLICAS:
        return threads, 1
    return 1, threads


def split_rows(count: int, parts: int, max_rows: int | None = None) -> list[list[int]]:
    """Row indices dealt round-robin into `parts` groups (rows arrive length-sorted, so every
    group gets long and short rows alike and the replicas finish together), or into more groups
    where a group would pass `max_rows` (None: no cap); never more groups than rows."""
    parts = max(1, parts)
    if max_rows:
        parts = max(parts, math.ceil(count / max(1, max_rows)))
    parts = min(parts, max(1, count))
    return [list(range(start, count, parts)) for start in range(parts)]


class CTranslate2Backend(Backend):
    """Runs a converted model with `ctranslate2.Translator`.

    ct2_dir: a directory made by `models.backends.convert.converted_dir`. device: where and in
    which compute type to run. On CPU, `device.threads` are laid out by `cpu_thread_layout`.
    Several replicas serve several `generate` calls at once (the scheduler's workers, one per
    replica); a call is split across the replicas that are free when it starts (all of them for a
    lone caller such as offline translation), so none idles while another has work.
    A `vmap.txt` in `ct2_dir` (a vocabulary shortlist, see `converted_dir`) is used for every batch.

    decode_memory_mb / vocab_size: the decoding memory budget of all replicas together and the
    target vocabulary; they cap the rows of one engine call (`models.memory.rows_per_call`), so
    a larger call is decoded in parts, queued at once, that the replicas take as they free up
    (0: no cap). release_memory: hand the heap's free pages back to the OS after each call.
    """

    name = "ctranslate2"

    def __init__(
        self,
        ct2_dir: Path,
        device: DeviceSpec,
        *,
        decode_memory_mb: int = 0,
        vocab_size: int = 0,
        release_memory: bool = False,
    ) -> None:
        import ctranslate2

        self.device = device
        self.decode_memory_mb = decode_memory_mb
        self.vocab_size = vocab_size
        self.release_memory = release_memory
        inter, intra = cpu_thread_layout(device.threads) if device.device == "cpu" else (1, 0)
        self.replicas = inter
        self.use_vmap = (Path(ct2_dir) / "vmap.txt").is_file()
        self._busy = 0  # replicas claimed by calls in flight
        self._busy_lock = threading.Lock()
        try:
            self.translator = ctranslate2.Translator(
                str(ct2_dir),
                device=device.device,
                compute_type=device.compute_type,
                intra_threads=intra,
                inter_threads=inter,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelLoadError(f"CTranslate2 cannot load {ct2_dir}: {exc}") from exc

    def max_rows(self, beam_size: int) -> int | None:
        """Most rows of one engine call at this beam size (None: no cap)."""
        return rows_per_call(self.decode_memory_mb, self.replicas, beam_size, self.vocab_size)

    def generate(
        self, sources: Sequence[Sequence[str]], options: GenerationOptions, target_prefix: Sequence[str] = ()
    ) -> list[list[str]]:
        if not sources:
            return []
        prefix = list(target_prefix)
        rows = [list(tokens) for tokens in sources]
        limit = options.limit_for(max(len(tokens) for tokens in rows))
        decoding = {
            "beam_size": options.beam_size,
            "max_decoding_length": limit + len(prefix),
            "min_decoding_length": options.min_new_tokens + len(prefix) if options.min_new_tokens else 0,
            "length_penalty": options.length_penalty,
            "no_repeat_ngram_size": options.no_repeat_ngram_size,
            "max_input_length": 0,  # we segment and chunk ourselves; never let the engine truncate
            "return_scores": False,
            "use_vmap": self.use_vmap,
        }
        with self._busy_lock:
            free = max(1, self.replicas - self._busy)
            groups = split_rows(len(rows), free, self.max_rows(options.beam_size))
            claimed = min(free, len(groups))
            self._busy += claimed
        try:
            return self._decode(rows, prefix, groups, decoding)
        finally:
            with self._busy_lock:
                self._busy -= claimed
            self._release()

    def _release(self) -> None:
        if self.release_memory:
            release_free_memory()

    def _decode(
        self, rows: list[list[str]], prefix: list[str], groups: list[list[int]], decoding: dict[str, Any]
    ) -> list[list[str]]:
        if len(groups) == 1:  # one part: decode it here
            results = self.translator.translate_batch(
                rows, target_prefix=[prefix] * len(rows) if prefix else None, **decoding
            )
            return [result.hypotheses[0][len(prefix) :] for result in results]
        # The parts are queued at once; the replicas decode them in parallel, each taking the
        # next waiting part when it is done.
        pending = [
            self.translator.translate_batch(
                [rows[i] for i in group],
                target_prefix=[prefix] * len(group) if prefix else None,
                asynchronous=True,
                **decoding,
            )
            for group in groups
        ]
        outputs: list[list[str]] = [[] for _ in rows]
        for group, results in zip(groups, pending, strict=True):
            for index, result in zip(group, results, strict=True):
                outputs[index] = result.result().hypotheses[0][len(prefix) :]
        return outputs

    def generate_nbest(
        self,
        sources: Sequence[Sequence[str]],
        options: GenerationOptions,
        n: int,
        target_prefix: Sequence[str] = (),
    ) -> list[list[list[str]]]:
        if not sources:
            return []
        prefix = list(target_prefix)
        rows = [list(tokens) for tokens in sources]
        limit = options.limit_for(max(len(tokens) for tokens in rows))
        beam = max(options.beam_size, n)
        # CTranslate2 decodes parts of `max_batch_size` rows (0: all at once) across its replicas.
        results = self.translator.translate_batch(
            rows,
            target_prefix=[prefix] * len(rows) if prefix else None,
            max_batch_size=self.max_rows(beam) or 0,
            beam_size=beam,
            num_hypotheses=n,
            max_decoding_length=limit + len(prefix),
            length_penalty=options.length_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            max_input_length=0,
        )
        self._release()
        return [[hypothesis[len(prefix) :] for hypothesis in result.hypotheses] for result in results]

    def close(self) -> None:
        self.translator.unload_model()
