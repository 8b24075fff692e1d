"""`/v1/jobs`: a zip of articles or a list of texts -> briefings plus digest as a zip, through
`tarjama batch` as a worker; and a job that survives SIGKILL of the server, each article done once."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from tests.models.documents import builders
from tests.service.conftest import free_port, running_app, wait_until

FAST = {"TARJAMA_BEAM_SIZE": "1", "TARJAMA_MAX_LENGTH_RATIO": "1.0", "TARJAMA_THREADS": "1"}
SENTENCES = [
    "The minister said the talks will continue next week.",
    "Both delegations agreed on an agenda for the meeting.",
    "Officials described the first round as constructive.",
    "A joint statement is expected after the final session.",
]


def short(number: int) -> str:
    return f"Report {number}. " + SENTENCES[number % 4]


def text(number: int) -> str:
    return f"Report number {number}.\n\n" + " ".join(SENTENCES[(number + i) % 4] for i in range(4))


@pytest.fixture
def client(
    service_engine: Engine, tiny_env: dict[str, str], tmp_path: Path, monkeypatch: Any
) -> Iterator[TestClient]:
    for key, value in (tiny_env | FAST).items():
        monkeypatch.setenv(key, value)  # the batch worker reads the models from the environment
    with running_app(service_engine, jobs_dir=tmp_path / "jobs") as c:
        yield c


def finish(client: Any, job_id: str, timeout: float = 240) -> dict[str, Any]:
    status: dict[str, Any] = {}

    def done() -> bool:
        nonlocal status
        status = client.get(f"/v1/jobs/{job_id}").json()
        return status.get("status") in ("done", "failed")

    wait_until(done, timeout, "the job to finish")
    return status


def test_texts_job_gives_briefings_and_digest(client: TestClient, tmp_path: Path) -> None:
    answer = client.post("/v1/jobs", json={"texts": [text(1), text(2), text(3)], "formats": ["json", "md"]})
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert job["status"] == "queued" and job["kind"] == "batch"
    status = finish(client, job["id"])
    assert status["status"] == "done", status
    assert status["progress"]["done"] == status["progress"]["total"] == 3
    result = client.get(f"/v1/jobs/{job['id']}/result")
    assert result.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(result.content)).namelist()
    assert "digest.md" in names and "report.json" in names
    assert len([n for n in names if n.endswith(".json") and n != "report.json"]) == 3
    assert not any("manifest" in n for n in names)
    assert not (tmp_path / "jobs" / job["id"] / "input").exists()  # inputs go once the result is stored


def test_zip_job_with_a_document_and_a_broken_one(client: TestClient) -> None:
    archive = builders.zip_with(
        {
            "news/a.txt": text(1).encode(),
            "news/b.md": f"# Title\n\n{text(2)}".encode(),
            "release.docx": builders.docx_bytes(),
            "broken.docx": b"junk",
            "notes.xlsx": b"ignored",
        }
    )
    answer = client.post("/v1/jobs", files={"file": ("articles.zip", archive)})
    assert answer.status_code == 202, answer.text
    status = finish(client, answer.json()["id"])
    assert status["status"] == "done" and "1 article(s) failed" in status["notes"][0]
    result = zipfile.ZipFile(io.BytesIO(client.get(f"/v1/jobs/{status['id']}/result").content))
    report = json.loads(result.read("report.json"))
    assert report["counts"]["done"] == 3 and [f["code"] for f in report["failures"]] == ["corrupt_document"]


def _slip_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ok.txt", "fine")
        archive.writestr("../../escape.txt", "bad")
    return out.getvalue()


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"files": {"file": ("a.zip", b"not a zip")}}, 422, "corrupt_document"),
        ({"files": {"file": ("a.zip", _slip_zip())}}, 422, "unsafe_document"),
        ({"files": {"file": ("a.zip", builders.zip_with({"x.bin": b"1"}))}}, 422, "invalid_input"),
        (
            {"files": {"file": ("a.zip", builders.zip_with({"a.txt": b"\0" * (4 * 1024 * 1024)}))}},
            413,
            "document_too_large",
        ),
        ({"json": {"texts": []}}, 422, "invalid_input"),
        ({"json": {"texts": ["ok", 3]}}, 422, "invalid_input"),
        ({"json": {"texts": ["ok"], "formats": ["pdf"]}}, 422, "invalid_input"),
        ({"json": {"texts": ["ok"], "format": ["md"]}}, 422, "invalid_input"),  # a misspelt field
        ({"json": {"texts": ["ok", " \u3000"]}}, 422, "invalid_input"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_input"),
    ],
)
def test_bad_jobs_are_4xx_and_leave_no_folder(
    client: TestClient, tmp_path: Path, kwargs: dict[str, Any], status: int, code: str
) -> None:
    answer = client.post("/v1/jobs", **kwargs)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code
    assert [p.name for p in (tmp_path / "jobs").iterdir() if p.is_dir()] == []
    assert not list(tmp_path.rglob("escape.txt"))


def test_extraction_skips_links_and_other_files(tmp_path: Path) -> None:
    from service.routes.jobs import extract_articles

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("news/a.txt", "An article.")
        link = zipfile.ZipInfo("news/link.txt")
        link.external_attr = (0o120777 << 16) | 0  # a symbolic link to /etc/passwd
        archive.writestr(link, "/etc/passwd")
        archive.writestr("picture.png", b"not an article")
    assert extract_articles(out.getvalue(), tmp_path / "input") == 1
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert files == ["input/news/a.txt"]


def test_unknown_job_and_result_before_done(client: TestClient) -> None:
    assert client.get("/v1/jobs/0123456789abcdef01234567").status_code == 404
    assert client.get("/v1/jobs/0123456789abcdef01234567/result").json()["error"]["code"] == "job_not_found"


# -- restart ------------------------------------------------------------------------------------
def _serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "models.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not become ready"
        time.sleep(0.2)


def _manifest(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return dict(db.execute("SELECT key, status FROM articles").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return {}


@pytest.mark.slow
def test_a_50_article_zip_job_survives_sigkill_of_the_server(
    tiny_env: dict[str, str], tmp_path: Path
) -> None:
    articles = 50
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    jobs = tmp_path / "jobs"
    env = os.environ | tiny_env | FAST | {"TARJAMA_JOBS_DIR": str(jobs), "HF_HUB_OFFLINE": "1"}
    log = tmp_path / "server.log"
    server = _serve(port, env, log)
    try:
        _ready(url, server, log)
        archive = builders.zip_with({f"news/{n:02d}.txt": short(n).encode() for n in range(articles)})
        answer = httpx.post(f"{url}/v1/jobs", files={"file": ("news.zip", archive)}, timeout=30)
        assert answer.status_code == 202, answer.text
        job_id = answer.json()["id"]
        manifest = jobs / job_id / "output" / "manifest.sqlite"
        deadline = time.monotonic() + 240
        while sum(s == "done" for s in _manifest(manifest).values()) < 4:
            assert time.monotonic() < deadline, "no article was done in time: " + log.read_text()[-2000:]
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        server.wait()
        time.sleep(1.0)  # the batch worker dies with the server (PR_SET_PDEATHSIG)
        done_at_kill = {k for k, s in _manifest(manifest).items() if s == "done"}
        assert 0 < len(done_at_kill) < articles, "killed mid-job"
        server = _serve(port, env, log)
        _ready(url, server, log)
        status: dict[str, Any] = {}
        deadline = time.monotonic() + 300
        while status.get("status") not in ("done", "failed"):
            assert time.monotonic() < deadline, "the job did not finish after the restart"
            time.sleep(0.3)
            status = httpx.get(f"{url}/v1/jobs/{job_id}", timeout=10).json()
        assert status["status"] == "done", status
        result = zipfile.ZipFile(io.BytesIO(httpx.get(f"{url}/v1/jobs/{job_id}/result", timeout=30).content))
        report = json.loads(result.read("report.json"))
        assert report["counts"]["done"] == articles
        assert report["counts"]["unchanged"] == len(done_at_kill), (
            "what was done before the kill is not redone"
        )
        assert report["counts"]["processed"] == articles - len(done_at_kill)
        print(
            f"SIGKILL with {len(done_at_kill)}/{articles} articles done; after the restart {report['counts']}"
        )
        briefings = [n for n in result.namelist() if n.endswith(".json") and n != "report.json"]
        assert len(briefings) == articles, "each article's briefing exactly once"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
