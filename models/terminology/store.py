"""The terminology database (SQLite): glossaries and the editor-approved translation memory.

One file, `Settings.terminology_path()` (``terminology.sqlite`` in the cache directory, beside the
service's key database unless TARJAMA_TERMINOLOGY_DB moves it). It is separate from the LRU
translation cache whatever TARJAMA_CACHE says: approved corrections are editorial work, never
evicted. Every write is one transaction: a rejected glossary or TMX file stores nothing.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.errors import InvalidInputError
from models.terminology.glossary import Entry, Glossary, build_glossary, check_pair
from models.terminology.normalize import sentence_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS glossaries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    pair TEXT NOT NULL,
    owner INTEGER,
    created_at REAL NOT NULL,
    entries TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memory (
    pair TEXT NOT NULL,
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    who TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (pair, key)
);
"""

MAX_MEMORY_CHARS = 5000


@dataclass(frozen=True)
class GlossaryInfo:
    """A glossary as listed: no entries, their count."""

    id: str
    name: str
    pair: str
    owner: int | None
    created_at: float
    size: int


@dataclass(frozen=True)
class MemoryEntry:
    """An approved translation: `target` is what `source` (any spelling variant) translates to."""

    pair: str
    source: str
    target: str
    who: str
    created_at: float
    updated_at: float


