"""Translation rows, Arabic -> English on the NTREX articles, output length pinned in every row.

(a) naive: transformers float32 `generate`, batches of 32 sentences in file order (a regex
    sentence split), beam 4, padding per batch: the harness the CTranslate2 project publishes.
(b) tarjama: `Engine.translate` on the raw article texts with tarjama's defaults (language
    detection, segmentation, tokenisation, token-budget batches, the auto engine, reassembly).
(c) ceiling: `ctranslate2.Translator.translate_batch` alone on the token sequences (b) sent to its
    engine, pre-tokenised, length-sorted and cut by the same token budget.
(d) shortlist: (b) with a vocabulary shortlist (`tarjama models shortlist` defaults) built from the
    corpus with the model's tokenisers, all documents but a fifth held back; its coverage of the
    held-back references is the row's `coverage`. Compared with (c), the engine without one.
"""

from __future__ import annotations

from pathlib import Path

from models.bench.corpus import load_articles, naive_sentences
from models.bench.engines import (
    RecordingBackend,
    backend_label,
    ct2_translate,
    ct2_translate_all,
    load_ct2,
    load_naive,
    naive_generate,
    replay_batches,
    tarjama_settings,
)
from models.bench.fixtures import ct2_dir
from models.bench.results import Job, RowResult, mb
from models.bench.stats import RssSampler, Stopwatch, peak_rss_bytes, rss_bytes
from models.errors import TarjamaError

WARMUP_TEXT = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة."


def finish_row(result: RowResult, load_rss: int, sampler: RssSampler) -> RowResult:
    result.rss_load_mb = mb(load_rss)
    result.rss_run_mb = mb(sampler.peak)
    result.rss_hwm_mb = mb(peak_rss_bytes())
    return result


def naive_row(job: Job) -> RowResult:
    import torch

    articles = load_articles(Path(job.corpus), "ar", job.docs)
    sentences = naive_sentences(articles)
    with Stopwatch() as load:
        tokenizer, model = load_naive(job.model_dir, job.device)
    load_rss = rss_bytes()
    naive_generate(
        tokenizer, model, [WARMUP_TEXT], batch_size=1, beam_size=1, new_tokens=2, device=job.device
    )
    with RssSampler() as sampler, Stopwatch() as run:
        _, counts = naive_generate(
            tokenizer,
            model,
            sentences,
            batch_size=job.naive_batch,
            beam_size=job.beam_size,
            new_tokens=job.new_tokens,
            device=job.device,
        )
    result = RowResult(
        task="translation",
        row="naive",
        engine=f"transformers {torch.__version__.split('+')[0]} float32, batches of {job.naive_batch}",
        docs=len(articles),
        rows=counts.rows,
        new_tokens=job.new_tokens,
        counted_tokens=counts.steps,
        seconds=run.seconds,
        load_seconds=load.seconds,
        calls=counts.calls,
        source_tokens=counts.source_tokens,
        padded_tokens=counts.padded_tokens,
        threads=torch.get_num_threads(),
        notes=[f"{len(sentences)} sentences from a regex split"],
    )
    return finish_row(result, load_rss, sampler)


def tarjama_row(job: Job) -> RowResult:
    return run_tarjama(job, "tarjama")


def run_tarjama(job: Job, row: str, shortlist: Path | None = None) -> RowResult:
    """Row (b), or with `shortlist` row (d): tarjama end to end on the raw article texts. Only
    (b) records its engine inputs for the ceiling."""
    from models.engine import Engine
    from models.translate import TranslationOptions

    articles = load_articles(Path(job.corpus), "ar", job.docs)
    texts = [article.text for article in articles]
    extra = {"shortlist_ar_en": str(shortlist)} if shortlist else {}
    settings = tarjama_settings(job, ar_en_model=job.model_dir, **extra)
    engine = Engine(settings, backend=None if job.backend == "auto" else job.backend)
    with Stopwatch() as load:
        translator = engine.translator("ar", "en")
    load_rss = rss_bytes()
    if shortlist is not None and not getattr(translator.model.backend, "use_vmap", False):
        raise TarjamaError(f"tarjama did not load the shortlist {shortlist} (is the engine CTranslate2?)")
    recorder = RecordingBackend(translator.model.backend, record=shortlist is None)
    translator.model.backend = recorder
    engine.translate([WARMUP_TEXT], "ar", "en", TranslationOptions(beam_size=1, max_new_tokens=2))
    recorder.reset()
    options = TranslationOptions(
        beam_size=job.beam_size, min_new_tokens=job.new_tokens, max_new_tokens=job.new_tokens
    )
    with RssSampler() as sampler, Stopwatch() as run:
        documents = engine.translate(texts, options=options)  # source "auto", as callers use it
    if len(documents) != len(texts) or any(not doc.paragraphs for doc in documents):
        raise TarjamaError("tarjama returned fewer translated documents than it was given")
    device = translator.model.backend.device
    if shortlist is None:
        recorder.save(Path(job.sources_file))
    segments = sum(len(doc.segments) for doc in documents)
    result = RowResult(
        task="translation",
        row=row,
        engine=f"tarjama: {backend_label(recorder)}" + (", vocabulary map" if shortlist else ""),
        docs=len(articles),
        rows=recorder.rows,
        new_tokens=job.new_tokens,
        counted_tokens=recorder.tokens,
        seconds=run.seconds,
        load_seconds=load.seconds,
        calls=recorder.calls,
        source_tokens=recorder.source_tokens,
        padded_tokens=recorder.padded_tokens,
        threads=device.threads,
        notes=[
            f"{segments} sentences, {recorder.rows} model inputs; "
            f"batch budget {settings.batch_tokens} tokens / {settings.max_batch_size} rows"
        ],
    )
    engine.close()
    return finish_row(result, load_rss, sampler)


