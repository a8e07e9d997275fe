"""The core's surface: every name of ``_SURFACE`` loads, and the type-checking block that
type checkers and import-linter read names exactly the same ones."""

from __future__ import annotations

import ast

import curator.core.api as api
from scripts.update_api_types import API, updated


def test_every_name_of_the_surface_loads() -> None:
    for name in api.__all__:
        assert getattr(api, name) is not None or name in ("MISSING",), name


def test_the_type_checking_block_is_the_table() -> None:
    text = API.read_text(encoding="utf-8")
    assert updated(text) == text, "run python scripts/update_api_types.py"
    block = ast.parse(text).body[-1]
    assert isinstance(block, ast.If)
    names = {alias.asname for node in block.body if isinstance(node, ast.ImportFrom)
             for alias in node.names}
    names |= {target.id for node in block.body if isinstance(node, ast.Assign)
              for target in node.targets if isinstance(target, ast.Name)}
    assert names == set(api.__all__)
