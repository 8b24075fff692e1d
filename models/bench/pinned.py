"""Run a `tarjama` command with every translation's output length pinned (benchmarks only).

    python -m models.bench.pinned NEW_TOKENS serve --port 8123

The HTTP API does not take minimum/maximum new tokens (nor do the settings), so the service
benchmark starts the real `tarjama serve` through this launcher: it wraps
`Translator.generation_options` so that every model call, whatever the request asked, decodes
exactly NEW_TOKENS tokens (min = max), then hands the remaining arguments to `tarjama`'s own
`main`. Nothing else changes: same app, batcher, settings and engine. uvicorn runs the app in
this process (one worker), so the wrap applies to every request.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any


def pin_translation_length(new_tokens: int) -> None:
    """Make every `Translator` decode exactly `new_tokens` tokens per unit."""
    from models.translate import Translator

    original = Translator.generation_options
    if getattr(original, "_bench_pinned", None) is not None:
        original = original._bench_original  # type: ignore[attr-defined]

    def generation_options(self: Translator, options: Any = None) -> Any:
        return dataclasses.replace(
            original(self, options), min_new_tokens=new_tokens, max_new_tokens=new_tokens
        )

    generation_options._bench_pinned = new_tokens  # type: ignore[attr-defined]
    generation_options._bench_original = original  # type: ignore[attr-defined]
    Translator.generation_options = generation_options  # type: ignore[method-assign]


def unpin_translation_length() -> None:
    """Undo `pin_translation_length` (tests)."""
    from models.translate import Translator

    original = getattr(Translator.generation_options, "_bench_original", None)
    if original is not None:
        Translator.generation_options = original  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or not args[0].isdigit() or int(args[0]) < 1:
        print("usage: python -m models.bench.pinned NEW_TOKENS COMMAND [ARGS...]", file=sys.stderr)
        return 2
    pin_translation_length(int(args[0]))
    from models.cli.main import main as tarjama

    return tarjama(args[1:])


if __name__ == "__main__":
    sys.exit(main())
