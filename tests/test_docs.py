"""The README documents every finding code and every command."""

from __future__ import annotations

from pathlib import Path

from curator.cli.main import cli
from curator.core.api import markdown_table, registered

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_current_table_of_codes() -> None:
    assert len(registered()) > 5  # every family loaded, so every code is in the table
    assert markdown_table() in README, "run `python scripts/update_readme_codes.py`"


def test_every_command_is_documented() -> None:
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        assert f"`curator-cli {name}" in README, f"README lacks `curator-cli {name}`"
