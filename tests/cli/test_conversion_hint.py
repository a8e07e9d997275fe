"""`validate` on a file of another format (a table, ShareGPT, Alpaca) says how to convert it;
a chat file gets no such hint."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.model.resources import resource_path


@pytest.mark.parametrize(("sample", "fmt", "columns"), [
    ("faq.csv", "csv", True), ("sharegpt.jsonl", "sharegpt", False),
    ("alpaca.jsonl", "alpaca", False)])
def test_another_format_gets_the_convert_command(sample: str, fmt: str, columns: bool) -> None:
    path = resource_path(f"samples/{sample}")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"hint: {path} looks like {fmt}" in result.stderr
    assert f"`curator-cli convert {path} -o OUT.jsonl" in result.stderr
    assert ("--question COL --answer COL" in result.stderr) is columns


def test_a_chat_file_gets_no_hint() -> None:
    result = CliRunner().invoke(cli, ["validate", str(resource_path("samples/clean_chats.jsonl"))])
    assert result.exit_code == 0 and "hint" not in result.stderr
