"""Translation through the scheduler: route -> plan -> translation memory -> queue -> assemble.

Every translating route (JSON, HTML, streaming, LibreTranslate) goes through `translate_units`, and
the summaries' and briefings' translations (`service.work`) through the same queues and memory, so
all share batches, the cache and the metrics. With `source=auto` each paragraph is routed on its
own (`models.routing`).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncGenerator, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from models.queued import unit_keys
from models.routing import RoutedText, assemble, passthrough, route_texts, work_by_pair
from models.scheduler import Priority, Ticket
from models.terminology.spans import parse_kinds
from models.terminology.terms import Terminology
from models.translate import (
    DocumentPlan,
    DocumentTranslation,
    PlansRun,
    TranslationOptions,
    Unit,
)
from service.batcher import PairQueue
from service.state import Service

T = TypeVar("T")

# Paragraphs a stream translates ahead of the one it is waiting for.
STREAM_LOOKAHEAD = 4


@dataclass
class TextResult:
    """One text's translation and how its language was decided (confidence None: given, not detected)."""

    translation: DocumentTranslation
    confidence: float | None


async def routed_texts(texts: Sequence[str], source: str, target: str | None) -> list[RoutedText]:
    """Each text cut into pieces by pair; `auto` detects each paragraph on its own (off the event
    loop: it reads every letter)."""
    return await asyncio.to_thread(route_texts, texts, source, target)


async def translate_units(
    svc: Service, queue: PairQueue, units: Sequence[Unit], options: TranslationOptions, ticket: Ticket
) -> list[str]:
    """Outputs for units: from the translation memory where known, else from the model (then stored)."""
    if not units:
        return []
    keys = unit_keys(queue.translator, units, options)
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
        outputs = await queue.translate(list(todo.values()), options, ticket)
        fresh = dict(zip(todo, outputs, strict=True))
        await svc.cache_set(fresh)
    else:
        fresh = {}
    return [value if value is not None else fresh[key] for key, value in zip(keys, found, strict=True)]


async def translate_texts(
    svc: Service,
    texts: Sequence[str],
    source: str,
    target: str | None,
    options: TranslationOptions,
    *,
    priority: Priority = Priority.INTERACTIVE,
) -> list[TextResult]:
    """Translate texts; pieces of one pair are planned together and their units share model calls.

    priority: `Priority.BACKGROUND` for job work, taken after interactive requests.
    """
    options = with_memory(svc, options)
    routed = await routed_texts(texts, source, target)
    results: dict[tuple[int, int], DocumentTranslation] = {}
    ticket = Ticket(priority)

    async def one_pair(pair: tuple[str, str], keys: list[tuple[int, int]], group: list[str]) -> None:
        if pair[0] == pair[1]:
            done = await asyncio.to_thread(lambda: [passthrough(text, pair[0]) for text in group])
        else:
            queue = await svc.batcher.queue(*pair)
            plans = await queue.plan(group, options)
            done = await translate_plans(svc, queue, plans, options, ticket)
        results.update(zip(keys, done, strict=True))

    work = work_by_pair(routed)
    await gather_all([one_pair(pair, group.keys, group.texts) for pair, group in work.items()])
    documents = assemble(routed, results)
    return [
        TextResult(document, item.route.confidence if source == "auto" else None)
        for document, item in zip(documents, routed, strict=True)
    ]


# -- terminology: approved memory first, glossary/protected-span placeholders, retries -------------
def with_memory(svc: Service, options: TranslationOptions) -> TranslationOptions:
    """The options with the approved memory attached (a request without terminology gets the
    settings' protected spans and the memory): approved sentences never reach the cache or model."""
    terms = options.terminology or Terminology(protect=parse_kinds(svc.engine.settings.protect_spans))
    if terms.memory is None and svc.terminology is not None:
        terms = dataclasses.replace(terms, memory=svc.terminology)
    return dataclasses.replace(options, terminology=terms)


async def translate_plans(
    svc: Service,
    queue: PairQueue,
    plans: Sequence[DocumentPlan],
    options: TranslationOptions,
    ticket: Ticket,
) -> list[DocumentTranslation]:
    """`Translator.translate_plans` with its model calls through the cache and batcher (awaited)
    and its steps in a thread: units, then the safer retries (also batched), then assembly."""
    steps = PlansRun(queue.translator, plans)
    outputs = await translate_units(svc, queue, steps.units(), options, ticket)
    retries = await asyncio.to_thread(steps.retries, outputs)
    second = await translate_units(svc, queue, retries, options, ticket) if retries else []
    return await asyncio.to_thread(steps.results, second)


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
    routed = await routed_texts(texts, source, target)
    count = 0
    models: set[str] = set()
    for index, (text, item) in enumerate(zip(texts, routed, strict=True)):
        r = item.route
        head = {"index": index, "source": r.source, "target": r.target}
        if source == "auto":
            head["confidence"] = r.confidence
        if item.mixed:  # paragraphs in several languages: translated together, then sent one by one
            (mixed,) = await translate_texts(svc, [text], source, target, options)
            if mixed.translation.model != "none":
                models.add(mixed.translation.model)
            for number, paragraph in enumerate(mixed.translation.paragraphs):
                count += 1
                yield head | {"paragraph": number, "model": mixed.translation.model, "translated": paragraph}
            continue
        if r.source == r.target:
            document = await asyncio.to_thread(passthrough, text, r.source)
            for number, paragraph in enumerate(document.paragraphs):
                count += 1
                yield head | {"paragraph": number, "model": "none", "translated": paragraph}
            continue
        queue = await svc.batcher.queue(r.source, r.target)
        models.add(queue.translator.model.name)
        (plan,) = await queue.plan([text], options)
        ticket = Ticket()
        pieces = [
            DocumentPlan(plan.source_lang, plan.target_lang, [paragraph]) for paragraph in plan.paragraphs
        ]

        async def one(
            piece: DocumentPlan, queue: PairQueue = queue, ticket: Ticket = ticket
        ) -> DocumentTranslation:
            (done,) = await translate_plans(svc, queue, [piece], options, ticket)
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
