"""`UnitCheckpoint`: a job's translated units on disk; what a resumed job reads back, what a crash
or a corrupt file leaves, and the scheduler's per-call reports that feed it."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from models.checkpoint import UnitCheckpoint, read_checkpoint
from models.scheduler import ModelQueue, Ticket
from models.translate import TranslationOptions, Unit

GREEDY = TranslationOptions(beam_size=1)
WIDE = TranslationOptions(beam_size=4)


@dataclass
class FakeModel:
    name: str = "fake-model"


class FakeTranslator:
    """What the checkpoint reads of a translator: its model's name, pair and decoding options."""

    source, target = "en", "ar"
    model = FakeModel()

    def generation_options(self, options: TranslationOptions | None = None) -> Any:
        return ("options", (options or TranslationOptions()).beam_size or 2)


class DictMemory:
    """An inner memory: a dict by text, recording what it was asked and told."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = dict(known or {})
        self.asked: list[str] = []

    def recall(self, translator: Any, units: Sequence[Unit], options: Any) -> list[str | None]:
        self.asked.extend(unit.text for unit in units)
        return [self.known.get(unit.text) for unit in units]

    def store(self, translator: Any, units: Sequence[Unit], options: Any, outputs: Sequence[str]) -> None:
        self.known.update((unit.text, output) for unit, output in zip(units, outputs, strict=True))


T = FakeTranslator()


def units(*texts: str) -> list[Unit]:
    return [Unit(text, ("▁x",)) for text in texts]


def test_stored_units_come_back_after_a_reopen_and_only_for_the_same_options(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.jsonl"
    first = UnitCheckpoint(path)
    assert first.recall(T, units("a", "b"), GREEDY) == [None, None]
    first.store(T, units("a"), GREEDY, ["A"])
    first.store(T, units("b", "ج"), GREEDY, ["B", "جيم"])
    first.close()  # what a crash leaves: every store is on disk already
    again = UnitCheckpoint(path)
    assert len(again) == 3
    assert again.recall(T, units("b", "x", "ج", "a"), GREEDY) == ["B", None, "جيم", "A"]
    assert again.resumed == 3
    assert again.recall(T, units("a"), WIDE) == [None], "other decoding options: another unit"
    assert "جيم" in path.read_text(encoding="utf-8")  # readable as written


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_file_repaired(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.jsonl"
    checkpoint = UnitCheckpoint(path)
    checkpoint.store(T, units("a"), GREEDY, ["A"])
    checkpoint.store(T, units("b"), GREEDY, ["B"])
    checkpoint.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 10])  # the last write torn in half
    resumed = UnitCheckpoint(path)
    assert resumed.recall(T, units("a", "b"), GREEDY) == ["A", None]
    resumed.store(T, units("b"), GREEDY, ["B"])  # appended after a whole line, not the torn one
    resumed.close()
    known, bad = read_checkpoint(path)
    assert bad == 0 and sorted(known.values()) == ["A", "B"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x00\xff garbage " * 20,  # not a checkpoint at all
        lambda data: b"",  # created, then the crash came before the header
        lambda data: data.replace(b'"format"', b'"formal"'),  # another header
        lambda data: data.replace(b'"t": "A"', b'"t": "Z"'),  # an output changed: its check fails
        lambda data: data.replace(b'"t": "A"', b'"t": 7'),  # not text
    ],
    ids=["garbage", "empty", "other-header", "bad-check", "not-text"],
)
def test_a_corrupt_file_is_ignored_not_fatal(tmp_path: Path, damage: Any) -> None:
    path = tmp_path / "checkpoint.jsonl"
    checkpoint = UnitCheckpoint(path)
    checkpoint.store(T, units("a", "b"), GREEDY, ["A", "B"])
    checkpoint.close()
    path.write_bytes(damage(path.read_bytes()))
    resumed = UnitCheckpoint(path)
    found = resumed.recall(T, units("a", "b"), GREEDY)
    assert found[0] is None, "a damaged unit is translated again, never trusted"
    assert found[1] in (None, "B")
    resumed.store(T, units("a"), GREEDY, ["A"])
    resumed.close()
    known, bad = read_checkpoint(path)
    assert bad == 0 and "A" in known.values()


def test_lines_of_other_shapes_are_skipped_and_the_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.jsonl"
    checkpoint = UnitCheckpoint(path)
    checkpoint.store(T, units("a", "b"), GREEDY, ["A", "B"])
    checkpoint.close()
    header, *lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(header + b'[1, 2]\n{\n"text"\n{"k": 1, "t": "x", "h": "y"}\n' + b"".join(lines))
    assert read_checkpoint(path)[1] == 4
    assert UnitCheckpoint(path).recall(T, units("a", "b"), GREEDY) == ["A", "B"]
    known, bad = read_checkpoint(path)
    assert bad == 0 and sorted(known.values()) == ["A", "B"], "rewritten without the bad lines"


def test_the_inner_memory_answers_the_rest_and_is_told_of_fresh_units(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.jsonl"
    inner = DictMemory({"b": "B from memory"})
    checkpoint = UnitCheckpoint(path, inner)
    checkpoint.store(T, units("a"), GREEDY, ["A"])
    assert inner.known["a"] == "A"
    assert checkpoint.recall(T, units("a", "b", "c"), GREEDY) == ["A", "B from memory", None]
    assert inner.asked == ["b", "c"], "the file is asked first"
    checkpoint.close()
    # The inner memory may die with the process: its answers are in the file too.
    assert UnitCheckpoint(path).recall(T, units("b"), GREEDY) == ["B from memory"]


def test_writes_fail_quietly_and_nothing_is_written_after_close(tmp_path: Path) -> None:
    gone = UnitCheckpoint(tmp_path / "no-such-folder" / "checkpoint.jsonl")
    gone.store(T, units("a"), GREEDY, ["A"])  # logged, not raised: the job goes on
    assert gone.recall(T, units("a"), GREEDY) == ["A"]
    path = tmp_path / "checkpoint.jsonl"
    closed = UnitCheckpoint(path)
    closed.store(T, units("a"), GREEDY, ["A"])
    closed.close()
    closed.store(T, units("b"), GREEDY, ["B"])
    assert sorted(read_checkpoint(path)[0].values()) == ["A"]
    header = json.loads(path.read_text().splitlines()[0])
    assert header["format"] == "tarjama-unit-checkpoint"


def test_the_queue_reports_each_model_call_as_it_comes_back() -> None:
    reports: list[tuple[list[int], list[str]]] = []
    reported = threading.Condition()
    calls: list[list[str]] = []

    def model(payloads: list[str], group: Any) -> list[str]:
        # Call n starts only once the n-1 calls before it were reported: reports come per call,
        # not at the end (were they held back, this would time out).
        with reported:
            assert reported.wait_for(lambda: sum(len(i) for i, _ in reports) >= 3 * len(calls), 10)
        calls.append(payloads)
        return [p.upper() for p in payloads]

    def report(indices: list[int], outputs: list[str]) -> None:
        with reported:
            reports.append((indices, outputs))
            reported.notify_all()

    queue = ModelQueue[str, str](
        "en-ar", model, batch_tokens=1000, max_batch_size=3, queue_size=100, max_wait_s=0
    )
    texts = [f"t{n}" for n in range(8)]
    try:
        outputs = queue.run(texts, [1] * 8, None, Ticket(), report)
    finally:
        queue.stop()
    assert outputs == [t.upper() for t in texts]
    assert len(calls) == 3 and len(reports) >= 3
    seen = sorted(i for indices, _ in reports for i in indices)
    assert seen == list(range(8)), "every payload reported once"
    for indices, outs in reports:
        assert outs == [texts[i].upper() for i in indices]


def test_a_queued_engine_over_a_checkpoint_resumes_without_the_model(engine: Any, tmp_path: Path) -> None:
    from models.queued import QueuedEngine
    from models.scheduler import Scheduler

    texts = ["The talks went on. Both sides met again.", "A statement came later."]
    options = TranslationOptions(max_new_tokens=6)
    path = tmp_path / "checkpoint.jsonl"
    scheduler = Scheduler(engine, max_wait_s=0)
    try:
        first = UnitCheckpoint(path)
        before = QueuedEngine(scheduler, memory=first).translate(texts, "en", "ar", options)
        first.close()
        stored = len(read_checkpoint(path)[0])
        assert stored == 3, "one line per sentence"
        again = UnitCheckpoint(path)
        queue = scheduler.translation_queue("en", "ar")
        calls = []
        real = queue.handler
        queue.handler = lambda units, group: calls.append(units) or real(units, group)
        after = QueuedEngine(scheduler, memory=again).translate(texts, "en", "ar", options)
    finally:
        scheduler.close()
    assert calls == [] and again.resumed == stored, "every unit from the file, none from the model"
    assert [t.text for t in after] == [t.text for t in before]
