"""Soak run: one `tarjama serve` (the bench's models, both directions loaded) under N clients for a
long stretch, its resident set sampled every few seconds, to show whether memory stays flat.

    python -m models.bench.soak --seconds 600 --clients 64 [--env NAME=VALUE ...]

Prints the load average, throughput, errors, and RSS first / max / last plus each minute's maximum.
The models are the ones `tarjama bench` built in its work directory (run `tarjama bench service`
once first).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import threading
import time

from models.bench.corpus import first_sentences, load_articles, paragraphs
from models.bench.pinned import pinned_env
from models.bench.runner import BenchConfig
from models.bench.service import (
    against_env,
    free_port,
    rest_latency,
    run_load,
    server_env,
    start_server,
    wait_ready,
)
from models.bench.stats import rss_bytes

SAMPLE_S = 5.0
NEW_TOKENS = 32


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="length of the run (default 600)")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients (default 64)")
    parser.add_argument("--docs", type=int, default=20, help="articles whose paragraphs are sent")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="server setting")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.clients < 1:
        parser.error("--seconds must be positive and --clients at least 1")

    config = BenchConfig(tasks=("service",), docs=args.docs)
    env = server_env(config, config.models_dir / "opus-mt-ar-en", config.models_dir / "opus-mt-en-ar")
    env = pinned_env({**env, **against_env(args.env)}, NEW_TOKENS)
    texts = paragraphs(load_articles(config.corpus, "ar", args.docs))
    port = free_port()
    command = [sys.executable, "-m", "models.cli.main", "serve", "--port", str(port)]
    server = start_server("soak", "tarjama serve", command, env, config.work_dir / "runs" / "soak.log", port)
    try:
        ready_s = wait_ready(server)
        rest_latency(server.url, first_sentences(load_articles(config.corpus, "ar", 3)))
        idle = round(rss_bytes(server.process.pid, children=True) / 1e6)
        result = {}

        def load() -> None:
            cycle = itertools.cycle(texts)
            result["outcome"] = asyncio.run(run_load(server.url, cycle, args.clients, 10**9, args.seconds))

        worker = threading.Thread(target=load)
        worker.start()
        samples: list[int] = []
        while worker.is_alive():
            samples.append(round(rss_bytes(server.process.pid, children=True) / 1e6))
            time.sleep(SAMPLE_S)
        worker.join()
        outcome = result["outcome"]
        per_minute = int(60 / SAMPLE_S)
        with open("/proc/loadavg") as handle:
            load_average = handle.read().split()[:3]
        report = {
            "load_average_end": load_average,
            "ready_s": round(ready_s, 1),
            "clients": args.clients,
            "seconds": round(outcome.seconds),
            "paragraphs": len(outcome.latencies),
            "errors": outcome.errors,
            "tokens_per_s": round(outcome.segments * NEW_TOKENS / outcome.seconds, 1),
            "rss_idle_mb": idle,
            "rss_first_mb": samples[0],
            "rss_max_mb": max(samples),
            "rss_last_mb": samples[-1],
            "rss_by_minute_max_mb": [
                max(samples[i : i + per_minute]) for i in range(0, len(samples), per_minute)
            ],
        }
        print(json.dumps(report))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
