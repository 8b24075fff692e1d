"""Bounding the engine's working memory while it decodes.

CTranslate2's working set while decoding grows with the hypotheses of a call (rows x beam) times
the target vocabulary: at every step it projects each hypothesis onto the whole vocabulary and
keeps several full copies (int32 and float logits, log-probabilities, scores for top-k). Measured
for the opus-mt shape (int8 on CPU, beam 4, 62,834 tokens, 34 source tokens, 32 steps): about
9 MB of resident memory per source row of a call, i.e. ~36 bytes per hypothesis and vocabulary
entry (docs/benchmarks.md). `rows_per_call` turns a memory budget into a cap on the rows of one
engine call, so the sum over the replicas decoding at once stays bounded whatever the token
budget (`TARJAMA_BATCH_TOKENS`) lets a batch hold.

`release_free_memory` hands freed heap pages back to the OS (glibc's `malloc_trim`): glibc keeps
the buffers of a finished call (its dynamic mmap threshold rises after the first large free, so
later workspaces come from the heap), and the resident set would stay at its highest point.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

# Resident bytes per hypothesis and target-vocabulary entry in one decoding call (measured, see
# the module docstring); the rest of the working set (attention caches) is small beside it.
BYTES_PER_HYPOTHESIS_TOKEN = 36


def rows_per_call(budget_mb: int, replicas: int, beam_size: int, vocab_size: int) -> int | None:
    """The most source rows one engine call may decode.

    Args:
        budget_mb: decoding memory of one model, all its replicas together (MB); 0: no cap.
        replicas: calls the engine runs at once (each gets 1/replicas of the budget).
        beam_size: hypotheses per row. vocab_size: the target vocabulary (0 or less: unknown).

    Returns:
        At least 1 (one row always decodes, however small the budget); None for no cap (no
        budget, or the vocabulary size is unknown).
    """
    if budget_mb <= 0 or vocab_size <= 0:
        return None
    per_row = max(1, beam_size) * vocab_size * BYTES_PER_HYPOTHESIS_TOKEN
    share = budget_mb * 1024 * 1024 // max(1, replicas)
    return max(1, share // per_row)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def can_release_memory() -> bool:
    """Whether `release_free_memory` can do anything on this platform."""
    return _malloc_trim() is not None


def release_free_memory() -> bool:
    """Return the heap's free pages to the OS (every malloc arena); False where unsupported.

    Cheap (a walk over the free lists); the next call faults its pages in again, once per call.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    try:
        trim(0)
    except OSError:  # pragma: no cover - a broken libc; memory stays as it is
        log.debug("malloc_trim failed", exc_info=True)
        return False
    return True
