"""The HTTP service: a thin FastAPI adapter over `models` (see docs/architecture.md)."""
