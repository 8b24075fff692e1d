"""README's two commands are what a newcomer runs; CI must run exactly the test command."""

from __future__ import annotations

import re

import tomllib

from models.cli.main import build_parser
from tests.conftest import REPO_ROOT


def _readme_commands() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)[:2]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, tests = _readme_commands()
    ci_lines = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_lines[-1] == tests
    assert "HF_HUB_OFFLINE=1" in tests and "pytest" in tests


def test_main_command_uses_real_subcommands_and_extras() -> None:
    install_and_run, _ = _readme_commands()
    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    for extra in re.findall(r"-e '\.\[(\w+)\]'", install_and_run):
        assert extra in extras
    assert "torch==" in install_and_run  # the CPU build here, never an unpinned CUDA download
    parser = build_parser()
    for command in re.findall(r"tarjama ([a-z]+(?: [a-z]+)?)", install_and_run):
        words = command.split()
        args = [*words, "--help"] if words[0] != "models" else [*words[:2], "--help"]
        try:
            parser.parse_args(args)
        except SystemExit as exit_:
            assert exit_.code == 0, command
