"""Random-weight seq2seq models with real tokenizers, saved like hub checkpoints.

Every builder writes a directory that ``AutoTokenizer.from_pretrained`` and
``AutoModelForSeq2SeqLM.from_pretrained`` load offline (``HF_HUB_OFFLINE=1``) exactly as they load
a downloaded model: ``config.json``, ``generation_config.json``, ``model.safetensors``, the
tokenizer files of the family, and ``synthetic.json`` describing the build. Tokenizers are
trained on a small built-in Arabic/English news corpus (`models.synthetic.corpus`).

Uses: the test suite (``TINY`` shapes, `build_all_tiny`) and benchmarks (real shapes such as
``OPUS_MT`` and ``DISTILBART_CNN``, so that speed and memory match the real checkpoints). The
weights are random: outputs are well-formed token ids that decode without error, but gibberish
of arbitrary length, often one token repeated.

Nothing heavy is imported until a builder runs.
"""

from models.synthetic.bart import build_bart
from models.synthetic.common import MANIFEST_NAME, read_manifest
from models.synthetic.corpus import SAMPLE_ARABIC, SAMPLE_ENGLISH, corpus_lines
from models.synthetic.marian import build_marian
from models.synthetic.multilingual import build_m2m100, build_nllb
from models.synthetic.shapes import (
    DISTILBART_CNN,
    M2M100_418M,
    MT5_SMALL,
    NLLB_600M,
    OPUS_MT,
    PRESETS,
    TINY,
    ModelShape,
)
from models.synthetic.suite import TINY_MODELS, build_all_tiny
from models.synthetic.t5 import build_t5

__all__ = [
    "DISTILBART_CNN",
    "M2M100_418M",
    "MANIFEST_NAME",
    "MT5_SMALL",
    "NLLB_600M",
    "OPUS_MT",
    "PRESETS",
    "SAMPLE_ARABIC",
    "SAMPLE_ENGLISH",
    "TINY",
    "TINY_MODELS",
    "ModelShape",
    "build_all_tiny",
    "build_bart",
    "build_m2m100",
    "build_marian",
    "build_nllb",
    "build_t5",
    "corpus_lines",
    "read_manifest",
]