class TerminologyStore:
    """The database. Thread-safe; every method is one short transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- glossaries -------------------------------------------------------------------------------
    def add_glossary(self, glossary: Glossary, owner: int | None = None) -> Glossary:
        """Store a (checked) glossary under a new id; returns it with its id and owner."""
        glossary_id = "g_" + secrets.token_hex(6)
        entries = json.dumps([[e.source, e.target] for e in glossary.entries], ensure_ascii=False)
        with self._lock:
            self._db.execute(
                "INSERT INTO glossaries (id, name, pair, owner, created_at, entries) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (glossary_id, glossary.name, glossary.pair, owner, time.time(), entries),
            )
        return Glossary(glossary.pair, glossary.entries, name=glossary.name, id=glossary_id, owner=owner)

    def glossaries(self, owner: int | None = None, *, everyone: bool = True) -> list[GlossaryInfo]:
        """Glossaries in creation order: all of them (`everyone`), or `owner`'s and the shared ones."""
        sql = "SELECT id, name, pair, owner, created_at, entries FROM glossaries"
        args: tuple[object, ...] = ()
        if not everyone:
            sql += " WHERE owner IS NULL OR owner = ?"
            args = (owner,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY created_at, id", args).fetchall()
        return [GlossaryInfo(r[0], r[1], r[2], r[3], r[4], len(json.loads(r[5]))) for r in rows]

    def glossary(
        self, glossary_id: str, owner: int | None = None, *, everyone: bool = True
    ) -> Glossary | None:
        """The glossary with this id when the caller may see it (see `glossaries`), else None."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, pair, owner, entries FROM glossaries WHERE id = ?", (glossary_id,)
            ).fetchone()
        if row is None or not (everyone or row[3] is None or row[3] == owner):
            return None
        entries = tuple(Entry(s, t) for s, t in json.loads(row[4]))
        return Glossary(row[2], entries, name=row[1], id=row[0], owner=row[3])

    def delete_glossary(self, glossary_id: str, owner: int | None = None, *, everyone: bool = True) -> bool:
        """Delete a glossary the caller owns (`everyone`: any); False when there is none to delete."""
        sql, args = "DELETE FROM glossaries WHERE id = ?", (glossary_id,)
        if not everyone:
            sql, args = sql + " AND owner = ?", (glossary_id, owner)  # type: ignore[assignment]
        with self._lock:
            cursor = self._db.execute(sql, args)
        return cursor.rowcount > 0

    # -- approved memory --------------------------------------------------------------------------
    def approve(self, pair: str, source: str, target: str, who: str = "") -> MemoryEntry:
        """Store (or replace) the approved translation of one sentence."""
        return self.approve_many(pair, [(source, target)], who)[0]

    def approve_many(self, pair: str, items: Sequence[tuple[str, str]], who: str = "") -> list[MemoryEntry]:
        """Store several approved translations in one transaction (all or none)."""
        pair = check_pair(pair)
        checked = [_checked(source, target) for source, target in items]
        bad = _NOT_XML.search(who)
        if bad:  # `who` is written into the TMX export as well
            raise InvalidInputError(f"who must not hold control character U+{ord(bad.group()):04X}")
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for source, target in checked:
                    self._db.execute(
                        "INSERT INTO memory (pair, key, source, target, who, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pair, key) DO UPDATE SET "
                        "source = excluded.source, target = excluded.target, who = excluded.who, "
                        "updated_at = excluded.updated_at",
                        (pair, sentence_key(source), source, target, who or "anonymous", now, now),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        stored = [self._get(pair, source) for source, _ in checked]
        return [entry for entry in stored if entry is not None]

    def _get(self, pair: str, source: str) -> MemoryEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT pair, source, target, who, created_at, updated_at FROM memory "
                "WHERE pair = ? AND key = ?",
                (pair, sentence_key(source)),
            ).fetchone()
        return MemoryEntry(*row) if row else None

    def lookup(self, pair: str, sentences: Iterable[str]) -> dict[str, str]:
        """Approved targets of those `sentences` that have one, by sentence (as given)."""
        wanted = {sentence: sentence_key(sentence) for sentence in sentences}
        keys = sorted(set(wanted.values()))
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, target FROM memory WHERE pair = ? AND key IN ({marks})", (pair, *chunk)
                ).fetchall()
                found.update(rows)
        return {sentence: found[key] for sentence, key in wanted.items() if key in found}

    def search(self, pair: str | None = None, query: str = "", limit: int = 100) -> list[MemoryEntry]:
        """Entries whose source or target contains `query` (matched in folded form), newest first."""
        sql = "SELECT pair, source, target, who, created_at, updated_at FROM memory"
        clauses, args = [], []
        if pair:
            clauses.append("pair = ?")
            args.append(check_pair(pair))
        if query.strip():
            clauses.append("(key LIKE ? ESCAPE '\\' OR target LIKE ? ESCAPE '\\')")
            needle = (
                "%" + sentence_key(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            raw = "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            args += [needle, raw]
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY updated_at DESC, key LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (*args, max(1, min(limit, 10_000)))).fetchall()
        return [MemoryEntry(*row) for row in rows]

    def forget(self, pair: str, source: str) -> bool:
        """Remove the approved translation of a sentence; False when there was none."""
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM memory WHERE pair = ? AND key = ?", (check_pair(pair), sentence_key(source))
            )
        return cursor.rowcount > 0

    def entries(self, pair: str | None = None) -> list[MemoryEntry]:
        """Every approved entry (of one pair), oldest first: what a TMX export writes."""
        sql = "SELECT pair, source, target, who, created_at, updated_at FROM memory"
        args: tuple[str, ...] = ()
        if pair:
            sql, args = sql + " WHERE pair = ?", (check_pair(pair),)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY created_at, key", args).fetchall()
        return [MemoryEntry(*row) for row in rows]


def _checked(source: str, target: str) -> tuple[str, str]:
    source, target = " ".join(str(source).split()), " ".join(str(target).split())
    if not source or not target:
        raise InvalidInputError("an approved translation needs a non-empty source and target")
    if len(source) > MAX_MEMORY_CHARS or len(target) > MAX_MEMORY_CHARS:
        raise InvalidInputError(f"an approved sentence is at most {MAX_MEMORY_CHARS} characters")
    for text in (source, target):
        bad = _NOT_XML.search(text)
        if bad:
            # TMX is XML 1.0: an entry it cannot hold would make every later export fail.
            raise InvalidInputError(
                f"an approved sentence must not hold control character U+{ord(bad.group()):04X}"
            )
    return source, target


# Characters XML 1.0 cannot hold (C0 controls other than tab/newline/return, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def load_glossary_file(path: Path, pair: str | None = None, name: str = "") -> Glossary:
    """A glossary from a .json, .csv or .tsv file (checked: see `build_glossary`).

    pair: "ar-en" or "en-ar"; a JSON file's own "pair" wins; None takes it from the script of the
    first term (Arabic: ar-en, else en-ar).
    """
    from models.terminology.glossary import entries_from_json, entries_from_table

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInputError(f"glossary file {path} does not exist") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"glossary file {path} is not UTF-8 text") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"glossary file {path} is not valid JSON ({exc.msg}, line {exc.lineno})"
            ) from None
        if isinstance(data, dict) and "entries" in data:
            pair = str(data.get("pair", pair or ""))
            name = str(data.get("name", name))
            data = data["entries"]
        items = entries_from_json(data)
    else:
        items = entries_from_table(text, "\t" if path.suffix.lower() == ".tsv" else None)
    if not pair:
        first = items[0][0] if items else ""
        pair = "ar-en" if any("\u0600" <= ch <= "\u06ff" for ch in first) else "en-ar"
    return build_glossary(pair, items, name=name or path.stem)
