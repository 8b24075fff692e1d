"""Translation through the batcher: route -> plan -> translation memory -> queue -> assemble.

Every translating route (JSON, HTML, streaming, LibreTranslate, and the summaries' and briefings'
translations via `service.engine_proxy`) goes through `translate_units`, so all share batches,
the cache and the metrics.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from models.engine import Route, passthrough, route
from models.translate import DocumentPlan, DocumentTranslation, TranslationOptions, Unit
from service.batcher import ModelQueue, new_tag
from service.cache import cache_key
from service.state import Service

T = TypeVar("T")

# Paragraphs a stream translates ahead of the one it is waiting for.
STREAM_LOOKAHEAD = 4


@dataclass
class TextResult:
    """One text's translation and how its language was decided (confidence None: given, not detected)."""

    translation: DocumentTranslation
    confidence: float | None


async def route_texts(texts: Sequence[str], source: str, target: str | None) -> list[Route]:
    """Each text's pair; `auto` detects each text on its own (off the event loop: it reads every letter)."""
    return await asyncio.to_thread(lambda: [route(text, source, target) for text in texts])


async def translate_units(
    svc: Service, queue: ModelQueue, units: Sequence[Unit], options: TranslationOptions, tag: int
) -> list[str]:
    """Outputs for units: from the translation memory where known, else from the model (then stored)."""
    if not units:
        return []
    translator = queue.translator
    effective = translator.generation_options(options)
    model = translator.model.name
    keys = [cache_key(model, translator.source, translator.target, effective, unit.text) for unit in units]
    found = await svc.cache_get(keys)
    hits = sum(value is not None for value in found)
    svc.metrics.cache_hits.labels(svc.cache.name).inc(hits)
    svc.metrics.cache_misses.labels(svc.cache.name).inc(len(units) - hits)
    # Each distinct missing text goes to the model once, however often the request repeats it.
    todo: dict[str, Unit] = {}
    for key, unit, value in zip(keys, units, found, strict=True):
        if value is None and key not in todo:
            todo[key] = unit
    if todo:
        outputs = await queue.translate(list(todo.values()), options, tag)
        fresh = dict(zip(todo, outputs, strict=True))
        await svc.cache_set(fresh)
    else:
        fresh = {}
    return [value if value is not None else fresh[key] for key, value in zip(keys, found, strict=True)]


async def translate_texts(
    svc: Service, texts: Sequence[str], source: str, target: str | None, options: TranslationOptions
) -> list[TextResult]:
    """Translate texts; texts of one pair are planned together and their units share model calls."""
    routes = await route_texts(texts, source, target)
    results: list[DocumentTranslation | None] = [None] * len(texts)
    tag = new_tag()

    async def one_pair(pair: tuple[str, str], indices: list[int]) -> None:
        if pair[0] == pair[1]:
            done = await asyncio.to_thread(lambda: [passthrough(texts[i], pair[0]) for i in indices])
        else:
            queue = await svc.batcher.queue(*pair)
            plans = await queue.plan([texts[i] for i in indices])
            units = [plan.units() for plan in plans]
            outputs = await translate_units(svc, queue, [u for group in units for u in group], options, tag)
            done = await asyncio.to_thread(_assemble_all, queue, plans, units, outputs)
        for i, result in zip(indices, done, strict=True):
            results[i] = result

    pairs: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(routes):
        pairs.setdefault((r.source, r.target), []).append(i)
    await gather_all([one_pair(pair, indices) for pair, indices in pairs.items()])
    return [
        TextResult(result, r.confidence if source == "auto" else None)
        for result, r in zip(results, routes, strict=True)
        if result is not None
    ]


def _assemble_all(
    queue: ModelQueue, plans: list[DocumentPlan], units: list[list[Unit]], outputs: list[str]
) -> list[DocumentTranslation]:
    results, start = [], 0
    for plan, group in zip(plans, units, strict=True):
        results.append(queue.translator.assemble(plan, outputs[start : start + len(group)]))
        start += len(group)
    return results


async def gather_all(coros: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    """Run coroutines together; the first failure cancels the rest (so their units leave the queues)."""
    tasks = [asyncio.ensure_future(coro) for coro in coros]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def stream_translation(
    svc: Service, texts: Sequence[str], source: str, target: str | None, options: TranslationOptions
) -> AsyncGenerator[dict[str, object], None]:
    """One dict per paragraph, in order, each as soon as it is translated; then a closing `done` dict.

    Paragraphs go through the batcher one by one, a few ahead of the one being waited for, so a
    long document keeps the model busy and its first paragraphs arrive early.
    """
    routes = await route_texts(texts, source, target)
    count = 0
    models: set[str] = set()
    for index, (text, r) in enumerate(zip(texts, routes, strict=True)):
        head = {"index": index, "source": r.source, "target": r.target}
        if source == "auto":
            head["confidence"] = r.confidence
        if r.source == r.target:
            document = await asyncio.to_thread(passthrough, text, r.source)
            for number, paragraph in enumerate(document.paragraphs):
                count += 1
                yield head | {"paragraph": number, "model": "none", "translated": paragraph}
            continue
        queue = await svc.batcher.queue(r.source, r.target)
        models.add(queue.translator.model.name)
        (plan,) = await queue.plan([text])
        tag = new_tag()
        pieces = [
            DocumentPlan(plan.source_lang, plan.target_lang, [paragraph]) for paragraph in plan.paragraphs
        ]

        async def one(piece: DocumentPlan, queue: ModelQueue = queue, tag: int = tag) -> DocumentTranslation:
            outputs = await translate_units(svc, queue, piece.units(), options, tag)
            return queue.translator.assemble(piece, outputs)

        tasks: list[asyncio.Task[DocumentTranslation]] = []
        try:
            for number in range(len(pieces)):
                while len(tasks) < number + 1 + STREAM_LOOKAHEAD and len(tasks) < len(pieces):
                    tasks.append(asyncio.ensure_future(one(pieces[len(tasks)])))
                translated = await tasks[number]
                count += 1
                yield head | {
                    "paragraph": number,
                    "model": translated.model,
                    "translated": translated.paragraphs[0],
                }
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    yield {"done": True, "paragraphs": count, "models": sorted(models)}
