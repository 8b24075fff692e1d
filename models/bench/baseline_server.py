"""The one-request-at-a-time server the service benchmark compares `tarjama serve` against.

    python -m models.bench.baseline_server --port 8124 --new-tokens 32

An `http.server` around the same tarjama `Engine` (same model, engine, compute type and threads,
read from the same TARJAMA_* variables) where one lock admits one request at a time to the engine:
each request is planned and translated before the next starts, so nothing is batched across
requests (a request's own sentences still share a model call). Connections are handled in threads
(keep-alive works); only the work is serialised. This is how a model is usually served by a few
lines of Flask, or by LibreTranslate's default single worker. It answers `POST /v1/translate`
with the service's JSON shape (`translation`, `segments` when `flags` is true) and `GET /readyz`;
it starts listening only once the model is loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many clients connect at once
    allow_reuse_address = True
    daemon_threads = True


def make_handler(engine: Any, new_tokens: int | None) -> type[BaseHTTPRequestHandler]:
    from models.translate import TranslationOptions

    pinned = TranslationOptions(min_new_tokens=new_tokens or 0, max_new_tokens=new_tokens)
    one_at_a_time = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes; no 40 ms ACK delay

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path in ("/readyz", "/healthz"):
                self._answer(200, {"status": "ready", "models": sorted(engine.loaded())})
            else:
                self._answer(404, {"error": {"code": "not_found", "message": self.path}})

        def do_POST(self) -> None:
            if self.path != "/v1/translate":
                self._answer(404, {"error": {"code": "not_found", "message": self.path}})
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                text = body["text"]
                source = body.get("source", "auto")
                target = body.get("target")
                options = TranslationOptions(
                    beam_size=body.get("beam_size"),
                    min_new_tokens=pinned.min_new_tokens,
                    max_new_tokens=pinned.max_new_tokens,
                )
                with one_at_a_time:
                    (result,) = engine.translate([text], source, target, options)
            except Exception as exc:  # a benchmark server: report and keep serving
                self._answer(400, {"error": {"code": type(exc).__name__, "message": str(exc)[:200]}})
                return
            out: dict[str, Any] = {
                "translation": result.text,
                "source": result.source_lang,
                "target": result.target_lang,
                "model": result.model,
            }
            if body.get("flags"):
                out["segments"] = [
                    {"source": s.source, "target": s.target, "flags": list(s.flags)} for s in result.segments
                ]
            self._answer(200, out)

    return Handler


def serve(
    port: int, new_tokens: int | None, host: str = "127.0.0.1", pairs: tuple[str, ...] = ("ar-en",)
) -> None:
    from models.engine import Engine
    from models.settings import load_settings

    engine = Engine(load_settings())
    for pair in pairs:
        source, target = pair.split("-")
        engine.translator(source, target)
    server = _Server((host, port), make_handler(engine, new_tokens))
    try:
        server.serve_forever()
    finally:
        server.server_close()
        engine.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.bench.baseline_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--new-tokens", type=int, help="pin every output to this many tokens")
    parser.add_argument("--pairs", default="ar-en", help="pairs to load before listening (comma-separated)")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        serve(args.port, args.new_tokens, args.host, tuple(args.pairs.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
