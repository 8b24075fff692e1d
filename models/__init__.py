"""tarjama core: text handling, model loading and backends, translation, summaries and briefings.

This package imports without FastAPI. `service/` and `batch/` are thin adapters over it.
"""

__version__ = "0.1.0"
