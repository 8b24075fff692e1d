"""Model references: an alias, a hub id with an optional pinned revision, or a local directory.

A hub model and a local directory go through the same loading code: both resolve to a directory
holding `config.json` and tokenizer files, which `models.loader` then loads.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from models.errors import AccessError, ModelNotFoundError

# Short names for the models tarjama is tested against.
ALIASES: dict[str, str] = {
    "opus-mt-ar-en": "Helsinki-NLP/opus-mt-ar-en",
    "opus-mt-en-ar": "Helsinki-NLP/opus-mt-en-ar",
    "nllb-200-600m": "facebook/nllb-200-distilled-600M",
    "nllb-200-1.3b": "facebook/nllb-200-distilled-1.3B",
    "m2m100-418m": "facebook/m2m100_418M",
    "distilbart-cnn": "sshleifer/distilbart-cnn-12-6",
    "mt5-xlsum": "csebuetnlp/mT5_multilingual_XLSum",
}

# Files a snapshot needs; the rest of a hub repo (TF, Flax, ONNX weights) is never fetched.
_ALLOW = ["*.json", "*.model", "*.spm", "*.txt", "*.safetensors", "*.bin", "*.tiktoken", "*.py"]
_SKIP = ["*.h5", "*.msgpack", "*.onnx", "*.ot", "tf_model*", "flax_model*", "rust_model*"]


@dataclass(frozen=True)
class ModelRef:
    """A parsed model reference.

    spec: the text as configured. repo_id / revision: set for hub models. local_dir: set for
    directories. Exactly one of repo_id and local_dir is set.
    """

    spec: str
    repo_id: str | None = None
    revision: str | None = None
    local_dir: Path | None = None

    @property
    def name(self) -> str:
        return self.repo_id or str(self.local_dir)


def _looks_like_path(spec: str) -> bool:
    # Hub ids are `name` or `org/name`; anything rooted, relative-dotted or deeper is a path.
    return spec.startswith(("/", "./", "../", "~", ".")) or spec.split("@")[0].count("/") > 1


def parse_model_ref(spec: str, default_revision: str | None = None) -> ModelRef:
    """Parse `spec`: an existing or path-like directory, an alias, or `org/name[@revision]`."""
    spec = spec.strip()
    path = Path(spec).expanduser()
    if path.exists() or _looks_like_path(spec):
        return ModelRef(spec=spec, local_dir=path.resolve())
    repo, _, revision = spec.partition("@")
    repo = ALIASES.get(repo, repo)
    return ModelRef(spec=spec, repo_id=repo, revision=revision or default_revision)


def hub_offline(offline_setting: bool) -> bool:
    """Offline when the setting says so or the standard `HF_HUB_OFFLINE` variable is set."""
    return offline_setting or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def _not_found(ref: ModelRef, why: str) -> ModelNotFoundError:
    if ref.local_dir is not None:
        return ModelNotFoundError(
            f"model directory {ref.local_dir} {why}. Point the setting at a directory saved with "
            "save_pretrained (config.json, tokenizer and weights), or use a hub id."
        )
    return ModelNotFoundError(
        f"model {ref.repo_id}{'@' + ref.revision if ref.revision else ''} {why}. "
        "Fetch it once with `tarjama models pull` on a machine with network access "
        "(it fills the cache in TARJAMA_CACHE_DIR), or set the model to a local directory."
    )


def resolve_model_dir(ref: ModelRef, cache_dir: Path, offline: bool) -> Path:
    """Return the local directory of `ref`, downloading it only when online.

    cache_dir: tarjama's cache root; hub snapshots live under `cache_dir/hub`.
    offline: never touch the network; a model missing from the cache is an error.
    """
    if ref.local_dir is not None:
        if not ref.local_dir.is_dir():
            raise _not_found(ref, "does not exist")
        _check_readable(ref.local_dir)
        if not (ref.local_dir / "config.json").is_file():
            raise _not_found(ref, "has no config.json")
        return ref.local_dir
    return _snapshot(ref, cache_dir, local_only=hub_offline(offline))


def _check_readable(directory: Path) -> None:
    """AccessError when this process cannot list `directory` or read the files in it."""
    try:
        files = [p for p in directory.iterdir() if p.is_file()]
    except PermissionError:
        raise AccessError(
            f"model directory {directory} cannot be read (permission denied); "
            "let this user read it (chmod -R a+rX) or copy it somewhere readable"
        ) from None
    unreadable = [p.name for p in files if not os.access(p, os.R_OK)]
    if unreadable:
        raise AccessError(
            f"model directory {directory}: {', '.join(sorted(unreadable)[:3])} cannot be read (permission "
            "denied); let this user read them (chmod -R a+rX) or copy the folder somewhere readable"
        )


UNREACHABLE_HELP = (
    "To proceed without the hub: set the model to a local directory saved with save_pretrained "
    "(TARJAMA_AR_EN_MODEL=/path/to/model, ...); or copy a cache filled by `tarjama models pull` on a "
    "machine with network access into TARJAMA_CACHE_DIR and set HF_HUB_OFFLINE=1; or try tarjama with "
    "tiny random-weight models: `tarjama models demo DIR`."
)


def pull_model(ref: ModelRef, cache_dir: Path) -> Path:
    """Download `ref` into the cache (no-op for local directories) and return its directory."""
    if ref.local_dir is not None:
        return resolve_model_dir(ref, cache_dir, offline=True)
    return _snapshot(ref, cache_dir, local_only=False)


def _snapshot(ref: ModelRef, cache_dir: Path, local_only: bool) -> Path:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, RepositoryNotFoundError, RevisionNotFoundError

    if ref.repo_id is None:
        raise _not_found(ref, "is not a hub id")
    try:
        path = snapshot_download(
            ref.repo_id,
            revision=ref.revision,
            cache_dir=cache_dir / "hub",
            local_files_only=local_only,
            allow_patterns=_ALLOW,
            ignore_patterns=_SKIP,
        )
    except HFValidationError as exc:
        raise _not_found(ref, "is not a valid hub id or an existing directory") from exc
    except (RepositoryNotFoundError, RevisionNotFoundError) as exc:
        what = "revision" if isinstance(exc, RevisionNotFoundError) else "model"
        raise ModelNotFoundError(
            f"model {_hub_name(ref)}: the hub has no such {what} (or it needs an access token); check "
            "the name, or set the model to a local directory"
        ) from exc
    except Exception as exc:  # network, auth, missing repo: all mean "not available here"
        if local_only:
            raise _not_found(ref, "is not in the local cache") from exc
        why = (
            "HF_HUB_OFFLINE is set, so nothing is downloaded"
            if hub_offline(False)
            else "the model hub (huggingface.co) cannot be reached from here"
        )
        raise ModelNotFoundError(
            f"model {_hub_name(ref)} could not be fetched: {why}. {UNREACHABLE_HELP}"
        ) from exc
    return Path(str(path))


def _hub_name(ref: ModelRef) -> str:
    return f"{ref.repo_id}{'@' + ref.revision if ref.revision else ''}"


def is_present(ref: ModelRef, cache_dir: Path) -> Path | None:
    """The local directory of `ref` if it is usable without the network, else None."""
    try:
        return resolve_model_dir(ref, cache_dir, offline=True)
    except ModelNotFoundError:
        return None


def model_fingerprint(model_dir: Path) -> str:
    """A short key for a model's exact files: the commit of a hub snapshot, else a hash of the files.

    Used to key cached conversions, so a changed model is converted again.
    """
    if model_dir.parent.name == "snapshots":
        return model_dir.name[:12]
    digest = hashlib.sha256()
    for file in sorted(p for p in model_dir.iterdir() if p.is_file()):
        stat = file.stat()
        digest.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]
