"""User-facing messages never name exception classes (`LocalEntryNotFoundError`, `KeyError`, ...)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Benchmark tooling reports failures to the person running the benchmark, classes included.
EXEMPT = ("models/bench/",)
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _class_name_in(node: ast.AST) -> bool:
    """`type(exc).__name__` or `exc.__class__.__name__` somewhere inside `node`."""
    return any(
        isinstance(sub, ast.Attribute)
        and sub.attr == "__name__"
        and (
            isinstance(sub.value, ast.Call)
            or (isinstance(sub.value, ast.Attribute) and sub.value.attr == "__class__")
        )
        for sub in ast.walk(node)
    )


def test_no_exception_class_names_outside_log_calls() -> None:
    offenders = []
    for file in sorted(ROOT.glob("*/**/*.py")):
        rel = file.relative_to(ROOT).as_posix()
        if not rel.startswith(("models/", "service/", "batch/")) or rel.startswith(EXEMPT):
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        logged: set[int] = set()
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LOG_METHODS
            ):
                logged.update(id(sub) for sub in ast.walk(node))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and id(node) not in logged and _class_name_in(node):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []
