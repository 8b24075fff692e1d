"""`tarjama serve` and `tarjama keys add|list|revoke`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="run the HTTP API (translation, summaries, briefings)")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes, each with its own models (default 1)")
    from models.cli.options import choices_of
    from service.settings import ServiceSettings

    serve.add_argument("--log-level", choices=choices_of(ServiceSettings, "log_level"))
    serve.set_defaults(handler=run_serve)

    keys = subparsers.add_parser("keys", help="manage API keys (stored hashed in SQLite)")
    actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="make a key and print it (once)")
    add.add_argument("--name", default="", help="who or what the key is for")
    add.add_argument(
        "--rpm", type=int, help="requests per minute (default: TARJAMA_DEFAULT_RPM; 0 = unlimited)"
    )
    add.add_argument(
        "--daily-chars",
        type=int,
        help="characters per UTC day (default: TARJAMA_DEFAULT_DAILY_CHARS; 0 = unlimited)",
    )
    add.set_defaults(handler=run_keys_add)
    listing = actions.add_parser("list", help="list keys (never their secrets)")
    listing.set_defaults(handler=run_keys_list)
    revoke = actions.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("id", type=int, help="the key's id (see `tarjama keys list`)")
    revoke.set_defaults(handler=run_keys_revoke)


def _service_settings(**overrides: object) -> Any:
    from service.settings import load_service_settings

    return load_service_settings(**overrides)  # SettingsError: one line, exit 2 (models.cli.main)


def _core_settings() -> Any:
    from models.settings import load_settings

    return load_settings()


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _service_settings(
        host=args.host, port=args.port, workers=args.workers, log_level=args.log_level
    )
    _core_settings()  # fail here, with a message, rather than in every worker
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        log_config=None,
        access_log=False,
        # Slow clients and long documents: the service enforces its own request timeout.
        timeout_keep_alive=5,
    )
    return 0


def _store() -> Any:
    from service.keys import KeyStore

    settings = _service_settings()
    return KeyStore(settings.keys_path(_core_settings().cache_dir))


def run_keys_add(args: argparse.Namespace) -> int:
    store = _store()
    try:
        key, secret = store.add(args.name, args.rpm, args.daily_chars)
    finally:
        store.close()
    print(secret)
    print(
        f"key {key.id} ({key.name or 'unnamed'}) added; the secret above is shown only this once", flush=True
    )
    return 0


def _limit(value: int | None) -> str:
    if value is None:
        return "default"
    return "unlimited" if value == 0 else str(value)


def _when(stamp: float | None) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("%Y-%m-%d %H:%M") if stamp else "-"


def run_keys_list(args: argparse.Namespace) -> int:
    store = _store()
    try:
        keys = store.list()
    finally:
        store.close()
    print(
        f"{'id':>4}  {'prefix':<9} {'name':<20} {'rpm':>9} {'daily chars':>12}  {'created (UTC)':<16}  status"
    )
    for key in keys:
        status = "active" if key.active else f"revoked {_when(key.revoked_at)}"
        print(
            f"{key.id:>4}  {key.prefix + '…':<9} {key.name[:20]:<20} {_limit(key.rpm):>9} "
            f"{_limit(key.daily_chars):>12}  {_when(key.created_at):<16}  {status}"
        )
    return 0


def run_keys_revoke(args: argparse.Namespace) -> int:
    store = _store()
    try:
        done = store.revoke(args.id)
    finally:
        store.close()
    if not done:
        print(f"tarjama: error: no active key with id {args.id}", file=sys.stderr)
        return 1
    print(f"key {args.id} revoked")
    return 0
