"""Synthetic multilingual models with language codes: M2M100 and NLLB (M2M100 architecture).

Both use ``M2M100ForConditionalGeneration``; they differ in tokenizer and language codes:

- M2M100: ``M2M100Tokenizer`` (SentencePiece, ``sentencepiece.bpe.model`` + ``vocab.json``), codes
  ``__ar__``, ``__en__`` for all 100 M2M100 languages. The source text is prefixed with the source
  code; the target code is forced as first generated token (``forced_bos_token_id``).
- NLLB: ``NllbTokenizer`` (a `tokenizers` BPE in ``tokenizer.json``), codes ``arb_Arab``,
  ``eng_Latn`` ... for all 202 NLLB languages, used the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.synthetic.common import (
    filler_count,
    filler_tokens,
    piece_budget,
    save_model,
    seeded_model,
    sentencepiece_pieces,
    set_generation_defaults,
    staging_dir,
    train_sentencepiece,
    write_manifest,
)
from models.synthetic.corpus import corpus_lines
from models.synthetic.shapes import TINY, ModelShape

M2M100_MADEUP_WORDS = 8
"""fairseq's M2M100 checkpoints carry 8 unused "madeupword" rows after the language tokens."""

_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")
"""fairseq order: bos 0, pad 1, eos 2, unk 3 (M2M100 and NLLB alike)."""


def _corpus_languages(codes: Sequence[str], to_corpus: dict[str, str], family: str) -> list[str]:
    wanted = [to_corpus[code] for code in codes if code in to_corpus]
    if not wanted:
        raise ValueError(
            f"{family}: none of {list(codes)} has a built-in corpus; include one of {sorted(to_corpus)}"
        )
    return list(dict.fromkeys(wanted))


def _m2m100_config(shape: ModelShape, vocab_size: int) -> Any:
    from transformers import M2M100Config

    return M2M100Config(
        vocab_size=vocab_size,
        d_model=shape.d_model,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn_dim,
        decoder_ffn_dim=shape.ffn_dim,
        max_position_embeddings=shape.max_positions,
        activation_function="relu",
        scale_embedding=True,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
    )


