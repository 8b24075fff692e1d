"""`tarjama glossary`, `tarjama memory` and `--glossary` on translate and batch, as a user calls them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batch.options import BatchOptions, fingerprint, output_settings
from models.cli.main import main
from models.settings import Settings
from models.terminology.store import TerminologyStore


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "terminology.sqlite"
    monkeypatch.setenv("TARJAMA_TERMINOLOGY_DB", str(path))
    return path


def test_glossary_commands(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "add", "names", "--pair", "ar-en", "ويتكوف=Witkoff", "ترامب=Trump"]) == 0
    glossary_id = capsys.readouterr().out.split("\t")[0]
    (tmp_path / "places.csv").write_text("source,target\nالكرملين,the Kremlin\n", encoding="utf-8")
    assert main(["glossary", "import", str(tmp_path / "places.csv")]) == 0
    assert "ar-en\t1 entries\tplaces" in capsys.readouterr().out
    assert main(["glossary", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["glossaries"]
    assert [(g["name"], g["size"], g["shared"]) for g in listed] == [("names", 2, True), ("places", 1, True)]
    assert main(["glossary", "show", glossary_id]) == 0
    assert capsys.readouterr().out == "source\ttarget\nويتكوف\tWitkoff\nترامب\tTrump\n"
    out = tmp_path / "names.json"
    assert main(["glossary", "export", glossary_id, str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["entries"] == {"ويتكوف": "Witkoff", "ترامب": "Trump"}
    assert main(["glossary", "delete", glossary_id]) == 0
    capsys.readouterr()
    assert main(["glossary", "show", glossary_id]) == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("ويتكوف,Witkoff,x\n", "3 columns"),
        ("ويتكوف,\n", "empty term"),
        ("ويتكوف,Witkoff\nويتكوف,Whitcoff\n", "mapped twice"),
    ],
)
def test_bad_glossary_files_are_one_line_errors_and_store_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, words: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["glossary", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tarjama: error:") and words in err and err.count("\n") == 1
    store = TerminologyStore(db)
    assert store.glossaries() == []
    store.close()


def test_memory_tmx_import_export(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TerminologyStore(db)
    store.approve("ar-en", "قال الرئيس.", "The president said.", "editor")
    store.close()
    exported = tmp_path / "memory.tmx"
    assert main(["memory", "export", str(exported)]) == 0
    other = tmp_path / "other.sqlite"
    capsys.readouterr()
    monkeypatch.setenv("TARJAMA_TERMINOLOGY_DB", str(other))
    assert main(["memory", "import", str(exported)]) == 0
    assert "imported 1" in capsys.readouterr().out
    fresh = TerminologyStore(other)
    assert fresh.lookup("ar-en", ["قال الرئيس."]) == {"قال الرئيس.": "The president said."}
    fresh.close()
    assert main(["memory", "list", "president", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"][0]["who"] == "tmx-import"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"no xml here", "not well-formed"),
        (b'<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>', "no <tu>"),
    ],
)
def test_bad_tmx_is_one_line_error_and_stores_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    assert main(["memory", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    store = TerminologyStore(db)
    assert store.entries() == []
    store.close()


def test_batch_fingerprint_follows_the_glossary_content(tmp_path: Path) -> None:
    options = BatchOptions(tmp_path, tmp_path / "out")
    glossary = tmp_path / "g.csv"
    glossary.write_text("ويتكوف,Witkoff\n", encoding="utf-8")
    base = Settings(cache_dir=tmp_path, ar_en_model=str(tmp_path / "m1"), en_ar_model=str(tmp_path / "m2"))
    with_glossary = base.model_copy(update={"glossary_file": glossary})
    first = fingerprint(output_settings(with_glossary, options))
    assert first != fingerprint(output_settings(base, options))
    assert fingerprint(output_settings(with_glossary, options)) == first
    glossary.write_text("ويتكوف,Whitkoff\n", encoding="utf-8")
    assert fingerprint(output_settings(with_glossary, options)) != first
    fewer = base.model_copy(update={"protect_spans": "url"})
    assert fingerprint(output_settings(fewer, options)) != fingerprint(output_settings(base, options))


def test_batch_rejects_a_bad_glossary_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    bad = tmp_path / "g.csv"
    bad.write_text("a,b,c\n", encoding="utf-8")
    assert main(["batch", str(tmp_path / "in"), str(tmp_path / "out"), "--glossary", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "--glossary" in err and "3 columns" in err and not (tmp_path / "out").exists()
