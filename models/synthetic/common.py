"""Shared pieces of the synthetic builders: tokenizer training, filler tokens, seeded models, saving.

Everything here runs offline and in memory (SentencePiece writes its model to a bytes buffer);
the only files written are the final ones in the model directory.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from models.synthetic.shapes import ModelShape

MANIFEST_NAME = "synthetic.json"
"""File every builder writes beside the model: family, shape, seed and vocabulary accounting."""

FILLER_FORMAT = "<filler_{}>"
"""Filler tokens pad a tokenizer up to a fixed model vocabulary; the tokenizer never produces them."""

T = TypeVar("T")


def filler_tokens(count: int) -> list[str]:
    """Return ``count`` distinct filler token strings (``<filler_0>``, ``<filler_1>``, ...).

    Args:
        count: how many fillers; zero or negative gives an empty list.
    """
    return [FILLER_FORMAT.format(i) for i in range(max(count, 0))]


def filler_count(shape: ModelShape, natural_size: int, family: str) -> int:
    """How many fillers bring a tokenizer of ``natural_size`` tokens up to ``shape.vocab_size``.

    Args:
        shape: the requested shape; ``vocab_size=None`` means no fillers.
        natural_size: the size the model vocabulary would have without fillers.
        family: used in the error message only.

    Raises:
        ValueError: the learnt tokenizer is already larger than ``shape.vocab_size``.
    """
    if shape.vocab_size is None:
        return 0
    missing = shape.vocab_size - natural_size
    if missing < 0:
        raise ValueError(
            f"{family}: the tokenizer needs {natural_size} ids but shape.vocab_size is {shape.vocab_size}; "
            "raise vocab_size or lower tokenizer_pieces"
        )
    return missing


def piece_budget(shape: ModelShape, reserved: int, share: int = 1) -> int:
    """Number of subword pieces to ask the trainer for.

    Args:
        shape: gives ``tokenizer_pieces`` (upper bound) and ``vocab_size`` (hard ceiling, if set).
        reserved: ids the family needs besides the pieces (special, language, "madeup" tokens).
        share: how many tokenizers split the budget (Marian trains a source and a target model
            whose pieces share one vocabulary).
    """
    budget = shape.tokenizer_pieces
    if shape.vocab_size is not None:
        budget = min(budget, (shape.vocab_size - reserved) // share)
    return budget


def train_sentencepiece(
    lines: Sequence[str],
    *,
    max_pieces: int,
    model_type: str = "unigram",
    unk_id: int = 0,
    bos_id: int = 1,
    eos_id: int = 2,
    pad_id: int = -1,
) -> bytes:
    """Train a SentencePiece model on ``lines`` and return its serialized proto.

    Training is single-threaded and uses no sampling, so the same lines give the same model.

    Args:
        lines: training sentences.
        max_pieces: requested vocabulary size, special pieces included. It is an upper bound: a
            small corpus yields fewer pieces (``hard_vocab_limit=False``).
        model_type: ``"unigram"`` or ``"bpe"``.
        unk_id, bos_id, eos_id, pad_id: ids of the special pieces in the SentencePiece model; -1
            leaves a piece out.

    Raises:
        ValueError: the corpus is empty or ``max_pieces`` is below what the corpus' characters need.
    """
    import sentencepiece as spm

    if not lines:
        raise ValueError("cannot train a SentencePiece model on an empty corpus")
    buffer = io.BytesIO()
    try:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=buffer,
            vocab_size=max_pieces,
            model_type=model_type,
            hard_vocab_limit=False,
            character_coverage=1.0,
            num_threads=1,
            unk_id=unk_id,
            bos_id=bos_id,
            eos_id=eos_id,
            pad_id=pad_id,
            minloglevel=2,
        )
    except RuntimeError as exc:
        raise ValueError(
            f"SentencePiece could not train {max_pieces} pieces on {len(lines)} lines ({exc}); "
            "the vocabulary must at least hold every character of the corpus"
        ) from exc
    return buffer.getvalue()


def sentencepiece_pieces(model_proto: bytes) -> list[tuple[str, float]]:
    """The ordinary pieces (not unknown/control) of a SentencePiece model, with their scores, in id order."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model_proto)
    return [
        (processor.id_to_piece(i), processor.get_score(i))
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i))
    ]


