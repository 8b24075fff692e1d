"""Bad settings: one line naming the variable, its value and what is allowed, exit 2, for every command."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from models.cli.main import main
from models.settings import Settings

COMMANDS = [
    ["translate", "-"],
    ["summarize", "-"],
    ["brief", "-"],
    ["models", "list"],
    ["models", "pull"],
    ["batch", "IN", "OUT"],
    ["serve"],
    ["keys", "list"],
]
BAD = [
    ("TARJAMA_BEAM_SIZE", "abc", "an integer from 1 to 16"),
    ("TARJAMA_DEVICE", "gpu", "auto, cpu or cuda"),
    ("TARJAMA_BACKEND", "bogus", "auto, ctranslate2 or transformers"),
    ("TARJAMA_THREADS", "-1", "an integer from 0 to 512"),
]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    import os

    for key in list(os.environ):
        if key.upper().startswith("TARJAMA_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "IN").mkdir()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Hello there.\n")))
    return tmp_path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize(("name", "value", "allowed"), BAD, ids=lambda x: str(x))
def test_every_command_gives_the_same_one_line_error(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    name: str,
    value: str,
    allowed: str,
) -> None:
    monkeypatch.setenv(name, value)
    code, err = _run(argv, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tarjama: error: ")
    assert f"{name}={value!r}" in lines[0]
    assert allowed in lines[0]
    assert "Traceback" not in err and "pydantic" not in err and "validation error" not in err


def test_dotenv_values_are_named_with_their_origin(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (clean_env / ".env").write_text("TARJAMA_DEVICE=gpu\n", encoding="utf-8")
    code, err = _run(["models", "list"], capsys)
    assert code == 2
    assert "TARJAMA_DEVICE='gpu' (from .env)" in err
    assert len(err.strip().splitlines()) == 1


def test_flags_are_named_as_flags(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["batch", "IN", "OUT", "--beam-size", "40"], capsys)
    assert code == 2
    assert "--beam-size=40" in err and "an integer from 1 to 16" in err


def test_misspelt_names_are_warned_about(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TARJAMA_BEAM_SZIE", "2")
    (clean_env / ".env").write_text("TARJAMA_PROT=9000\nTARJAMA_PORT=9001\n", encoding="utf-8")
    code, out_err = _run(["config"], capsys)
    assert code == 0
    assert (
        "TARJAMA_BEAM_SZIE (in the environment) is not a tarjama setting; did you mean TARJAMA_BEAM_SIZE?"
        in (out_err)
    )
    assert "TARJAMA_PROT (in the .env)" in out_err and "TARJAMA_PORT?" in out_err
    # known names of every settings class (the service's included) are not warned about
    assert "TARJAMA_PORT (" not in out_err


def test_config_prints_effective_settings_with_sources_and_masks_secrets(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TARJAMA_BEAM_SIZE", "2")
    monkeypatch.setenv("TARJAMA_REDIS_URL", "redis://user:hunter2@cache:6379/0")
    monkeypatch.setenv("TARJAMA_METRICS_TOKEN", "s3cret-token")
    (clean_env / ".env").write_text("TARJAMA_PORT=9001\n", encoding="utf-8")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert re.search(r"TARJAMA_BEAM_SIZE\s+2\s+\(environment\)", rows["TARJAMA_BEAM_SIZE"])
    assert re.search(r"TARJAMA_PORT\s+9001\s+\(\.env\)", rows["TARJAMA_PORT"])
    assert re.search(r"TARJAMA_DEVICE\s+auto\s+\(default\)", rows["TARJAMA_DEVICE"])
    assert "hunter2" not in out and "s3cret-token" not in out
    assert "redis://user:****@cache:6379/0" in rows["TARJAMA_REDIS_URL"]
    assert "****" in rows["TARJAMA_METRICS_TOKEN"]


def test_config_with_bad_settings_is_the_same_one_line_error(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TARJAMA_REDIS_URL", "http://user:hunter2@cache")
    code, err = _run(["config"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "hunter2" not in err  # a secret's bad value is masked in the error too


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    from service.settings import ServiceSettings

    text = (Path(__file__).resolve().parents[3] / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^# (TARJAMA_[A-Z0-9_]+)=", text, flags=re.M))
    known = {"TARJAMA_" + name.upper() for cls in (Settings, ServiceSettings) for name in cls.model_fields}
    assert names == known


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert re.fullmatch(r"tarjama \S+\n", capsys.readouterr().out)
