"""`tarjama models pull` offline, unreadable model folders, and `tarjama models demo` permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from models.cli.main import main


def test_pull_offline_says_the_hub_is_unreachable_and_how_to_proceed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TARJAMA_AR_EN_MODEL", "Helsinki-NLP/opus-mt-ar-en")
    monkeypatch.chdir(tmp_path)
    assert main(["models", "pull"]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tarjama: error: ")
    assert "HF_HUB_OFFLINE" in err and "local directory" in err and "tarjama models demo" in err
    assert "Error" not in err.replace("tarjama: error:", "")  # no exception class names
    assert "run `tarjama models pull`" not in err and "Fetch it once with `tarjama models pull`" not in err


def test_unreadable_model_folder_is_a_one_line_error_exit_2(
    tiny_environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    model_dir = Path(tiny_environ["TARJAMA_AR_EN_MODEL"]).resolve()
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(path)).parent == model_dir and mode == os.R_OK:
            return False  # as for a folder copied with mode 0600 by another user (root ignores modes)
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    source = model_dir.parent / "in-ar.txt"
    source.write_text("قال الوزير إن الاجتماع انتهى.", encoding="utf-8")
    assert main(["translate", "--source", "ar", str(source)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "cannot be read (permission denied)" in err and str(model_dir) in err


def test_demo_folders_are_readable_by_other_users(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = os.umask(0o022)  # the usual umask: what others may read is the user's choice, not 0700
    try:
        assert main(["models", "demo", str(tmp_path / "demo")]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    paths = [tmp_path / "demo", *(tmp_path / "demo").rglob("*")]
    assert len(paths) > 5
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & stat.S_IROTH, path
        if path.is_dir():
            assert mode & stat.S_IXOTH, path
        assert not mode & stat.S_IWOTH, path