def precompiled_charsmap(model_proto: bytes) -> bytes | None:
    """The normaliser table SentencePiece embeds in its model (what `tokenizers` calls Precompiled)."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    proto.ParseFromString(model_proto)
    charsmap = bytes(proto.normalizer_spec.precompiled_charsmap)
    return charsmap or None


def seeded_model(factory: Callable[[], T], seed: int) -> T:
    """Call ``factory`` (which builds a torch model) under ``torch.manual_seed(seed)``.

    The global RNG state of the caller is restored afterwards, so building a model does not change
    what the caller's own random draws produce.
    """
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return factory()


def set_generation_defaults(model: Any, **values: Any) -> None:
    """Give ``model`` a generation config with the family's token ids and greedy decoding.

    No length is set (``max_length`` stays ``None``), deliberately:

    - callers pass ``max_new_tokens`` and get no "Both `max_new_tokens` and `max_length` seem to
      have been set" warning on every call (hub checkpoints that set ``max_length``, such as
      opus-mt with 512 or distilbart-cnn with 142, do trigger it in transformers 5);
    - a caller that passes no length gets the transformers default of 20 new tokens (capped by
      ``max_position_embeddings``), never a hidden family-specific cap or minimum.

    Random weights rarely emit EOS early: outputs are gibberish that usually runs to the limit.
    Decoding is greedy (``num_beams=1``); callers choose beams themselves.

    Args:
        model: a transformers seq2seq model; its config supplies bos/eos/pad/decoder-start ids.
        values: family-specific extras (``forced_bos_token_id``, ``bad_words_ids``, ...).
    """
    from transformers import GenerationConfig

    config = model.config
    ids = {
        name: getattr(config, name, None)
        for name in ("bos_token_id", "eos_token_id", "pad_token_id", "decoder_start_token_id")
    }
    model.generation_config = GenerationConfig(
        **{name: value for name, value in ids.items() if value is not None},
        num_beams=1,
        do_sample=False,
        **values,
    )


@contextmanager
def staging_dir(out_dir: Path, *, overwrite: bool) -> Iterator[Path]:
    """Yield an empty sibling directory to build in, then move it to ``out_dir`` atomically.

    Concurrent builders (test workers) never see a half-written model. On error the staging
    directory is removed and ``out_dir`` is left as it was.

    Args:
        out_dir: the final model directory.
        overwrite: replace an existing ``out_dir`` that holds an earlier synthetic build (one with a
            ``synthetic.json``). A non-empty directory without it is never removed.

    Raises:
        FileExistsError: ``out_dir`` exists, is not empty, and may not or cannot be replaced.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out_dir} is not empty; pass overwrite=True or choose a new directory")
        if not (out_dir / MANIFEST_NAME).is_file():
            raise FileExistsError(
                f"{out_dir} is not empty and is not a synthetic model; refusing to replace it"
            )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        yield stage
        if out_dir.exists():
            shutil.rmtree(out_dir)
        stage.rename(out_dir)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def save_model(model: Any, tokenizer: Any, out_dir: Path) -> None:
    """Write model (safetensors), generation config and tokenizer with ``save_pretrained``."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        model.save_pretrained(out_dir, safe_serialization=True)
    finally:
        hf_logging.enable_progress_bar()
    tokenizer.save_pretrained(out_dir)


def write_manifest(
    out_dir: Path,
    *,
    family: str,
    architecture: str,
    shape: ModelShape,
    seed: int,
    tokenizer_size: int,
    model_vocab_size: int,
    fillers: int,
    languages: Sequence[str],
    special: dict[str, Any] | None = None,
) -> None:
    """Write ``synthetic.json``: what was built, so benchmarks and tests can tell a synthetic model apart.

    Args:
        out_dir: the model directory.
        family: ``marian``, ``m2m100``, ``nllb``, ``bart`` or ``t5``.
        architecture: the transformers model class name.
        shape: the shape it was built with.
        seed: the torch seed used for the weights.
        tokenizer_size: ``len(tokenizer)`` after building.
        model_vocab_size: ``config.vocab_size``.
        fillers: how many ``<filler_N>`` tokens pad the tokenizer.
        languages: the language codes the tokenizer was trained for / knows.
        special: family-specific notes (language tokens, madeup words, ...).
    """
    manifest = {
        "synthetic": True,
        "family": family,
        "architecture": architecture,
        "shape": asdict(shape),
        "seed": seed,
        "tokenizer_size": tokenizer_size,
        "model_vocab_size": model_vocab_size,
        "fillers": fillers,
        "languages": list(languages),
        **(special or {}),
    }
    (Path(out_dir) / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def read_manifest(model_dir: Path) -> dict[str, Any] | None:
    """Return the ``synthetic.json`` of ``model_dir``, or ``None`` for a real (non-synthetic) model."""
    path = Path(model_dir) / MANIFEST_NAME
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
