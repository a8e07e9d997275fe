"""The code stays navigable: small files, short functions (ruff's complexity rule covers
branching; these cover length)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "curator").rglob("*.py"), *(ROOT / "datagen").rglob("*.py")])
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_source_file_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in SOURCES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert not long, f"split these files: {long}"


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = size
    assert not long, f"split these functions: {long}"