def build_m2m100(
    out_dir: Path | str,
    shape: ModelShape = TINY,
    *,
    languages: Sequence[str] = ("ar", "en"),
    corpus: Sequence[str] | None = None,
    seed: int = 0,
    overwrite: bool = False,
) -> Path:
    """Build a random-weight ``M2M100ForConditionalGeneration`` and its ``M2M100Tokenizer``.

    Vocabulary, as in facebook/m2m100_418M: ``vocab.json`` holds ``<s> <pad> </s> <unk>``, the
    SentencePiece pieces and the fillers (if ``shape.vocab_size`` is set); the tokenizer appends
    the 100 language tokens ``__xx__`` after it; the model has 8 more "madeupword" rows. Hence
    ``config.vocab_size == len(tokenizer) + 8``, exactly like the real checkpoints (and what the
    CTranslate2 converter expects).

    The language tokens are registered as special tokens in ``tokenizer_config.json``: with
    transformers 5 an M2M100Tokenizer built from files alone does not register them, so
    ``decode(skip_special_tokens=True)`` would keep ``__ar__`` and ``get_vocab()`` would miss them.

    Usage: ``tokenizer.src_lang = "ar"; tokenizer(text)`` gives ``__ar__ ... </s>``; generate with
    ``forced_bos_token_id=tokenizer.convert_tokens_to_ids("__en__")``.

    Args:
        out_dir: directory to create; it must not exist or be empty (see ``overwrite``).
        shape: model size (``TINY`` for tests, ``M2M100_418M`` for the real shape).
        languages: M2M100 codes; the first two become the saved ``src_lang``/``tgt_lang``.
            Those with a built-in corpus (``ar``, ``en``) train the SentencePiece model.
        corpus: extra training lines (kept when written in one of those languages' scripts).
        seed: torch seed for the weights.
        overwrite: replace ``out_dir`` when it holds an earlier synthetic build.
    """
    from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer
    from transformers.models.m2m_100.tokenization_m2m_100 import FAIRSEQ_LANGUAGE_CODES

    out_dir = Path(out_dir)
    codes: list[str] = list(FAIRSEQ_LANGUAGE_CODES["m2m100"])
    unknown = [code for code in languages if code not in codes]
    if unknown:
        raise ValueError(f"m2m100: unknown language codes {unknown}; M2M100 knows {codes}")
    lang_tokens = [f"__{code}__" for code in codes]
    reserved = len(_SPECIALS) + len(lang_tokens) + M2M100_MADEUP_WORDS
    lines = corpus_lines(_corpus_languages(languages, {"ar": "ar", "en": "en"}, "m2m100"), corpus)
    proto = train_sentencepiece(lines, max_pieces=piece_budget(shape, reserved), model_type="bpe")

    tokens = list(_SPECIALS)
    tokens += [piece for piece, _ in sentencepiece_pieces(proto) if piece not in _SPECIALS]
    fillers = filler_count(shape, len(tokens) + len(lang_tokens) + M2M100_MADEUP_WORDS, "m2m100")
    tokens += filler_tokens(fillers)
    vocab = {token: index for index, token in enumerate(tokens)}

    with staging_dir(out_dir, overwrite=overwrite) as stage:
        (stage / "sentencepiece.bpe.model").write_bytes(proto)
        (stage / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
        tokenizer = M2M100Tokenizer(
            vocab_file=str(stage / "vocab.json"),
            spm_file=str(stage / "sentencepiece.bpe.model"),
            src_lang=languages[0] if languages else None,
            tgt_lang=languages[1] if len(languages) > 1 else None,
            extra_special_tokens=lang_tokens,
            model_max_length=shape.max_positions,
        )
        vocab_size = len(tokenizer) + M2M100_MADEUP_WORDS
        if tokenizer.convert_tokens_to_ids(lang_tokens[-1]) != len(vocab) + len(lang_tokens) - 1:
            raise RuntimeError("m2m100: language token ids do not follow vocab.json; transformers changed")
        config = _m2m100_config(shape, vocab_size)
        model = seeded_model(lambda: M2M100ForConditionalGeneration(config), seed)
        set_generation_defaults(model)
        save_model(model, tokenizer, stage)
        write_manifest(
            stage,
            family="m2m100",
            architecture="M2M100ForConditionalGeneration",
            shape=shape,
            seed=seed,
            tokenizer_size=len(tokenizer),
            model_vocab_size=vocab_size,
            fillers=fillers,
            languages=codes,
            special={"language_tokens": "__xx__", "madeup_words": M2M100_MADEUP_WORDS},
        )
    return out_dir


def _bpe_merges(vocab: dict[str, int]) -> list[tuple[str, str]]:
    """Merges for a BPE vocabulary given as pieces in rank order (how transformers converts NLLB).

    Every split of a piece into two known pieces is a merge, ordered by the rank of the result,
    then of the left and right halves.
    """
    merges: list[tuple[int, int, int, str, str]] = []
    for piece, rank in vocab.items():
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in vocab and right in vocab:
                merges.append((rank, vocab[left], vocab[right], left, right))
    merges.sort()
    return [(left, right) for *_ranks, left, right in merges]


def build_nllb(
    out_dir: Path | str,
    shape: ModelShape = TINY,
    *,
    languages: Sequence[str] = ("arb_Arab", "eng_Latn"),
    corpus: Sequence[str] | None = None,
    seed: int = 0,
    overwrite: bool = False,
) -> Path:
    """Build a random-weight NLLB model: ``M2M100ForConditionalGeneration`` + ``NllbTokenizer``.

    Vocabulary, as in facebook/nllb-200-distilled-600M: ``<s> <pad> </s> <unk>``, the BPE pieces
    (learnt by SentencePiece, stored as a `tokenizers` BPE in ``tokenizer.json``), the fillers (if
    ``shape.vocab_size`` is set), the 202 NLLB language codes, and ``<mask>`` last;
    ``config.vocab_size == len(tokenizer)``. ``sentencepiece.bpe.model`` is written too, as on the
    hub, but ``tokenizer.json`` is what transformers loads.

    Usage: ``tokenizer.src_lang = "arb_Arab"; tokenizer(text)`` gives ``arb_Arab ... </s>``;
    generate with ``forced_bos_token_id=tokenizer.convert_tokens_to_ids("eng_Latn")``.

    Args:
        out_dir: directory to create; it must not exist or be empty (see ``overwrite``).
        shape: model size (``TINY`` for tests, ``NLLB_600M`` for the real shape).
        languages: NLLB codes; the first two become the saved ``src_lang``/``tgt_lang``. Those in
            Arabic script (``*_Arab``) or Latin script (``*_Latn``) select the Arabic / English
            halves of the corpus the BPE is trained on.
        corpus: extra training lines (kept when written in one of those scripts).
        seed: torch seed for the weights.
        overwrite: replace ``out_dir`` when it holds an earlier synthetic build.
    """
    from transformers import M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    out_dir = Path(out_dir)
    codes: list[str] = list(FAIRSEQ_LANGUAGE_CODES)
    unknown = [code for code in languages if code not in codes]
    if unknown:
        raise ValueError(f"nllb: unknown language codes {unknown}; NLLB codes look like 'arb_Arab'")
    scripts = {code: "ar" for code in codes if code.endswith("_Arab")}
    scripts.update({code: "en" for code in codes if code.endswith("_Latn")})
    reserved = len(_SPECIALS) + len(codes) + 1  # + <mask>
    lines = corpus_lines(_corpus_languages(languages, scripts, "nllb"), corpus)
    proto = train_sentencepiece(lines, max_pieces=piece_budget(shape, reserved), model_type="bpe")

    tokens = list(_SPECIALS)
    tokens += [piece for piece, _ in sentencepiece_pieces(proto) if piece not in _SPECIALS]
    vocab = {token: index for index, token in enumerate(tokens)}
    merges = _bpe_merges(vocab)
    fillers = filler_count(shape, len(tokens) + len(codes) + 1, "nllb")
    # Language codes go into the BPE vocabulary itself (after the fillers) so that the ids are
    # those of the hub model: codes next, then <mask>, which the tokenizer appends as last id.
    # They are registered as special tokens below, so text containing them is matched whole.
    for token in [*filler_tokens(fillers), *codes]:
        vocab[token] = len(vocab)

    with staging_dir(out_dir, overwrite=overwrite) as stage:
        pairs: Any = merges  # annotated list[str] in transformers; the BPE needs (left, right) pairs
        tokenizer = NllbTokenizer(
            vocab=vocab,
            merges=pairs,
            src_lang=languages[0] if languages else None,
            tgt_lang=languages[1] if len(languages) > 1 else None,
            extra_special_tokens=codes,
            model_max_length=shape.max_positions,
        )
        vocab_size = len(tokenizer)
        if tokenizer.convert_tokens_to_ids("<mask>") != vocab_size - 1:
            raise RuntimeError("nllb: <mask> is not the last id; transformers changed NllbTokenizer")
        config = _m2m100_config(shape, vocab_size)
        model = seeded_model(lambda: M2M100ForConditionalGeneration(config), seed)
        set_generation_defaults(model)
        save_model(model, tokenizer, stage)
        (stage / "sentencepiece.bpe.model").write_bytes(proto)
        write_manifest(
            stage,
            family="nllb",
            architecture="M2M100ForConditionalGeneration",
            shape=shape,
            seed=seed,
            tokenizer_size=len(tokenizer),
            model_vocab_size=vocab_size,
            fillers=fillers,
            languages=codes,
            special={"language_tokens": "xxx_Scrp"},
        )
    return out_dir