def ceiling_row(job: Job, task: str = "translation") -> RowResult:
    """The engine alone on what the tarjama row sent it (also used by the summaries' ceiling)."""
    import json

    from models.device import resolve_device

    recorded = json.loads(Path(job.sources_file).read_text(encoding="utf-8"))
    settings = tarjama_settings(job)
    device = resolve_device(settings.device, settings.compute_type, settings.threads)
    batches = replay_batches(recorded, settings.batch_tokens, settings.max_batch_size)
    with Stopwatch() as load:
        translator, replicas = load_ct2(
            ct2_dir(Path(job.model_dir), device.compute_type, settings.cache_dir),
            device.device,
            device.compute_type,
            device.threads,
        )
    load_rss = rss_bytes()
    if batches:
        warm = batches[-1]
        ct2_translate(translator, type(warm)([warm.sources[0]], warm.prefix, warm.options))
    rows = counted = source = padded = 0
    with RssSampler() as sampler, Stopwatch() as run:
        for outputs in ct2_translate_all(translator, batches, replicas):
            rows += len(outputs)
            counted += sum(len(row) for row in outputs)
    for batch in batches:
        source += sum(len(row) for row in batch.sources)
        padded += len(batch.sources) * max(len(row) for row in batch.sources)
    docs = len(load_articles(Path(job.corpus), "ar" if task == "translation" else "en", job.docs))
    result = RowResult(
        task=task,
        row="ceiling",
        engine=f"ctranslate2 {device.compute_type}, {replicas} x {device.threads // replicas} threads",
        docs=docs,
        rows=rows,
        new_tokens=job.new_tokens,
        counted_tokens=counted,
        seconds=run.seconds,
        load_seconds=load.seconds,
        calls=len(batches),
        source_tokens=source,
        padded_tokens=padded,
        threads=device.threads,
        notes=[
            f"replays the {rows} inputs of row (b), sorted, {settings.batch_tokens}-token batches, "
            f"all queued at once on {replicas} replica(s)"
        ],
    )
    return finish_row(result, load_rss, sampler)


def shortlist_row(job: Job) -> RowResult:
    """Row (d): build the shortlist (untimed), measure its coverage, then run tarjama with it."""
    from models.shortlist import ShortlistOptions, build_shortlist, load_pair_tokenizer, load_parallel

    corpus = Path(job.corpus)
    documents = load_parallel(corpus / "ar", corpus / "en")
    held_out = max(1, len(documents) // 5)
    tokens = load_pair_tokenizer(Path(job.model_dir), "ar", "en")
    options = ShortlistOptions()
    built = build_shortlist(documents, tokens, options, held_out)
    # What co-occurrence alone reaches, without the tokeniser's pieces (said, not hidden).
    alone = build_shortlist(documents, tokens, ShortlistOptions(prior=0), held_out).report
    if built.report is None or alone is None:
        raise TarjamaError("the shortlist row needs documents held back to measure coverage")
    vmap = Path(job.sources_file).with_name("translation-shortlist.vmap")
    built.vmap.write(vmap)
    result = run_tarjama(job, "shortlist", vmap)
    report = built.report
    result.coverage = report.mean
    result.notes.append(
        f"shortlist built on {built.build_documents} documents ({built.build_sentences} sentences), "
        f"measured on {built.held_documents} held back ({report.sentences} sentences): "
        f"coverage mean {report.mean:.2%}, min {report.minimum:.2%}; "
        f"{report.mean_size:,.0f} of {len(tokens.tokenizer):,} target tokens per sentence "
        f"({options.always} most frequent, top {options.top_k} per source token, "
        f"{built.prior:,} target-tokeniser pieces)"
    )
    result.notes.append(
        f"co-occurrence alone (no tokeniser pieces): coverage mean {alone.mean:.2%}, "
        f"min {alone.minimum:.2%}, {alone.mean_size:,.0f} tokens per sentence"
    )
    return result


ROWS = {"naive": naive_row, "tarjama": tarjama_row, "ceiling": ceiling_row, "shortlist": shortlist_row}
