"""OUT_DIR: safe output names that mirror the input tree, and atomic writes.

Names: an input `a/b/story.txt` gives `a/b/story.txt.json`, `.md`, `.html`; a record `r7` of
`feeds/day.jsonl` gives `feeds/day.jsonl/r7.json`, ... (the suffix of the input stays in the name, so
`story.txt` and `story.html` never collide). Each path component is made safe: separators, control
and reserved characters become `_`, a leading `.` becomes `_` (so `.` and `..` cannot occur and no
output is hidden), long names are shortened; a component changed this way gets `~` and a hash of
the original appended, so two different inputs never share an output. Before writing, every
existing folder on the way is checked not to be a symbolic link and the resolved path to lie
inside OUT_DIR.

Writes: to a temporary file in `OUT_DIR/.tarjama-tmp` (same file system), flushed and fsynced, then
`os.replace`d onto its name and the folder fsynced: a reader (or a killed run) sees the old file or
the new one, never half of one. Temporary files left by a killed run are removed when the next run
starts; a lock file keeps two runs off the same OUT_DIR.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

from batch.options import FORMATS, UsageError
from models.errors import TarjamaError

TMP_DIR = ".tarjama-tmp"
LOCK_FILE = ".tarjama.lock"
MANIFEST = "manifest.sqlite"
REPORT = "report.json"
DIGEST_MD = "digest.md"
DIGEST_HTML = "digest.html"

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')
_MAX_COMPONENT_BYTES = 180  # room for `~hash` and `.html` within the usual 255-byte limit


class OutputPathError(TarjamaError):
    """An output path that would leave OUT_DIR (symbolic link on the way, bad name)."""

    code = "unsafe_output_path"


def safe_component(name: str) -> str:
    """One path component, made safe (see the module's notes)."""
    safe = _UNSAFE.sub("_", name)
    stripped = safe.lstrip(".")
    safe = "_" * (len(safe) - len(stripped)) + stripped
    safe = safe or "_"
    encoded = safe.encode("utf-8")
    if len(encoded) > _MAX_COMPONENT_BYTES:
        safe = encoded[:_MAX_COMPONENT_BYTES].decode("utf-8", errors="ignore")
    if safe != name:
        safe = f"{safe}~{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return safe


def output_stem(rel: str, record: str | None) -> str:
    """The output path of an article without its format suffix (POSIX, relative to OUT_DIR)."""
    parts = [safe_component(part) for part in rel.split("/") if part not in ("", ".")]
    if record is not None:
        parts.append(safe_component(record))
    return "/".join(parts)


def output_paths(rel: str, record: str | None, formats: Iterable[str]) -> dict[str, str]:
    """Format -> output path relative to OUT_DIR, for each of `formats`."""
    stem = output_stem(rel, record)
    return {fmt: stem + FORMATS[fmt] for fmt in formats}


class OutputTree:
    """OUT_DIR: resolving relative output paths safely and writing files atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.real_root = Path(os.path.realpath(self.root))
        self.tmp = self.root / TMP_DIR
        self._lock_fd: int | None = None

    # -- the run's hold on OUT_DIR -------------------------------------------------------------------
    def open(self) -> None:
        """Create OUT_DIR, take its lock (or raise UsageError) and clear a killed run's temp files."""
        import fcntl

        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create OUT_DIR {self.root} ({exc.strerror})") from None
        self.real_root = Path(os.path.realpath(self.root))
        try:
            fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # a read-only OUT_DIR (permissions, read-only mount)
            raise UsageError(
                f"cannot write to OUT_DIR {self.root} ({exc.strerror or 'not writable'}); "
                "choose a folder this user can write to"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise UsageError(
                f"another tarjama batch is writing to {self.root}; wait for it to finish"
            ) from None
        self._lock_fd = fd
        try:
            self.tmp.mkdir(exist_ok=True)
        except OSError as exc:
            self.close()
            raise UsageError(
                f"cannot write to OUT_DIR {self.root} ({exc.strerror or 'not writable'})"
            ) from None
        for leftover in self.tmp.iterdir():
            with contextlib.suppress(OSError):
                leftover.unlink()

    def close(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                self.tmp.rmdir()
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None

    # -- paths ---------------------------------------------------------------------------------
    def resolve(self, rel: str, create: bool = False) -> Path:
        """The absolute path of `rel` inside OUT_DIR; OutputPathError if it could leave it.

        create: make the missing folders on the way.
        """
        parts = rel.split("/")
        if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise OutputPathError(f"refusing output path {rel!r}: not a plain relative path")
        current = self.root
        for part in parts[:-1]:
            current = current / part
            if current.is_symlink():
                raise OutputPathError(f"refusing to write through the symbolic link {current}")
            if create and not current.exists():
                current.mkdir(exist_ok=True)
        path = current / parts[-1]
        parent = Path(os.path.realpath(path.parent))
        if parent != self.real_root and self.real_root not in parent.parents:
            raise OutputPathError(f"refusing output path {rel!r}: it resolves outside {self.root}")
        return path

    # -- writing -------------------------------------------------------------------------------
    def write_many(self, files: dict[str, str]) -> None:
        """Write each relative path's text atomically (temp file, fsync, replace, folder fsync)."""
        staged: list[tuple[Path, Path]] = []
        try:
            for rel, text in files.items():
                target = self.resolve(rel, create=True)
                tmp = self.tmp / f"{uuid.uuid4().hex}.tmp"
                with tmp.open("wb") as handle:
                    handle.write(text.encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
                staged.append((tmp, target))
            for tmp, target in staged:
                os.replace(tmp, target)
        finally:
            for tmp, _ in staged:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
        for folder in {target.parent for _, target in staged}:
            _fsync_dir(folder)

    def write(self, rel: str, text: str) -> None:
        self.write_many({rel: text})

    def remove(self, rel: str) -> None:
        """Delete an output (a stale one) if it exists; never anything outside OUT_DIR."""
        with contextlib.suppress(FileNotFoundError, OutputPathError):
            self.resolve(rel).unlink()

    def exists(self, rel: str) -> bool:
        try:
            return self.resolve(rel).is_file()
        except OutputPathError:
            return False


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
