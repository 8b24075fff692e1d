"""`tarjama batch`: exit status 0 (all done), 1 (some failed), 2 (bad usage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from batch.outputs import OutputTree
from models.cli.main import main
from tests.batch.conftest import copy_articles
from tests.batch.helpers import briefing_files, manifest_rows, report


@pytest.fixture
def three(corpus_files: list[Path], tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    copy_articles(corpus_files[:3], folder)
    return folder


@pytest.mark.shared
def test_exit_0_when_every_article_is_done(
    three: Path, tmp_path: Path, fast_environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(three), str(out), "--formats", "json,html", "--workers", "1"]) == 0
    assert len(briefing_files(out)) == 3 * 2
    assert report(out)["counts"]["done"] == 3
    err = capsys.readouterr().err
    assert "3 articles: 3 done" in err and "digest.md" in err


@pytest.mark.shared
def test_exit_1_when_some_article_failed(
    three: Path, tmp_path: Path, fast_environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    (three / "empty.txt").write_bytes(b"")
    (three / "big.txt").write_text("x" * 20_000, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(three), str(out), "--quiet", "--max-bytes", "10k"]) == 1
    data = report(out)
    assert data["counts"]["done"] == 3 and data["counts"]["failed"] == 2
    assert {f["code"] for f in data["failures"]} == {"empty", "input_too_large"}
    assert capsys.readouterr().err == "", "--quiet prints nothing on success of the run itself"


def _usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    assert code == 2
    return capsys.readouterr().err


def test_exit_2_missing_in_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage(["batch", str(tmp_path / "nope"), str(tmp_path / "out")], capsys)
    assert "is not a folder" in err
    assert not (tmp_path / "out").exists()


def test_exit_2_out_dir_inside_in_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    assert "must not be IN_DIR or inside it" in _usage(
        ["batch", str(tmp_path / "in"), str(tmp_path / "in/out")], capsys
    )
    assert "must not be IN_DIR" in _usage(["batch", str(tmp_path / "in"), str(tmp_path / "in")], capsys)
    assert not (tmp_path / "in" / "out").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--formats", "json,pdf"], "--formats"),
        (["--formats", ""], "--formats"),
        (["--max-bytes", "lots"], "--max-bytes"),
        (["--workers", "0"], "workers"),
        (["--batch-tokens", "1"], "--batch-tokens=1"),
        (["--engine", "spark"], "invalid choice"),
    ],
)
def test_exit_2_bad_options(
    flags: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    assert message in _usage(["batch", str(tmp_path / "in"), str(tmp_path / "out"), *flags], capsys)


def test_exit_2_out_dir_is_a_file_or_busy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "file").write_text("x")
    assert "is not a folder" in _usage(["batch", str(tmp_path / "in"), str(tmp_path / "file")], capsys)
    busy = OutputTree(tmp_path / "out")
    busy.open()
    try:
        assert "another tarjama batch" in _usage(
            ["batch", str(tmp_path / "in"), str(tmp_path / "out")], capsys
        )
    finally:
        busy.close()


def test_exit_1_and_nothing_marked_done_when_a_model_is_missing(
    three: Path,
    tmp_path: Path,
    fast_environ: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TARJAMA_AR_EN_MODEL", str(tmp_path / "no-such-model"))
    out = tmp_path / "out"
    assert main(["batch", str(three), str(out), "--quiet"]) == 1
    assert "no-such-model" in capsys.readouterr().err
    rows = manifest_rows(out)
    assert rows and all(r["status"] == "pending" for r in rows.values()), "redone on the next run"
    assert briefing_files(out) == set()


def test_exit_2_read_only_out_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Some text.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(out)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(13, "Permission denied", str(path))  # root ignores chmod; a mount would not
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    err = _usage(["batch", str(tmp_path / "in"), str(out)], capsys)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"cannot write to OUT_DIR {out} (Permission denied)" in err


def test_interrupt_says_a_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import batch.runner

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch.runner, "run_batch", interrupted)
    (tmp_path / "in").mkdir()
    assert main(["batch", str(tmp_path / "in"), str(tmp_path / "out")]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "again to resume" in err
