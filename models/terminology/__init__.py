"""Terminology: glossaries, do-not-translate spans, placeholders, the approved memory and TMX.

Imports nothing heavy (lxml only when TMX is read or written).
"""

from models.terminology.glossary import (
    Entry,
    Glossary,
    Match,
    build_glossary,
    entries_from_json,
    entries_from_table,
)
from models.terminology.placeholders import Masked, Slot, mask, restore
from models.terminology.spans import DEFAULT_KINDS, KINDS, find_spans, parse_kinds
from models.terminology.store import GlossaryInfo, MemoryEntry, TerminologyStore, load_glossary_file
from models.terminology.terms import Terminology

__all__ = [
    "DEFAULT_KINDS",
    "KINDS",
    "Entry",
    "Glossary",
    "GlossaryInfo",
    "Masked",
    "Match",
    "MemoryEntry",
    "Slot",
    "Terminology",
    "TerminologyStore",
    "build_glossary",
    "entries_from_json",
    "entries_from_table",
    "find_spans",
    "load_glossary_file",
    "mask",
    "parse_kinds",
    "restore",
]
