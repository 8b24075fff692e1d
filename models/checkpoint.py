"""`UnitCheckpoint`: a job's translated units on disk, so a job interrupted by a crash resumes
where it stopped and sends a model only the units it has not got yet.

It is a `models.queued.UnitMemory` (pass it as `QueuedEngine(..., memory=...)`) in front of another
memory (the service's translation memory) or none: `recall` answers from the file first, then from
the inner memory (whose answers are written to the file too, since an in-process memory dies with
the process); `store` appends to the file, then tells the inner memory. `QueuedEngine` stores each
model call's units as they come back, so a crash loses at most the calls in flight.

The file is JSON Lines: a header line, then one line per unit, `{"k": key, "t": output, "h": check}`.
The key is a digest of the model, the pair, the effective decoding options and the unit's text (a
job resumed under other settings finds nothing and translates again); the check is a digest of key
and output. A line cut short by a crash or failing its check is skipped (its unit is translated
again) and the file is rewritten without it; a file without the header is ignored as a whole.
Outputs from the file are the outputs the model gave, so a resumed job's result is the same as an
uninterrupted run's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from models.queued import unit_keys

if TYPE_CHECKING:
    from models.queued import UnitMemory
    from models.translate import TranslationOptions, Translator, Unit

log = logging.getLogger(__name__)

HEADER = {"format": "tarjama-unit-checkpoint", "version": 1}


def _check(key: str, output: str) -> str:
    return hashlib.sha256(f"{key}\0{output}".encode()).hexdigest()[:16]


def _line(key: str, output: str) -> bytes:
    record = {"k": key, "t": output, "h": _check(key, output)}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _header() -> bytes:
    return (json.dumps(HEADER) + "\n").encode("utf-8")


def read_checkpoint(path: Path) -> tuple[dict[str, str], int]:
    """The units of a checkpoint file and how many lines were bad (cut short, corrupt, unchecked).

    A missing file gives nothing; one without the header, or unreadable, gives nothing and counts
    as one bad line (so the caller rewrites it).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, 0
    except OSError:
        return {}, 1
    lines = data.split(b"\n")
    tail = lines.pop()  # after the last newline: empty, or a line the crash cut short
    bad = 1 if tail else 0
    if not lines or _parse(lines[0]) != HEADER:
        return {}, 1
    known: dict[str, str] = {}
    for raw in lines[1:]:
        record = _parse(raw) or {}
        key, output = record.get("k"), record.get("t")
        if isinstance(key, str) and isinstance(output, str) and record.get("h") == _check(key, output):
            known[key] = output
        else:
            bad += 1
    return known, bad


def _parse(raw: bytes) -> dict[str, object] | None:
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) else None


class UnitCheckpoint:
    """A job's translated units in the file `path`, in front of `inner` (see the module note).

    Args:
        path: the checkpoint file (in the job's folder; created on the first store).
        inner: the memory asked for units the file lacks, and told of fresh ones; None for none.

    `resumed` counts the units answered from the file. Writing failures (a full disk) are logged
    and stop further writes; the job goes on, it only resumes less after a crash.
    """

    def __init__(self, path: Path, inner: UnitMemory | None = None) -> None:
        self.path = Path(path)
        self.inner = inner
        self.resumed = 0
        self._lock = threading.Lock()
        self._known, bad = read_checkpoint(self.path)
        self._out: IO[bytes] | None = None
        self._broken = self._closed = False
        if bad:
            log.warning("checkpoint %s: %d bad line(s) skipped; their units are translated again", path, bad)
            self._rewrite()

    def recall(
        self, translator: Translator, units: Sequence[Unit], options: TranslationOptions
    ) -> list[str | None]:
        """The output of each unit from the file, else from the inner memory; None where unknown."""
        keys = unit_keys(translator, units, options)
        with self._lock:
            found = [self._known.get(key) for key in keys]
            self.resumed += sum(value is not None for value in found)
        missing = [index for index, value in enumerate(found) if value is None]
        if missing and self.inner is not None:
            more = self.inner.recall(translator, [units[index] for index in missing], options)
            hits = [(index, value) for index, value in zip(missing, more, strict=True) if value is not None]
            for index, value in hits:
                found[index] = value
            self._append([keys[index] for index, _ in hits], [value for _, value in hits])
        return found

    def store(
        self,
        translator: Translator,
        units: Sequence[Unit],
        options: TranslationOptions,
        outputs: Sequence[str],
    ) -> None:
        """Append fresh outputs to the file (one write and fsync), then tell the inner memory."""
        self._append(unit_keys(translator, units, options), list(outputs))
        if self.inner is not None:
            self.inner.store(translator, units, options, outputs)

    def __len__(self) -> int:
        return len(self._known)

    def close(self) -> None:
        """Close the file (writes are synced already); later stores are not written, so a stopped
        job's thread still finishing a model call never writes beside the job's next run."""
        with self._lock:
            self._closed = True
            if self._out is not None:
                self._out.close()
                self._out = None

    # -- writing ------------------------------------------------------------------------------------
    def _append(self, keys: Sequence[str], outputs: Sequence[str]) -> None:
        with self._lock:
            fresh = [(k, v) for k, v in zip(keys, outputs, strict=True) if self._known.get(k) != v]
            if not fresh or self._broken or self._closed:
                self._known.update(fresh)
                return
            try:
                out = self._open()
                out.write(b"".join(_line(k, v) for k, v in fresh))
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                self._fail(exc)
            self._known.update(fresh)

    def _open(self) -> IO[bytes]:
        if self._out is None:
            new = not self.path.exists()
            self._out = open(self.path, "ab")  # noqa: SIM115 - kept open across writes
            if new:
                self._out.write(_header())
                self._out.flush()
                os.fsync(self._out.fileno())
                _sync_folder(self.path.parent)
        return self._out

    def _rewrite(self) -> None:
        """Replace the file with its good lines (so appends never follow a line cut short)."""
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        try:
            with open(temporary, "wb") as out:
                out.write(_header() + b"".join(_line(k, v) for k, v in self._known.items()))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
            _sync_folder(self.path.parent)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        log.warning("checkpoint %s not written (%s); the job goes on without it", self.path, exc)
        self._broken = True
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None


def _sync_folder(folder: Path) -> None:
    """Make a new or replaced file's name durable (not every system can open folders)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
