"""The scanner: walks IN_DIR in a stable order, reads each article and claims it in the manifest.

A claim decides, in walk order, what the run does with an article (`batch.manifest.Claim`): skip
it (done before, same content and settings), note it as a duplicate of an earlier article of this
run, or process it. Because the walk order is stable, the same article is the primary of a group
of identical ones from run to run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from batch.manifest import Claim, Manifest
from batch.options import BatchOptions
from batch.report import RunStats
from batch.sources import Article, Ignored, read_articles, walk


@dataclass
class ScanItem:
    """An article and what to do with it. `claim` is None for an article that could not be read
    (its `failure` says why): it is recorded as failed without being claimed."""

    article: Article
    claim: Claim | None

    @property
    def needs_work(self) -> bool:
        """Whether it goes down the pipeline (to be processed, or recorded as a read failure)."""
        return self.claim is None or self.claim.action == "process"


class Scanner:
    def __init__(
        self,
        options: BatchOptions,
        manifest_path: Path,
        run_id: str,
        fingerprint: str,
        stats: RunStats,
        stop: threading.Event | None = None,
    ) -> None:
        self.options = options
        self.manifest_path = manifest_path
        self.run_id = run_id
        self.fingerprint = fingerprint
        self.stats = stats
        self.stop = stop or threading.Event()

    def items(self) -> Iterator[ScanItem]:
        """Every article under IN_DIR, claimed. Opens its own manifest connection."""
        manifest = Manifest(self.manifest_path)
        fields = self.options.json_fields
        try:
            for entry in walk(self.options.in_dir):
                if self.stop.is_set():
                    return
                if isinstance(entry, Ignored):
                    self.stats.ignore(entry)
                    continue
                rel = entry.relative_to(self.options.in_dir).as_posix()
                for article in read_articles(
                    entry, rel, self.options.max_bytes, fields.given(), fields.id_keys()
                ):
                    if article.failure is not None or article.content_hash is None:
                        yield ScanItem(article, None)
                        continue
                    claim = manifest.claim(
                        article.key,
                        article.rel,
                        article.record,
                        article.content_hash,
                        self.fingerprint,
                        self.run_id,
                    )
                    if claim.action != "process":
                        article.data = None
                    yield ScanItem(article, claim)
        finally:
            manifest.close()
