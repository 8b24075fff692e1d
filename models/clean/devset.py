"""Development figures for HTML cleaning (`python -m models.clean.devset [DIR]`).

DIR (default: tests/models/clean/pages; `tests/models/clean/pages/menus` holds pages with big menus,
sidebars and sitemap footers) holds pages `NAME.html` with their gold main text `NAME.txt` (headline and
body paragraphs). For each extractor the script prints token precision, recall and F1
(bags of folded words, micro-averaged over the pages: overlap / extracted, overlap / gold) and pages
per second: tarjama's `clean_article` (`.text`: headline then paragraphs) next to trafilatura's
`extract` with its default settings, with `favor_recall` and with `favor_precision` (the fastest of
`--repeat` wall-clock passes); then a speed line comparing tarjama with trafilatura's default in CPU
time, the two run alternately on each page (`interleaved`), which is the figure to trust on a shared
machine. It also lists, per page, gold-less lines tarjama kept (what to look at when precision
drops).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from models.summarize.arabic import fold

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "tests" / "models" / "clean" / "pages"
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> Counter[str]:
    """Bag of folded words (Arabic and Latin letters, digits)."""
    return Counter(_WORD.findall(fold(text)))


def ours(page: str) -> str:
    from models.clean import clean_article
    from models.clean.rules import classify_line
    from models.errors import NoMainTextError

    classify_line.cache_clear()  # timed as on pages of many sites: no line seen before
    try:
        return clean_article(page, format="html").text
    except NoMainTextError:
        return ""


def _trafilatura(mode: str) -> Callable[[str], str]:
    def extract(page: str) -> str:
        import trafilatura

        recall, precision = mode == "recall", mode == "precision"
        return trafilatura.extract(page, favor_recall=recall, favor_precision=precision) or ""

    return extract


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "tarjama": ours,
    "trafilatura (default)": _trafilatura("default"),
    "trafilatura favor_recall": _trafilatura("recall"),
    "trafilatura favor_precision": _trafilatura("precision"),
}


def score(
    pages: Sequence[tuple[str, str]], extractor: Callable[[str], str], repeat: int = 1
) -> dict[str, float]:
    """Micro-averaged token precision, recall, F1 and pages per second of `extractor` (the fastest of
    `repeat` passes over the pages: the machine's other load only slows passes down)."""
    extractor(pages[0][0])  # imports out of the timing
    elapsed = float("inf")
    outputs: list[str] = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        outputs = [extractor(page) for page, _ in pages]
        elapsed = min(elapsed, time.perf_counter() - start)
    overlap = extracted = gold_total = 0
    for output, (_, gold) in zip(outputs, pages, strict=True):
        found, wanted = tokens(output), tokens(gold)
        overlap += sum((found & wanted).values())
        extracted += sum(found.values())
        gold_total += sum(wanted.values())
    precision = overlap / extracted if extracted else 0.0
    recall = overlap / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1, "per_s": len(pages) / elapsed if elapsed else 0.0}


def interleaved(
    pages: Sequence[tuple[str, str]],
    first: Callable[[str], str],
    second: Callable[[str], str],
    repeat: int = 1,
) -> tuple[float, float]:
    """Pages per second of CPU time of two extractors, run one after the other on each page, the
    order swapped from page to page and pass to pass: on a shared machine the load then falls on
    both alike, and process time leaves out the time other programs hold the CPU."""
    first(pages[0][0])  # imports out of the timing
    second(pages[0][0])
    spent = [0.0, 0.0]
    for round_ in range(max(1, repeat)):
        for index, (page, _) in enumerate(pages):
            order = ((0, first), (1, second)) if (round_ + index) % 2 == 0 else ((1, second), (0, first))
            for slot, extractor in order:
                start = time.process_time()
                extractor(page)
                spent[slot] += time.process_time() - start
    runs = len(pages) * max(1, repeat)
    return tuple(runs / s if s else 0.0 for s in spent)  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.clean.devset", description=__doc__)
    parser.add_argument(
        "dir", nargs="?", type=Path, default=DEFAULT_DIR, help="folder of NAME.html + NAME.txt"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="passes over the pages; the fastest gives pages/s"
    )
    parser.add_argument("--show", action="store_true", help="print the lines tarjama kept that are not gold")
    args = parser.parse_args(argv)
    names = sorted(path.stem for path in args.dir.glob("*.html") if path.with_suffix(".txt").exists())
    if not names:
        print(f"devset: error: no NAME.html with NAME.txt in {args.dir}", file=sys.stderr)
        return 2
    pages = [
        (
            (args.dir / f"{n}.html").read_text(encoding="utf-8"),
            (args.dir / f"{n}.txt").read_text(encoding="utf-8"),
        )
        for n in names
    ]
    print(f"{len(pages)} pages in {args.dir}")
    print(f"{'extractor':<30}{'P':>8}{'R':>8}{'F1':>8}{'pages/s':>10}")
    for name, extractor in EXTRACTORS.items():
        figures = score(pages, extractor, args.repeat)
        print(
            f"{name:<30}{figures['p']:>8.4f}{figures['r']:>8.4f}{figures['f1']:>8.4f}{figures['per_s']:>10.1f}"
        )
    baseline = "trafilatura (default)"
    mine, theirs = interleaved(pages, EXTRACTORS["tarjama"], EXTRACTORS[baseline], args.repeat)
    ratio = theirs / mine if mine else 0.0
    print(
        f"speed, CPU time interleaved page by page ({args.repeat} passes): tarjama {mine:.1f} pages/s, "
        f"{baseline} {theirs:.1f} pages/s; time ratio tarjama/trafilatura {ratio:.3f}"
    )
    if args.show:
        for name, (page, gold) in zip(names, pages, strict=True):
            gold_lines = {" ".join(line.split()) for line in gold.split("\n") if line.strip()}
            extra = [line for line in ours(page).split("\n") if line.strip() and line not in gold_lines]
            missing = [line for line in gold_lines if line not in ours(page)]
            if extra or missing:
                print(f"\n{name}:")
                print("\n".join(f"  + {line}" for line in extra))
                print("\n".join(f"  - {line[:90]}" for line in missing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
