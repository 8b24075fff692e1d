"""What CI can check of the image without a Docker engine: the Dockerfile parsed and held against
the project (extras in pyproject, the CLI's real flags, the CI's torch pin, README's commands)."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import pytest

from models.cli.main import build_parser

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest brings tomli on 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, rest = line.partition(" ")
        out.append((keyword.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return out


def args_of(keyword: str) -> list[str]:
    return [rest for key, rest in instructions() if key == keyword]


def build_args() -> dict[str, str]:
    found = {}
    for rest in args_of("ARG"):
        name, _, default = rest.partition("=")
        found[name] = default
    return found


def test_base_image_and_build_arguments() -> None:
    arguments = build_args()
    assert arguments["BASE_IMAGE"] == "python:3.11-slim"
    assert instructions()[1] == ("FROM", "${BASE_IMAGE}")
    assert arguments["TORCH_INDEX"] == "https://download.pytorch.org/whl/cpu"  # CPU unless told otherwise
    assert {"PULL_MODELS", "PULL_SUMMARY_MODELS", "TORCH_VERSION"} <= set(arguments)
    assert arguments["PULL_MODELS"] == "0"


def test_install_commands_match_the_project() -> None:
    runs = args_of("RUN")
    torch = [r for r in runs if "torch==" in r]
    assert torch == ['pip install "torch==${TORCH_VERSION}" --index-url "${TORCH_INDEX}"']
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    pins = set(re.findall(r"torch==([\w.+]+)", ci))
    assert pins == {build_args()["TORCH_VERSION"]}, "the image and CI install the same torch"
    extras = [m for r in runs for m in re.findall(r"pip install '\./\[([\w,-]+)\]'", r)]
    assert extras == ["service,batch,documents"]  # tqdm for progress bars; documents for /v1/documents
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    optional = project["project"]["optional-dependencies"]
    assert all(extra in optional for extra in extras[0].split(","))
    assert any(dep.startswith(("fastapi", "uvicorn")) for dep in optional["service"])
    copied = " ".join(args_of("COPY"))
    for package in project["tool"]["setuptools"]["packages"]["find"]["include"]:
        assert f"{package.rstrip('*')} ./" in copied
    assert project["project"]["readme"] in copied and "pyproject.toml" in copied


def test_models_pulled_at_build_time_by_argument() -> None:
    pulls = [r for r in args_of("RUN") if "tarjama models pull" in r]
    assert len(pulls) == 1 and '"${PULL_MODELS}" = "1"' in pulls[0] and "--summary" in pulls[0]
    parser = build_parser()
    assert parser.parse_args(["models", "pull", "--summary"]).summary is True
    assert ("ENV", "TARJAMA_OFFLINE=${PULL_MODELS}") in instructions()


def test_runs_as_a_non_root_user() -> None:
    users = args_of("USER")
    assert users and users[-1] not in ("root", "0", "0:0")
    keywords = [key for key, _ in instructions()]
    assert keywords.index("USER") < keywords.index("CMD")
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "numeric, so the host can resolve it"
    assert any("useradd" in r and f"--uid {uid}" in r for r in args_of("RUN"))


def _env() -> dict[str, str]:
    found: dict[str, str] = {}
    for rest in args_of("ENV"):
        for item in shlex.split(rest):
            name, _, value = item.partition("=")
            found[name] = value
    return found


def test_baked_models_are_not_under_the_volume() -> None:
    """Mounting the volume must not hide the models baked into the image (offline mode is on)."""
    env = _env()
    volumes = [v for rest in args_of("VOLUME") for v in json.loads(rest)]
    assert volumes
    for name in ("TARJAMA_CACHE_DIR", "HF_HOME"):
        path = env[name]
        assert not any(path == v or path.startswith(v.rstrip("/") + "/") for v in volumes), name
    # What a deployment keeps (keys, translation memory) is on the volume.
    for name in ("TARJAMA_KEYS_DB", "TARJAMA_CACHE_PATH"):
        assert any(env[name].startswith(v.rstrip("/") + "/") for v in volumes), name
    assert any("chown" in r and env["TARJAMA_CACHE_DIR"] in r for r in args_of("RUN"))


def test_ctranslate2_finds_cublas_in_the_cuda_variant() -> None:
    """CTranslate2 dlopens libcublas/libcudnn by name; torch's CUDA wheels put them in nvidia/*/lib."""
    paths = _env()["LD_LIBRARY_PATH"].split(":")
    python = build_args()["BASE_IMAGE"].split(":")[1].split("-")[0]  # python:3.11-slim -> 3.11
    site = f"/usr/local/lib/python{python}/site-packages"
    assert f"{site}/nvidia/cublas/lib" in paths and f"{site}/nvidia/cudnn/lib" in paths


def test_hadolint_is_clean() -> None:
    import shutil
    import subprocess

    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cmd_is_a_real_tarjama_serve_and_healthcheck_hits_healthz() -> None:
    (cmd,) = args_of("CMD")
    argv = json.loads(cmd)  # exec form: signals reach uvicorn
    assert argv[:2] == ["tarjama", "serve"]
    args = build_parser().parse_args(argv[1:])
    assert args.command == "serve" and args.host == "0.0.0.0"
    (health,) = args_of("HEALTHCHECK")
    assert "/healthz" in health and f"127.0.0.1:{args.port}/healthz" in health
    probe = json.loads(health[health.index("CMD ") + 4 :])  # exec form: no shell needed
    assert probe[:2] == ["python", "-c"]
    assert f"EXPOSE {args.port}" in [f"{k} {r}" for k, r in instructions()]


def test_dockerignore_keeps_the_context_small() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".git", ".venv", "tests", "**/__pycache__"):
        assert entry in ignored


def test_image_installs_what_readme_installs() -> None:
    """README's torch pin and CUDA index are the image's; its `--build-arg`s exist in the Dockerfile."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"torch==([\w.+]+)", readme)) == {build_args()["TORCH_VERSION"]}
    for index in re.findall(r"https://download\.pytorch\.org/whl/cu\d+", readme):
        assert f"TORCH_INDEX={index}" in dockerfile
    mentioned = {name for text in (dockerfile, readme) for name in re.findall(r"--build-arg\s+(\w+)=", text)}
    assert {"TORCH_INDEX", "PULL_MODELS"} <= mentioned <= set(build_args())
    for line in re.findall(r"docker run [^\n`]*", dockerfile + readme):
        assert "--privileged" not in shlex.split(line.split("#")[0])


@pytest.mark.parametrize("flag", ["--host", "--port", "--workers"])
def test_serve_flags_exist(flag: str) -> None:
    parser = build_parser()
    value = "0.0.0.0" if flag == "--host" else "2"
    assert parser.parse_args(["serve", flag, value]).command == "serve"
