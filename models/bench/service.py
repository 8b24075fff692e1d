"""Service benchmark: `tarjama serve` under 1..64 concurrent clients, against a one-at-a-time server.

Both servers run the opus-mt-shaped ar->en model with the same engine settings, on loopback, each
in its own process. Every output is pinned to the same length (`TARJAMA_PIN_NEW_TOKENS`, see
`models.bench.pinned`, for the service; `--new-tokens` for the baseline); the translation memory
is off (`TARJAMA_CACHE=none`), so every paragraph reaches the model. Clients send single Arabic
paragraphs (headline or body paragraph of the NTREX articles) to `POST /v1/translate` with
`flags: true`, and count the segments of each answer: target tokens = segments x pinned length.
Each level is bounded by a number of requests and a time limit; the server's resident set (its
process tree) is sampled throughout. Both servers are up at once and their levels alternate
A/B/B/A, so drifting load on a shared machine cannot fake a ratio.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.bench.corpus import first_sentences, load_articles, paragraphs
from models.bench.pinned import pinned_env
from models.bench.results import LoadLevel, ServerRun, mb
from models.bench.stats import RssSampler, percentile, rss_bytes
from models.errors import TarjamaError

READY_TIMEOUT_S = 600.0
REST_PROBES = 20


class ServerStartError(TarjamaError):
    code = "bench_server_failed"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A server process we started, its URL and log."""

    name: str
    description: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    started_at: float

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def server_env(config: Any, ar_en: Path, en_ar: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "HF_HUB_OFFLINE": "1",
            "TARJAMA_OFFLINE": "1",
            "TARJAMA_AR_EN_MODEL": str(ar_en),
            "TARJAMA_EN_AR_MODEL": str(en_ar),
            "TARJAMA_CACHE_DIR": str(config.cache_dir),
            "TARJAMA_DEVICE": config.device,
            "TARJAMA_COMPUTE_TYPE": config.compute_type,
            "TARJAMA_THREADS": str(config.threads),
            "TARJAMA_BEAM_SIZE": str(config.beam_size),
            "TARJAMA_CACHE": "none",
            "TARJAMA_API_KEYS": "false",
            "TARJAMA_LOG_LEVEL": "warning",
            "TARJAMA_REQUEST_TIMEOUT_S": "900",
        }
    )
    return env


def against_env(items: Sequence[str]) -> dict[str, str]:
    """`NAME=VALUE` items (`--against`) as a mapping; items without `=` are skipped (the CLI
    refuses them)."""
    pairs = (item.partition("=") for item in items)
    return {name.strip(): value for name, sep, value in pairs if sep and name.strip()}


def start_server(
    name: str, description: str, command: Sequence[str], env: dict[str, str], log: Path, port: int
) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = open(log, "wb")  # noqa: SIM115 - the child writes to it until it stops
    started = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=handle, stderr=subprocess.STDOUT, env=env)
    handle.close()
    return Server(name, description, process, f"http://127.0.0.1:{port}", log, started)


def wait_ready(server: Server, timeout_s: float = READY_TIMEOUT_S) -> float:
    """Seconds from starting the process to its first 200 on /readyz (polled every 50 ms)."""
    import httpx

    deadline = server.started_at + timeout_s
    with httpx.Client(timeout=5.0) as client:
        while time.perf_counter() < deadline:
            if server.process.poll() is not None:
                code = server.process.returncode
                raise ServerStartError(
                    f"{server.name} exited with {code} before it was ready:\n{server.log_tail()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if client.get(server.url + "/readyz").status_code == 200:
                    return time.perf_counter() - server.started_at
            time.sleep(0.05)
    server.stop()
    raise ServerStartError(f"{server.name} was not ready after {timeout_s:.0f} s:\n{server.log_tail()}")


# -- clients ---------------------------------------------------------------------------------------
@dataclass
class LoadOutcome:
    latencies: list[float] = field(default_factory=list)
    segments: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0


def request_body(text: str) -> dict[str, Any]:
    return {"text": text, "source": "ar", "target": "en", "flags": True}


async def run_load(
    url: str, texts: Iterator[str], clients: int, requests: int, max_seconds: float, timeout_s: float = 900.0
) -> LoadOutcome:
    """`clients` concurrent clients, each sending one paragraph at a time until `requests` were sent
    in all or `max_seconds` passed (requests in flight then still complete)."""
    import httpx

    outcome = LoadOutcome()
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout_s, limits=limits) as client:
        start = time.perf_counter()
        deadline = start + max_seconds

        async def one_client() -> None:
            nonlocal sent
            while sent < requests and time.perf_counter() < deadline:
                sent += 1
                text = next(texts)
                began = time.perf_counter()
                try:
                    response = await client.post("/v1/translate", json=request_body(text))
                except httpx.HTTPError as exc:
                    outcome.errors += 1
                    if len(outcome.error_samples) < 3:
                        outcome.error_samples.append(f"{type(exc).__name__}: {exc}")
                    continue
                elapsed = time.perf_counter() - began
                if response.status_code == 200:
                    outcome.latencies.append(elapsed)
                    outcome.segments += len(response.json().get("segments") or [])
                else:
                    outcome.errors += 1
                    if len(outcome.error_samples) < 3:
                        outcome.error_samples.append(f"{response.status_code}: {response.text[:200]}")

        await asyncio.gather(*(one_client() for _ in range(clients)))
        outcome.seconds = time.perf_counter() - start
    return outcome


def rest_latency(url: str, sentences: Sequence[str]) -> list[float]:
    """Latency of single sentences sent one after another to an idle server (seconds)."""
    import httpx

    latencies = []
    with httpx.Client(base_url=url, timeout=300.0) as client:
        for sentence in sentences:
            began = time.perf_counter()
            response = client.post("/v1/translate", json=request_body(sentence))
            if response.status_code == 200:
                latencies.append(time.perf_counter() - began)
    return latencies


def open_run(server: Server, probes: list[str]) -> ServerRun:
    """Wait for the server, warm it up, and measure its latency at rest (no level yet)."""
    ready = wait_ready(server)
    pid = server.process.pid
    # Warm-up (not measured): a few requests, so first-call costs do not land in a level.
    rest_latency(server.url, probes[:3])
    rest = rest_latency(server.url, probes[:REST_PROBES]) if probes else []
    return ServerRun(
        server=server.name,
        description=server.description,
        ready_s=round(ready, 2),
        rest_p50_ms=round(percentile(rest, 50) * 1000, 1) if rest else float("nan"),
        rest_p95_ms=round(percentile(rest, 95) * 1000, 1) if rest else float("nan"),
        rss_idle_mb=mb(rss_bytes(pid, children=True)),
        notes=[],
    )


def measure_level(
    server: Server, run: ServerRun, config: Any, texts: list[str], offset: int, new_tokens: int
) -> None:
    """One load level (`config.clients[offset]` clients) against `server`, added to `run.levels`."""
    clients = config.clients[offset]
    requests = config.requests or max(4 * clients, 32)
    cycle = itertools.cycle(level_texts(config, texts, offset))
    config.progress(f"service: {server.name}, {clients} clients, up to {requests} requests ...")
    with RssSampler(server.process.pid, interval_s=0.1, children=True) as sampler:
        outcome = asyncio.run(run_load(server.url, cycle, clients, requests, config.level_seconds))
    level = LoadLevel(
        server=server.name,
        clients=clients,
        requests=len(outcome.latencies),
        errors=outcome.errors,
        seconds=round(outcome.seconds, 3),
        target_tokens=outcome.segments * new_tokens,
        p50_ms=round(percentile(outcome.latencies, 50) * 1000, 1),
        p95_ms=round(percentile(outcome.latencies, 95) * 1000, 1),
        rss_mb=mb(sampler.peak),
        error_samples=outcome.error_samples,
    )
    config.progress(
        f"service: {server.name}, {clients} clients: {level.paragraphs_per_s:.2f} paragraphs/s, "
        f"{level.tokens_per_s:.0f} tokens/s, p50 {level.p50_ms:.0f} ms, p95 {level.p95_ms:.0f} ms, "
        f"RSS {level.rss_mb:.0f} MB"
    )
    run.levels.append(level)


def level_texts(config: Any, texts: list[str], offset: int) -> list[str]:
    """The paragraphs level `offset` sends, in order (its requests taken round-robin)."""
    clients = config.clients[offset]
    requests = config.requests or max(4 * clients, 32)
    start = (offset * 97) % max(len(texts), 1)
    cycle = itertools.cycle(texts[start:] + texts[:start])
    return [next(cycle) for _ in range(requests)]


