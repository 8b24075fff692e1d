"""Vocabulary shortlists: building the map, its file, coverage, the setting and the CTranslate2 copy."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from models.backends.convert import converted_dir
from models.cli.main import main
from models.engine import Engine
from models.errors import ConfigurationError, InvalidInputError
from models.loader import load_model
from models.settings import Settings
from models.shortlist import (
    ShortlistOptions,
    Vmap,
    build_shortlist,
    build_vmap,
    coverage,
    load_pair_tokenizer,
    load_parallel,
    read_vmap,
    split_documents,
)
from models.synthetic.corpus import ARABIC_LINES, ENGLISH_LINES

SOURCE = [["a", "x", "b"], ["a", "y"], ["b", "z"], ["c", "x"]]
TARGET = [["A", "the", "B"], ["A", "the"], ["B", "the", "Z"], ["C", "the"]]


def test_vmap_has_always_line_first_and_best_candidates_per_token() -> None:
    vmap = build_vmap(SOURCE, TARGET, ShortlistOptions(top_k=1, always=1))
    assert vmap.always == ["the"]
    # "a" occurs with A twice (Dice 1.0) and with B once: A wins; "z" only ever sees B and Z.
    assert vmap.entries["a"] == ["A"]
    assert vmap.entries["c"] == ["C"]
    lines = vmap.text().splitlines()
    assert lines[0] == "\tthe"
    assert all(line.count("\t") == 1 and line.split("\t")[0] for line in lines[1:])
    assert "the" not in {t for targets in vmap.entries.values() for t in targets}


def test_vmap_is_deterministic_and_adds_copied_tokens_and_prior() -> None:
    options = ShortlistOptions(top_k=2, always=0)
    source = [*SOURCE, ["2024", "a"]]
    target = [*TARGET, ["2024", "A"]]
    first = build_vmap(source, target, options, prior=["zz", "the"])
    second = build_vmap(list(reversed(source)), list(reversed(target)), options, prior=["zz", "the"])
    assert first.text() == second.text()
    assert "2024" in first.entries["2024"]  # a token seen on both sides may be copied through
    assert first.always == ["zz", "the"]


def test_coverage_of_a_hand_made_case() -> None:
    vmap = Vmap(always=["the"], entries={"a": ["A"], "b": ["B"]})
    report = coverage(vmap, [["a", "b"], ["a", "q"]], [["the", "A", "B", "B"], ["A", "X", "the", "Y"]])
    assert report.sentences == 2
    assert report.mean == pytest.approx((1.0 + 0.5) / 2)
    assert report.minimum == pytest.approx(0.5)
    assert report.tokens == pytest.approx(6 / 8)
    assert report.full == pytest.approx(0.5)
    assert (report.mean_size, report.max_size) == (2.5, 3)
    with pytest.raises(InvalidInputError):
        coverage(vmap, [["a"]], [[]])


def test_vmap_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    vmap = Vmap(always=["the", "."], entries={"▁كتاب": ["▁book", "▁books"]})
    path = tmp_path / "maps" / "ar-en.vmap"
    vmap.write(path)
    assert read_vmap(path) == vmap
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    with pytest.raises(ConfigurationError, match="does not exist"):
        read_vmap(tmp_path / "missing.vmap")
    bad = tmp_path / "bad.vmap"
    bad.write_text("\tthe\nno tab here\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="line 2"):
        read_vmap(bad)
    bad.write_bytes(b"\xff\xfe\x00junk\t")
    with pytest.raises(ConfigurationError, match="UTF-8"):
        read_vmap(bad)
    bad.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="no tokens"):
        read_vmap(bad)


def _corpus(root: Path, documents: int = 5) -> tuple[Path, Path]:
    """A small parallel corpus: the built-in lines (translations of each other), one file per doc."""
    for lang, lines in (("ar", ARABIC_LINES), ("en", ENGLISH_LINES)):
        (root / lang).mkdir(parents=True, exist_ok=True)
        for doc in range(documents):
            chunk = lines[doc * 8 : doc * 8 + 8]
            (root / lang / f"doc{doc}.txt").write_text("\n\n".join(chunk) + "\n", encoding="utf-8")
    return root / "ar", root / "en"


def test_parallel_corpus_folders_files_and_bad_input(tmp_path: Path) -> None:
    ar, en = _corpus(tmp_path)
    documents = load_parallel(ar, en)
    assert [doc.doc_id for doc in documents] == [f"doc{i}" for i in range(5)]
    assert all(len(doc.pairs) == 8 for doc in documents)
    lines_ar, lines_en = tmp_path / "l.ar", tmp_path / "l.en"
    lines_ar.write_text("سطر\nسطر آخر\n", encoding="utf-8")
    lines_en.write_text("a line\nanother line\n", encoding="utf-8")
    assert len(load_parallel(lines_ar, lines_en)) == 2

    with pytest.raises(InvalidInputError, match="no such folder"):
        load_parallel(tmp_path / "nope", en)
    with pytest.raises(InvalidInputError, match="not a folder and a file"):
        load_parallel(ar, lines_en)
    (en / "doc9.txt").write_text("extra\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="same documents"):
        load_parallel(ar, en)
    (en / "doc9.txt").unlink()
    (en / "doc0.txt").write_text("only one line\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="same number of lines"):
        load_parallel(ar, en)
    (en / "doc0.txt").write_bytes(b"\xff\xfe bad")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        load_parallel(ar, en)


def test_split_holds_back_documents_spread_over_the_corpus(tmp_path: Path) -> None:
    documents = load_parallel(*_corpus(tmp_path))
    build, held = split_documents(documents, 2)
    assert (len(build), len(held)) == (3, 2)
    assert not {d.doc_id for d in build} & {d.doc_id for d in held}
    assert split_documents(documents, 0) == (documents, [])
    for bad in (-1, 5):
        with pytest.raises(InvalidInputError):
            split_documents(documents, bad)


def test_build_with_the_tiny_model_tokenisers(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    documents = load_parallel(*_corpus(tmp_path))
    tokens = load_pair_tokenizer(tiny_models["marian-ar-en"], "ar", "en")
    options = ShortlistOptions(top_k=5, always=10, prior=0)
    built = build_shortlist(documents, tokens, options, held_out=1)
    assert (built.build_documents, built.held_documents, built.prior) == (4, 1, 0)
    assert built.report is not None and 0.0 < built.report.mean <= 1.0
    # the always-in tokens are the most frequent target tokens, and all are real target tokens
    vocab = tokens.tokenizer.get_vocab()
    assert len(built.vmap.always) == 10 and all(t in vocab for t in built.vmap.always)
    assert all(len(targets) <= 5 + 1 for targets in built.vmap.entries.values())
    again = build_shortlist(documents, tokens, options, held_out=1)
    assert again.vmap.text() == built.vmap.text()
    # with the tokeniser's pieces in, every reference token of the held-back document is admitted
    with_prior = build_shortlist(documents, tokens, ShortlistOptions(top_k=5, always=10), held_out=1)
    assert with_prior.prior > 10 and with_prior.report is not None
    assert with_prior.report.mean == 1.0


def test_setting_must_name_a_readable_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no vocabulary shortlist file"):
        Settings(shortlist_ar_en=tmp_path / "missing.vmap")  # type: ignore[arg-type]
    path = tmp_path / "ar-en.vmap"
    Vmap(always=["the"]).write(path)
    settings = Settings(shortlist_ar_en=path, shortlist_en_ar="")  # type: ignore[arg-type]
    assert settings.shortlist_for("ar-en") == path
    assert settings.shortlist_for("en-ar") is None
    assert settings.shortlist_for("summary-en") is None


def _tiny_vmap(tiny_models: dict[str, Path], tmp_path: Path, name: str = "tiny.vmap") -> Path:
    documents = load_parallel(*_corpus(tmp_path / "corpus"))
    tokens = load_pair_tokenizer(tiny_models["marian-ar-en"], "ar", "en")
    path = tmp_path / name
    build_shortlist(documents, tokens, ShortlistOptions(top_k=5, always=20, prior=0)).vmap.write(path)
    return path


def test_cache_key_changes_with_the_shortlist(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    model = tiny_models["marian-ar-en"]
    cache = tmp_path / "cache"
    plain = converted_dir(model, "org/model", "int8", cache)
    vmap = _tiny_vmap(tiny_models, tmp_path)
    with_map = converted_dir(model, "org/model", "int8", cache, vmap)
    assert with_map != plain and with_map.name.startswith(plain.name + "-vmap")
    assert (with_map / "vmap.txt").read_bytes() == vmap.read_bytes()
    assert not (plain / "vmap.txt").exists()
    assert converted_dir(model, "org/model", "int8", cache, vmap) == with_map
    other = tmp_path / "other.vmap"
    other.write_text(vmap.read_text(encoding="utf-8").replace("\t", "\t.", 1), encoding="utf-8")
    assert converted_dir(model, "org/model", "int8", cache, other) not in (plain, with_map)


def test_a_shortlist_for_another_vocabulary_is_refused(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.vmap"
    Vmap(always=["<nope1>", "<nope2>"], entries={"q": ["<nope3>"]}).write(wrong)
    with pytest.raises(ConfigurationError, match="built for another model"):
        converted_dir(tiny_models["marian-ar-en"], "org/model", "int8", tmp_path / "cache", wrong)
    malformed = tmp_path / "malformed.vmap"
    malformed.write_text("no tab\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="line 1"):
        converted_dir(tiny_models["marian-ar-en"], "org/model", "int8", tmp_path / "cache", malformed)


def test_ctranslate2_engine_translates_with_the_shortlist(
    tiny_settings: Settings, tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    vmap = _tiny_vmap(tiny_models, tmp_path)
    settings = tiny_settings.model_copy(update={"cache_dir": tmp_path / "cache", "shortlist_ar_en": vmap})
    engine = Engine(settings, backend="ctranslate2")
    try:
        documents = engine.translate([ARABIC_LINES[0], ARABIC_LINES[1]], "ar", "en")
        backend = engine.model("ar-en").backend
        assert backend.name == "ctranslate2" and getattr(backend, "use_vmap", False) is True
        assert len(documents) == 2 and all(doc.paragraphs for doc in documents)
    finally:
        engine.close()


def test_transformers_ignores_the_shortlist_with_a_warning(
    tiny_settings: Settings, tiny_models: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vmap = _tiny_vmap(tiny_models, tmp_path)
    with caplog.at_level(logging.WARNING):
        model = load_model(
            str(tiny_models["marian-ar-en"]), tiny_settings, backend="transformers", shortlist=vmap
        )
    assert model.backend.name == "transformers"
    assert "shortlist" in caplog.text and "ignored" in caplog.text
    model.close()


@pytest.mark.usefixtures("tiny_environ")
def test_cli_builds_a_map_and_prints_coverage(
    tiny_models: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en = _corpus(tmp_path / "corpus")
    output = tmp_path / "out" / "ar-en.vmap"
    args = ["models", "shortlist", "--source", str(ar), "--target", str(en), "--output", str(output)]
    code = main([*args, "--top-k", "5", "--always", "10", "--held-out", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "coverage on 1 held-back documents" in out and "shortlist per sentence" in out
    assert read_vmap(output).always


@pytest.mark.usefixtures("tiny_environ")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "no such folder"),
        ("prior", "--prior takes a number"),
        ("held", "cannot hold back"),
    ],
)
def test_cli_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, message: str
) -> None:
    ar, en = _corpus(tmp_path / "corpus")
    output = tmp_path / "ar-en.vmap"
    args = ["models", "shortlist", "--source", str(ar), "--target", str(en), "--output", str(output)]
    if change == "missing":
        args[5] = str(tmp_path / "nowhere")
    elif change == "prior":
        args += ["--prior", "many"]
    else:
        args += ["--held-out", "5"]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("tarjama: error:") and message in err and "\n" not in err
    assert not output.exists()
