"""Pinned output lengths for the service benchmark, through the settings (no patching).

The HTTP API does not take minimum/maximum new tokens, so the service benchmark starts the real
`tarjama serve` with `TARJAMA_PIN_NEW_TOKENS=N` in its environment: `Settings.pin_new_tokens`
makes every translation unit decode exactly N tokens (min = max), whatever the request asked.
Nothing else changes: same app, scheduler, settings and engine.
"""

from __future__ import annotations

PIN_ENV = "TARJAMA_PIN_NEW_TOKENS"


def pinned_env(env: dict[str, str], new_tokens: int) -> dict[str, str]:
    """A copy of `env` that pins every translation of a tarjama process to `new_tokens` tokens.

    Raises:
        ValueError: `new_tokens` below 1.
    """
    if new_tokens < 1:
        raise ValueError(f"a pinned length must be at least 1, got {new_tokens}")
    return {**env, PIN_ENV: str(new_tokens)}
