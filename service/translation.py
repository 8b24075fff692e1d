"""Translation through the batcher: route -> plan -> translation memory -> queue -> assemble.

Every translating route (JSON, HTML, streaming, LibreTranslate, and the summaries' and briefings'
translations via `service.engine_proxy`) goes through `translate_units`, so all share batches,
the cache and the metrics.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncGenerator, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from models.engine import Route, passthrough, route
from models.terminology.spans import parse_kinds
from models.terminology.terms import Terminology
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
    options = with_memory(svc, options)
    routes = await route_texts(texts, source, target)
    results: list[DocumentTranslation | None] = [None] * len(texts)
    tag = new_tag()

    async def one_pair(pair: tuple[str, str], indices: list[int]) -> None:
        if pair[0] == pair[1]:
            done = await asyncio.to_thread(lambda: [passthrough(texts[i], pair[0]) for i in indices])
        else:
            queue = await svc.batcher.queue(*pair)
            plans = await plan_texts(queue, [texts[i] for i in indices], options)
            done = await translate_plans(svc, queue, plans, options, tag)
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


# -- terminology: approved memory first, glossary/protected-span placeholders, retries -------------
def with_memory(svc: Service, options: TranslationOptions) -> TranslationOptions:
    """The options with the approved memory attached (a request without terminology gets the
    settings' protected spans and the memory): approved sentences never reach the cache or model."""
    terms = options.terminology or Terminology(protect=parse_kinds(svc.engine.settings.protect_spans))
    if terms.memory is None and svc.terminology is not None:
        terms = dataclasses.replace(terms, memory=svc.terminology)
    return dataclasses.replace(options, terminology=terms)


async def plan_texts(
    queue: ModelQueue, texts: Sequence[str], options: TranslationOptions
) -> list[DocumentPlan]:
    """Plan with the request's terminology (masking, memory look-ups) off the event loop."""
    return await asyncio.to_thread(queue.translator.plan_many, list(texts), options)


async def translate_plans(
    svc: Service, queue: ModelQueue, plans: Sequence[DocumentPlan], options: TranslationOptions, tag: int
) -> list[DocumentTranslation]:
    """Units of the plans through the cache and batcher, then the safer retry of sentences whose
    placeholders did not survive (also batched), then assembly."""
    translator = queue.translator
    units = [plan.units() for plan in plans]
    outputs = await translate_units(svc, queue, [u for group in units for u in group], options, tag)
    firsts, start = [], 0
    for group in units:
        firsts.append(outputs[start : start + len(group)])
        start += len(group)
    retries = await asyncio.to_thread(
        lambda: [translator.retry_units(plan, first) for plan, first in zip(plans, firsts, strict=True)]
    )
    flat = [unit for group in retries for unit in group]
    second = await translate_units(svc, queue, flat, options, tag) if flat else []

    def assemble_all() -> list[DocumentTranslation]:
        results, start = [], 0
        for plan, first, group in zip(plans, firsts, retries, strict=True):
            results.append(translator.assemble(plan, first, second[start : start + len(group)]))
            start += len(group)
        return results

    return await asyncio.to_thread(assemble_all)


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
    options = with_memory(svc, options)
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
        (plan,) = await plan_texts(queue, [text], options)
        tag = new_tag()
        pieces = [
            DocumentPlan(plan.source_lang, plan.target_lang, [paragraph]) for paragraph in plan.paragraphs
        ]

        async def one(piece: DocumentPlan, queue: ModelQueue = queue, tag: int = tag) -> DocumentTranslation:
            (done,) = await translate_plans(svc, queue, [piece], options, tag)
            return done

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
