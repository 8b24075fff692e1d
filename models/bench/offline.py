"""Offline tarjama on the service benchmark's paragraphs: the rate the service is measured against.

Run as `python -m models.bench.offline PARAGRAPHS_FILE` in a process started with the service's
environment (same model, engine settings and pinned length): it loads the ar->en translator,
translates one warm-up paragraph, then all paragraphs (one per line of the file, each a document;
they share batches as `Translator.translate` plans them) and prints one JSON line: segments,
seconds, peak RSS.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    import resource

    from models.engine import Engine
    from models.settings import load_settings

    texts = [line for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    engine = Engine(load_settings())
    translator = engine.translator("ar", "en")
    translator.translate(texts[:1])  # warm-up, not measured
    began = time.perf_counter()
    documents = translator.translate(texts)
    seconds = time.perf_counter() - began
    segments = sum(len(p.segments) for d in documents for p in d.paragraphs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes
    print(json.dumps({"segments": segments, "seconds": seconds, "peak_rss": peak}))
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
