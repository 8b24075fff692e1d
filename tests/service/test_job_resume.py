"""Document and digest jobs resume after a crash from their checkpoint of translated units: the
result is the uninterrupted run's, and each unit reaches a model once over both runs.

The in-process tests stop the job runner while a model call is in flight (that call then fails,
as the process's death would lose it) and start a new app on the same jobs folder; the slow test
SIGKILLs a real server."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from models.checkpoint import read_checkpoint
from models.engine import Engine
from service.jobs import CHECKPOINT
from tests.service.conftest import free_port, running_app, wait_until
from tests.service.test_jobs import _ready, _serve

SENTENCES = [
    "The minister said the talks would resume on Monday in the capital.",
    "Both delegations agreed on an agenda of six points.",
    "Officials described the first round as long but useful.",
    "A joint statement is expected after the final session.",
    "The committee will publish its report before the summer.",
    "Farmers in the north asked for help after the floods.",
]


def document(paragraphs: int) -> bytes:
    """A text document of distinct sentences (so each unit is translated once in any run)."""
    lines = [
        f"Paragraph {n}: {SENTENCES[n % len(SENTENCES)]} It was item {n} of the day."
        for n in range(paragraphs)
    ]
    return "\n\n".join(lines).encode("utf-8")


class Model:
    """Counts the units of each model call of one translator; with `crash_at`, that call waits for
    `release` and then fails (the call in flight when the process dies)."""

    def __init__(self, real: Callable[..., list[str]]) -> None:
        self.real = real
        self.units: list[str] = []
        self.calls = 0
        self.crash_at: int | None = None
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, units: Any, options: Any = None) -> list[str]:
        self.calls += 1
        if self.calls == self.crash_at:
            self.entered.set()
            self.release.wait(30)
            raise RuntimeError("the process died here")
        self.units.extend(unit.text for unit in units)
        return self.real(units, options)

    def reset(self) -> None:
        self.units, self.calls, self.crash_at = [], 0, None


@pytest.fixture
def model(service_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Model]:
    """The en->ar model, counted, in calls of at most 4 units (so a job takes several calls)."""
    monkeypatch.setattr(service_engine.settings, "max_batch_size", 4)
    translator = service_engine.translator("en", "ar")
    counted = Model(translator.translate_units)
    monkeypatch.setattr(translator, "translate_units", counted)
    yield counted
    counted.release.set()


def app(engine: Engine, jobs: Path, **settings: Any) -> Any:
    # No translation memory: what a resumed job does not translate again comes from its checkpoint.
    return running_app(engine, jobs_dir=jobs, cache="none", **settings)


def wait_done(client: TestClient, url: str) -> dict[str, Any]:
    status: dict[str, Any] = {}

    def finished() -> bool:
        nonlocal status
        status = client.get(url).json()
        return status.get("status") in ("done", "failed")

    wait_until(finished, 120, "the job to finish")
    return status


def crash(client: TestClient, model: Model) -> None:
    """Stop the job runner while model call `model.crash_at` is in flight, that call failing."""
    assert model.entered.wait(60), "the job never reached the call to crash in"
    runner = client.app.state.jobs  # type: ignore[attr-defined]
    client.portal.call(runner.stop)  # type: ignore[union-attr]
    model.release.set()
    runner.pool.shutdown(wait=True)  # the job's thread has seen its call fail


def run_interrupted(
    engine: Engine,
    model: Model,
    jobs: Path,
    submit: Callable[[TestClient], str],
    base: str,
    **settings: Any,
) -> tuple[list[str], dict[str, Any], bytes]:
    """Submit, crash at the third model call, restart: (units before the crash, status, result)."""
    model.reset()
    model.crash_at = 3
    with app(engine, jobs, **settings) as c:
        job_id = submit(c)
        crash(c, model)
        assert c.get(f"{base}/{job_id}").json()["status"] == "running"
    before = model.units
    known, bad = read_checkpoint(jobs / job_id / CHECKPOINT)
    assert bad == 0 and len(known) == len(before) > 0, "the two calls before the crash are on disk"
    model.reset()
    with app(engine, jobs, **settings) as c:
        status = wait_done(c, f"{base}/{job_id}")
        result = c.get(f"{base}/{job_id}/result").content
    assert not (jobs / job_id / CHECKPOINT).exists(), "a finished job's checkpoint goes"
    return before, status, result


def submit_document(data: bytes) -> Callable[[TestClient], str]:
    def submit(client: TestClient) -> str:
        answer = client.post("/v1/documents", files={"file": ("talks.txt", data)}, data={"source": "en"})
        assert answer.status_code == 202, answer.text
        return str(answer.json()["id"])

    return submit


def test_a_document_job_resumes_with_only_the_missing_units(
    service_engine: Engine, model: Model, tmp_path: Path
) -> None:
    data = document(12)
    with app(service_engine, tmp_path / "reference") as c:
        job_id = submit_document(data)(c)
        assert wait_done(c, f"/v1/documents/{job_id}")["status"] == "done"
        reference = c.get(f"/v1/documents/{job_id}/result").content
    every = model.units
    assert len(every) == len(set(every)) and model.calls >= 5, "distinct units over several calls"

    before, status, result = run_interrupted(
        service_engine, model, tmp_path / "jobs", submit_document(data), "/v1/documents"
    )
    assert status["status"] == "done", status
    assert result == reference, "the resumed job's result is the uninterrupted run's"
    assert status["progress"]["done"] == status["progress"]["total"] == 12
    assert not set(before) & set(model.units), "no unit translated before the crash is sent again"
    assert sorted(before + model.units) == sorted(every), "each unit translated once over both runs"
    print(f"document: {len(before)} unit(s) before the crash, {len(model.units)} after, {len(every)} in all")


def test_a_digest_job_resumes_with_only_the_missing_units(
    service_engine: Engine, model: Model, tmp_path: Path
) -> None:
    articles = [{"text": document(3).decode(), "title": f"Talks, day {n}"} for n in range(4)]
    for number, article in enumerate(articles):
        article["text"] = str(article["text"]).replace("Paragraph", f"Day {number}, paragraph")
    body = {"articles": articles, "format": "markdown"}

    def submit(client: TestClient) -> str:
        answer = client.post("/v1/digest", json=body)
        assert answer.status_code == 202, answer.text
        return str(answer.json()["id"])

    with app(service_engine, tmp_path / "reference", digest_job_chars=100) as c:
        job_id = submit(c)
        assert wait_done(c, f"/v1/jobs/{job_id}")["status"] == "done"
        reference = c.get(f"/v1/jobs/{job_id}/result").content
    every = model.units
    assert len(every) == len(set(every)) and model.calls >= 5

    before, status, result = run_interrupted(
        service_engine, model, tmp_path / "jobs", submit, "/v1/jobs", digest_job_chars=100
    )
    assert status["status"] == "done", status
    assert result == reference, "the resumed digest is the uninterrupted one"
    assert not set(before) & set(model.units)
    assert sorted(before + model.units) == sorted(every), "each unit translated once over both runs"


def test_a_corrupt_checkpoint_is_ignored_and_the_job_redone(
    service_engine: Engine, model: Model, tmp_path: Path
) -> None:
    from service.jobs import JobStore

    jobs = tmp_path / "jobs"
    data = document(4)
    with app(service_engine, jobs) as c:
        job_id = submit_document(data)(c)
        assert wait_done(c, f"/v1/documents/{job_id}")["status"] == "done"
        reference = c.get(f"/v1/documents/{job_id}/result").content
    every = sorted(model.units)
    # A job left running by a crash, its checkpoint garbage (a disk fault, a torn first write).
    store = JobStore(jobs, ttl_s=60, max_active=5, max_bytes=10_000_000)
    job = store.create(
        "document", None, {"name": "talks.txt", "source": "en", "target": None}, {"input": data}
    )
    store.start(job.id)
    store.close()
    (jobs / job.id / CHECKPOINT).write_bytes(b'\x00\xffnot a checkpoint\n{"k": 1}\n' * 5)
    model.reset()
    with app(service_engine, jobs) as c:
        status = wait_done(c, f"/v1/documents/{job.id}")
        assert status["status"] == "done", status
        assert c.get(f"/v1/documents/{job.id}/result").content == reference
    assert sorted(model.units) == every, "redone in full, nothing taken from the garbage"


def test_a_job_that_fails_mid_way_keeps_only_its_reason(
    service_engine: Engine, model: Model, tmp_path: Path
) -> None:
    jobs = tmp_path / "jobs"
    model.crash_at = 3
    model.release.set()  # the third call fails at once: the job fails after checkpointing two
    with app(service_engine, jobs) as c:
        job_id = submit_document(document(12))(c)
        status = wait_done(c, f"/v1/documents/{job_id}")
    assert status["status"] == "failed" and status["error"]["code"] == "inference_failed", status
    assert not (jobs / job_id).exists(), "the checkpoint went with the job's folder"


# -- a real server, SIGKILLed ---------------------------------------------------------------------
@pytest.mark.slow
def test_a_document_job_survives_sigkill_of_the_server(
    service_engine: Engine, model: Model, tiny_env: dict[str, str], tmp_path: Path
) -> None:
    data = document(60)
    with app(service_engine, tmp_path / "reference") as c:  # the units the document takes, counted
        job_id = submit_document(data)(c)
        assert wait_done(c, f"/v1/documents/{job_id}")["status"] == "done"
        reference = c.get(f"/v1/documents/{job_id}/result").text
    units = len(model.units)
    assert units == len(set(model.units))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    jobs = tmp_path / "jobs"
    # The engine's settings as in this process (no FAST), so the result is comparable.
    env = os.environ | tiny_env | {"TARJAMA_JOBS_DIR": str(jobs), "HF_HUB_OFFLINE": "1"}
    env |= {"TARJAMA_CACHE": "none", "TARJAMA_MAX_BATCH_SIZE": "4"}  # as the `model` fixture
    log = tmp_path / "server.log"
    server = _serve(port, env, log)
    try:
        _ready(url, server, log)
        answer = httpx.post(
            f"{url}/v1/documents", files={"file": ("talks.txt", data)}, data={"source": "en"}, timeout=30
        )
        assert answer.status_code == 202, answer.text
        job_id = answer.json()["id"]
        checkpoint = jobs / job_id / CHECKPOINT
        deadline = time.monotonic() + 240
        while len(read_checkpoint(checkpoint)[0]) < 10:
            assert time.monotonic() < deadline, "no unit was checkpointed in time: " + log.read_text()[-2000:]
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        server.wait()
        done_at_kill, bad = read_checkpoint(checkpoint)
        assert bad == 0 and done_at_kill
        server = _serve(port, env, log)
        _ready(url, server, log)
        status: dict[str, Any] = {}
        deadline = time.monotonic() + 300
        while status.get("status") not in ("done", "failed"):
            assert time.monotonic() < deadline, "the job did not finish after the restart"
            time.sleep(0.3)
            status = httpx.get(f"{url}/v1/documents/{job_id}", timeout=10).json()
        assert status["status"] == "done", status
        assert status["progress"]["done"] == status["progress"]["total"] == 60
        logged = log.read_text()
        assert f"job {job_id} resumes with {len(done_at_kill)} unit(s) from its checkpoint" in logged
        after = _metric(httpx.get(f"{url}/metrics", timeout=10).text, "tarjama_units_translated_total")
        assert after + len(done_at_kill) == units, "after the restart, only the units not checkpointed"
        result = httpx.get(f"{url}/v1/documents/{job_id}/result", timeout=30).text
        assert result == reference, "the resumed job's result is the uninterrupted run's"
        print(f"SIGKILL with {len(done_at_kill)}/{units} unit(s) checkpointed; {after:.0f} translated after")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


def _metric(text: str, name: str) -> float:
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + "{"))
