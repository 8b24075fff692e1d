"""The package rules, enforced: the core imports without FastAPI, torch, Ray or an adapter, and the
adapters never import each other."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("fastapi", "starlette", "uvicorn", "torch", "ray", "service", "batch")
ADAPTERS = ("service", "batch")

PROBE = """
import importlib, json, pkgutil, sys
import models
walk = pkgutil.walk_packages(models.__path__, "models.")
names = sorted(m.name for m in walk if not m.name.endswith("__main__"))
for name in names:
    importlib.import_module(name)
loaded = sorted({n.split(".")[0] for n in sys.modules} & set(json.loads(sys.argv[1])))
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_every_core_module_imports_without_frameworks_torch_or_adapters() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(FORBIDDEN)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(result["modules"]) > 50  # the walk found the core
    assert {"models.scheduler", "models.contract", "models.languages", "models.cli.main"} <= set(
        result["modules"]
    )
    assert result["loaded"] == []


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _adapter_strings(path: Path) -> set[str]:
    """String constants that are dotted names of an adapter module ("service.cli")."""
    tree = ast.parse(path.read_text("utf-8"))
    pattern = re.compile(r"(?:service|batch)(?:\.\w+)+(?::\w+)?")
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern.fullmatch(node.value)
    }


def test_adapters_never_import_each_other_and_the_core_never_names_them() -> None:
    for adapter in ADAPTERS:
        others = set(ADAPTERS) - {adapter}
        for path in (ROOT / adapter).rglob("*.py"):
            assert not _imported(path) & others, f"{path.relative_to(ROOT)} imports {others}"
    for path in (ROOT / "models").rglob("*.py"):
        assert not _imported(path) & set(ADAPTERS), f"{path.relative_to(ROOT)} imports an adapter"
        # Nor by a dotted string (importlib): adapters come in through entry points.
        assert not _adapter_strings(path), f"{path.relative_to(ROOT)} names an adapter module"
