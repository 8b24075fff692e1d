"""The terminology database: glossaries by owner, approved memory, TMX round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import InvalidInputError
from models.terminology.glossary import build_glossary
from models.terminology.store import TerminologyStore, load_glossary_file
from models.terminology.tmx import read_tmx, write_tmx


@pytest.fixture
def store(tmp_path: Path) -> TerminologyStore:
    store = TerminologyStore(tmp_path / "terminology.sqlite")
    yield store  # type: ignore[misc]
    store.close()


def test_glossaries_are_scoped_by_owner(store: TerminologyStore) -> None:
    shared = store.add_glossary(build_glossary("ar-en", [("ويتكوف", "Witkoff")], name="names"))
    mine = store.add_glossary(build_glossary("en-ar", [("Trump", "ترامب")], name="mine"), owner=1)
    store.add_glossary(build_glossary("en-ar", [("Trump", "ترامب")], name="theirs"), owner=2)
    assert [g.name for g in store.glossaries(1, everyone=False)] == ["names", "mine"]
    assert [g.name for g in store.glossaries()] == ["names", "mine", "theirs"]
    assert store.glossary(mine.id, 2, everyone=False) is None
    loaded = store.glossary(shared.id, 2, everyone=False)
    assert loaded is not None and loaded.as_dict() == {"ويتكوف": "Witkoff"} and loaded.pair == "ar-en"
    assert not store.delete_glossary(shared.id, 1, everyone=False)  # shared: only an admin deletes it
    assert not store.delete_glossary(mine.id, 2, everyone=False)
    assert store.delete_glossary(mine.id, 1, everyone=False)
    assert store.glossary(mine.id) is None


def test_memory_matches_spelling_variants_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    store = TerminologyStore(path)
    store.approve(
        "ar-en", "قال  الرئيسُ إن المحادثات انتهت.", "The president said the talks had ended.", "editor"
    )
    store.close()
    again = TerminologyStore(path)
    assert again.lookup("ar-en", ["قال الرئيس إن المحادثات انتهت.", "جملة أخرى."]) == {
        "قال الرئيس إن المحادثات انتهت.": "The president said the talks had ended."
    }
    assert again.lookup("en-ar", ["قال الرئيس إن المحادثات انتهت."]) == {}
    (entry,) = again.search("ar-en", "talks")
    assert entry.who == "editor" and entry.source == "قال الرئيسُ إن المحادثات انتهت."
    assert again.search(query="الرئيس")
    assert again.forget("ar-en", "قال الرئيس إن المحادثات انتهت.")
    assert not again.forget("ar-en", "قال الرئيس إن المحادثات انتهت.")
    again.close()


def test_bad_memory_entries_store_nothing(store: TerminologyStore) -> None:
    with pytest.raises(InvalidInputError):
        store.approve_many("ar-en", [("جملة.", "A sentence."), ("", "empty")])
    assert store.entries() == []
    with pytest.raises(InvalidInputError):
        store.approve("ar-fr", "a", "b")


def test_tmx_round_trip(store: TerminologyStore, tmp_path: Path) -> None:
    store.approve("ar-en", "قال الرئيس.", "The president said.", "editor")
    store.approve("en-ar", "Hello & <welcome>.", "مرحبا.", "other")
    data = write_tmx(store.entries("ar-en"), "ar")
    assert b'<tmx version="1.4">' in data and b'xml:lang="ar"' in data
    units = read_tmx(data, "ar-en")
    assert [(u.source, u.target, u.who) for u in units] == [("قال الرئيس.", "The president said.", "editor")]
    both = read_tmx(write_tmx(store.entries()), "en-ar")
    assert [(u.source, u.target) for u in both] == [("Hello & <welcome>.", "مرحبا.")]
    fresh = TerminologyStore(tmp_path / "other.sqlite")
    fresh.approve_many("ar-en", [(u.source, u.target) for u in units], "import")
    assert fresh.lookup("ar-en", ["قال الرئيس."]) == {"قال الرئيس.": "The president said."}
    fresh.close()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not xml at all", "not well-formed"),
        (b"<html><body/></html>", "not TMX"),
        (b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>', "no <tu>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx>&e;</tmx>',
            "no <tu>",
        ),
    ],
)
def test_bad_tmx(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        read_tmx(data, "ar-en")


def test_glossary_files(tmp_path: Path) -> None:
    (tmp_path / "names.tsv").write_text("ويتكوف\tWitkoff\n", encoding="utf-8")
    assert load_glossary_file(tmp_path / "names.tsv", "ar-en").as_dict() == {"ويتكوف": "Witkoff"}
    (tmp_path / "g.json").write_text('{"pair": "en-ar", "entries": {"Trump": "ترامب"}}', encoding="utf-8")
    glossary = load_glossary_file(tmp_path / "g.json", "ar-en")
    assert glossary.pair == "en-ar" and glossary.name == "g"
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        load_glossary_file(tmp_path / "bad.json", "ar-en")
    with pytest.raises(InvalidInputError, match="does not exist"):
        load_glossary_file(tmp_path / "missing.csv", "ar-en")
