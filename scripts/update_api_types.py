"""Rewrite the type-checking block of curator/core/api.py from its ``_SURFACE`` table.

The surface loads names lazily; type checkers and import-linter read the block instead.
Run after adding a name to ``_SURFACE`` (tests/test_api_surface.py fails until the two agree).
"""

from __future__ import annotations

import ast
from pathlib import Path

API = Path(__file__).resolve().parent.parent / "curator" / "core" / "api.py"
HEAD = "if TYPE_CHECKING:  # the same names, for type checkers and import-linter\n"
WIDTH = 100


def surface(text: str) -> dict[str, str]:
    """The ``_SURFACE`` table of api.py's text."""
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_SURFACE":
            value = ast.literal_eval(node.value)
            assert isinstance(value, dict)
            return value
    raise SystemExit("api.py has no _SURFACE table")


def block(table: dict[str, str]) -> str:
    """The type-checking imports: one statement per module; a renamed name is assigned from
    its module (a plain ``import a as b`` would not be re-exported)."""
    lines, renamed = [HEAD], []
    for module, names in sorted(table.items()):
        items = []
        for item in names.split():
            name, _, alias = item.partition(":")
            if alias and alias != name:
                private = "_" + "_".join(module.split(".")[-2:])
                lines.append(f"    import {module} as {private}\n")
                renamed.append(f"    {alias} = {private}.{name}\n")
            else:
                items.append(f"{name} as {name}")
        if not items:
            continue
        one = f"    from {module} import {', '.join(items)}\n"
        if len(one) <= WIDTH + 1:
            lines.append(one)
            continue
        lines.append(f"    from {module} import (\n")
        current = ""
        for item in items:
            if current and len(current) + len(item) + 10 > WIDTH:
                lines.append(f"        {current.rstrip()}\n")
                current = ""
            current += f"{item}, "
        lines.append(f"        {current.rstrip()}\n    )\n")
    return "".join(lines) + ("\n" + "".join(renamed) if renamed else "")


def updated(text: str) -> str:
    return text[:text.index(HEAD)] + block(surface(text))


def main() -> None:
    API.write_text(updated(API.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
