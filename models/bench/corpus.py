"""The benchmark input: NTREX-128 news articles (Arabic with their English originals).

Files are `<root>/ar/<doc>.txt` and `<root>/en/<doc>.txt`: the headline on the first line, then
paragraphs separated by blank lines. Articles are taken in file-name order, so `--docs N` is always
the same N articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from models.errors import ConfigurationError

DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ntrex128-ar-en"
"""`../shared/corpus/ntrex128-ar-en` beside the repository."""

# The naive split a few-lines script uses: after . ! ? or the Arabic question mark, before a space.
_NAIVE_BOUNDARY = re.compile(r"(?<=[.!?؟])\s+")


@dataclass(frozen=True)
class Article:
    """One document: its id (the file name without `.txt`), language and full text."""

    doc_id: str
    lang: str
    text: str

    def lines(self) -> list[str]:
        """Headline and paragraphs: the non-blank lines, stripped."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def load_articles(root: Path | None = None, lang: str = "ar", docs: int | None = None) -> list[Article]:
    """The first `docs` articles (all when None) of `root/<lang>`, in file-name order.

    Raises ConfigurationError naming the folder when it is missing or empty.
    """
    root = Path(root) if root is not None else DEFAULT_CORPUS
    folder = root / lang
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise ConfigurationError(
            f"no benchmark articles in {folder}; pass --corpus DIR with ar/*.txt and en/*.txt "
            "(NTREX-128 is in ../shared/corpus/ntrex128-ar-en)"
        )
    if docs is not None:
        if docs < 1:
            raise ConfigurationError(f"--docs must be at least 1, got {docs}")
        files = files[:docs]
    return [Article(path.stem, lang, path.read_text(encoding="utf-8")) for path in files]


def naive_sentences(articles: list[Article]) -> list[str]:
    """Sentences the way a few-lines script gets them: each line split after sentence-final marks."""
    return [
        piece.strip()
        for article in articles
        for line in article.lines()
        for piece in _NAIVE_BOUNDARY.split(line)
        if piece.strip()
    ]


def paragraphs(articles: list[Article]) -> list[str]:
    """Every headline and paragraph of the articles, in order (the service benchmark's requests)."""
    return [line for article in articles for line in article.lines()]


def first_sentences(articles: list[Article]) -> list[str]:
    """The first sentence of each article's first paragraph (single-sentence latency probes)."""
    result = []
    for article in articles:
        lines = article.lines()
        body = lines[1] if len(lines) > 1 else (lines[0] if lines else "")
        pieces = [p for p in _NAIVE_BOUNDARY.split(body) if p.strip()]
        if pieces:
            result.append(pieces[0].strip())
    return result


def training_lines(root: Path | None = None) -> list[str]:
    """Every non-blank line of both sides of the corpus (the synthetic tokenizers learn from them)."""
    lines: list[str] = []
    for lang in ("ar", "en"):
        lines.extend(line for article in load_articles(root, lang) for line in article.lines())
    return lines