def offline_rate(env: dict[str, str], texts: list[str], new_tokens: int, run_dir: Path, tag: str) -> float:
    """Target tokens/s of offline tarjama (`models.bench.offline`, its own process, the service's
    environment) on `texts`."""
    run_dir.mkdir(parents=True, exist_ok=True)
    source = run_dir / "offline-paragraphs.txt"
    source.write_text("\n".join(" ".join(t.split()) for t in texts) + "\n", encoding="utf-8")
    log = run_dir / f"offline-{tag}.log"
    with open(log, "wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "models.bench.offline", str(source)],
            stdout=subprocess.PIPE,
            stderr=handle,
            env=env,
            check=False,
            timeout=3600,
        )
    if done.returncode != 0:
        raise ServerStartError(f"offline tarjama failed with {done.returncode}; see {log}")
    figures = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return float(figures["segments"] * new_tokens / figures["seconds"])


def interleaved(levels: int) -> list[tuple[int, int]]:
    """(level, server) in A/B/B/A order: server 0 first at even levels, server 1 first at odd ones,
    so load that drifts during the run falls on both servers alike."""
    order = []
    for level in range(levels):
        first = level % 2
        order += [(level, first), (level, 1 - first)]
    return order


def run_service(config: Any, ar_en: Path, en_ar: Path, run_dir: Path) -> tuple[list[ServerRun], list[str]]:
    """Both servers, up at the same time, their levels interleaved A/B/B/A with the same paragraphs."""
    new_tokens = config.tokens_for("service")
    articles = load_articles(config.corpus, "ar", config.docs)
    texts = paragraphs(articles)
    probes = first_sentences(load_articles(config.corpus, "ar", None))
    env = server_env(config, ar_en, en_ar)
    notes = [
        f"{len(texts)} paragraphs from {len(articles)} articles, sent round-robin; outputs pinned to "
        f"{new_tokens} tokens; translation memory off; clients and servers share the machine's cores; "
        "both servers up at once, levels interleaved A/B/B/A",
    ]
    servers: list[Server] = []
    try:
        port = free_port()
        servers.append(
            start_server(
                "tarjama serve",
                "tarjama serve (FastAPI + the core scheduler), both directions loaded",
                [sys.executable, "-m", "models.cli.main", "serve", "--port", str(port)],
                pinned_env(env, new_tokens),
                run_dir / "server-tarjama.log",
                port,
            )
        )
        port = free_port()
        if config.against:
            servers.append(
                start_server(
                    "tarjama serve B",
                    f"tarjama serve with {' '.join(config.against)}",
                    [sys.executable, "-m", "models.cli.main", "serve", "--port", str(port)],
                    pinned_env({**env, **against_env(config.against)}, new_tokens),
                    run_dir / "server-tarjama-b.log",
                    port,
                )
            )
        else:
            servers.append(
                start_server(
                    "one at a time",
                    "same engine and model behind http.server, one request at a time in the engine (a lock)",
                    [
                        sys.executable,
                        "-m",
                        "models.bench.baseline_server",
                        "--port",
                        str(port),
                        "--new-tokens",
                        str(new_tokens),
                    ],
                    env,
                    run_dir / "server-baseline.log",
                    port,
                )
            )
        runs = [open_run(server, probes) for server in servers]
        # Offline tarjama on the paragraphs of the busiest level up to 32 clients, before and after
        # the levels (A ... A), so the service's share of it is measured in the same run.
        busiest = max(range(len(config.clients)), key=lambda i: (config.clients[i] <= 32, config.clients[i]))
        offline_texts = level_texts(config, texts, busiest)
        offline_env = pinned_env(env, new_tokens)
        config.progress(f"service: offline tarjama on {len(offline_texts)} paragraphs ...")
        rates = [offline_rate(offline_env, offline_texts, new_tokens, run_dir, "before")]
        for level, which in interleaved(len(config.clients)):
            measure_level(servers[which], runs[which], config, texts, level, new_tokens)
        config.progress(f"service: offline tarjama on {len(offline_texts)} paragraphs again ...")
        rates.append(offline_rate(offline_env, offline_texts, new_tokens, run_dir, "after"))
        offline = sum(rates) / len(rates)
        runs[0].offline_tokens_per_s = round(offline, 1)
        notes.append(
            f"offline tarjama (Translator.translate, same engine settings and pinned length) on the "
            f"{len(offline_texts)} paragraphs of the {config.clients[busiest]}-client level: "
            f"{rates[0]:.0f} tokens/s before the levels, {rates[1]:.0f} after"
        )
    finally:
        for server in servers:
            server.stop()
    return runs, notes
