"""Summary rows, English NTREX articles with the distilbart-shaped model, output length pinned.

(a) naive: transformers float32 `generate`, batches of 8 articles in file order, each input
    truncated at the model's window (1,024 tokens) as a few-lines script does, beam 4.
(b) tarjama: `models.summarize.summarize(engine, text, SummaryOptions(lang="en",
    method="abstractive"))` article by article, its length pinned through `abstractive=`
    (`AbstractiveOptions`); nothing is truncated (an article over the window is summarised in
    chunks, then the partial summaries: map-reduce).
(c) ceiling: the engine alone on the token sequences (b) sent to it, length-sorted and cut by the
    same token budget (articles share batches here, which (b) does not do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.bench.corpus import load_articles
from models.bench.engines import RecordingBackend, backend_label, load_naive, naive_generate, tarjama_settings
from models.bench.results import Job, RowResult
from models.bench.stats import RssSampler, Stopwatch, rss_bytes
from models.bench.translation import ceiling_row as _ceiling
from models.bench.translation import finish_row

WARMUP_TEXT = "The health ministry announced the opening of a new hospital in the capital today."
SUMMARY_SENTENCES = 3


def model_window(tokenizer: Any, model: Any) -> int:
    """The longest input the model takes: its position table, else the tokenizer's limit."""
    positions = getattr(model.config, "max_position_embeddings", None)
    return int(positions or tokenizer.model_max_length)


def naive_row(job: Job) -> RowResult:
    import torch

    articles = load_articles(Path(job.corpus), "en", job.docs)
    texts = [article.text for article in articles]
    with Stopwatch() as load:
        tokenizer, model = load_naive(job.model_dir, job.device)
    load_rss = rss_bytes()
    window = model_window(tokenizer, model)
    full = [len(ids) for ids in tokenizer(texts)["input_ids"]]
    truncated = [n for n in full if n > window]
    naive_generate(
        tokenizer, model, [WARMUP_TEXT], batch_size=1, beam_size=1, new_tokens=2, device=job.device
    )
    with RssSampler() as sampler, Stopwatch() as run:
        _, counts = naive_generate(
            tokenizer,
            model,
            texts,
            batch_size=job.naive_batch,
            beam_size=job.beam_size,
            new_tokens=job.new_tokens,
            device=job.device,
            max_length=window,
        )
    notes = [
        f"inputs truncated at {window} tokens: {len(truncated)} of {len(texts)} articles lost "
        f"{sum(n - window for n in truncated)} tokens (a few-lines script drops them silently)"
    ]
    result = RowResult(
        task="summaries",
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
        notes=notes,
    )
    return finish_row(result, load_rss, sampler)


def tarjama_row(job: Job) -> RowResult:
    from models.engine import Engine
    from models.summarize import AbstractiveOptions, SummaryOptions, summarize

    articles = load_articles(Path(job.corpus), "en", job.docs)
    settings = tarjama_settings(job, summary_model_en=job.model_dir)
    engine = Engine(settings, backend=None if job.backend == "auto" else job.backend)
    with Stopwatch() as load:
        model = engine.model("summary-en")
    load_rss = rss_bytes()
    recorder = RecordingBackend(model.backend, record=True)
    model.backend = recorder
    options = SummaryOptions(lang="en", method="abstractive", sentences=SUMMARY_SENTENCES)
    summarize(engine, WARMUP_TEXT, options, abstractive=AbstractiveOptions(beam_size=1, max_new_tokens=2))
    recorder.reset()
    pinned = AbstractiveOptions(
        beam_size=job.beam_size, max_new_tokens=job.new_tokens, min_new_tokens=job.new_tokens
    )
    chunks = passes = 0
    with RssSampler() as sampler, Stopwatch() as run:
        for article in articles:  # the article's language is detected, as callers leave it
            summary = summarize(engine, article.text, options, abstractive=pinned)
            chunks += summary.stats.get("chunks", 0)
            passes += summary.stats.get("passes", 0)
    recorder.save(Path(job.sources_file))
    device = recorder.device
    result = RowResult(
        task="summaries",
        row="tarjama",
        engine=f"tarjama: {backend_label(recorder)}",
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
            f"models.summarize.summarize(method='abstractive'), map-reduce, nothing truncated: "
            f"{chunks} model inputs in {passes} passes for {len(articles)} articles, one article at a time"
        ],
    )
    engine.close()
    return finish_row(result, load_rss, sampler)


def ceiling_row(job: Job) -> RowResult:
    return _ceiling(job, task="summaries")


ROWS = {"naive": naive_row, "tarjama": tarjama_row, "ceiling": ceiling_row}
