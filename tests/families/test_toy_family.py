"""A family registered from the test suite alone shows up everywhere a built-in one does:
the CLI's JSON report, the app's problems panel, and the app's re-check after an edit."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from curator.cli.main import cli
from curator.core.families import registered, registered_for_now
from curator.gui.main_window import MainWindow
from datagen.synth import chat_lines
from tests.families.toy import FAMILY
from tests.gui.conftest import wait_checked

LOUD = {"messages": [{"role": "user", "content": "Where is my order?"},
                     {"role": "assistant", "content": "IT SHIPPED YESTERDAY, SIR."}]}


@pytest.fixture
def toy() -> Iterator[None]:
    with registered_for_now(FAMILY):
        yield
    assert FAMILY not in registered()


@pytest.fixture
def loud_file(tmp_path: Path) -> Path:
    lines = list(chat_lines(40, seed=3))
    lines[6] = orjson.dumps(LOUD)
    path = tmp_path / "loud.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_the_cli_reports_the_toy_family(toy: None, loud_file: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--workers", "1",
                                      str(loud_file)])
    findings = orjson.loads(result.output)["files"][0]["findings"]
    assert [(f["line"], f["code"], f["check"]) for f in findings if f["code"] == "X901"] == [
        (7, "X901", "shouting")]
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--shout-letters", "500",
                                      str(loud_file)])
    assert "X901" not in result.output  # its setting is a flag like every other


def test_the_app_shows_and_rechecks_the_toy_family(
        toy: None, loud_file: Path, qtbot: QtBot, window: MainWindow) -> None:
    window.files.open(loud_file)
    wait_checked(qtbot, window)
    window.examples.select_index(6)
    shown = [window.problems.row_list.item(i).text()
             for i in range(window.problems.row_list.count())]
    assert any(text.split()[1] == "X901" for text in shown), shown  # "warning X901 ..."
    document = window.document
    quiet = copy.deepcopy(LOUD)
    quiet["messages"][1]["content"] = "It shipped yesterday."
    document.edit_value(document.workspace.keys[6], quiet, "Quieter")
    assert "X901" not in {f.code for f in document.workspace.findings_at(6)}
    louder = copy.deepcopy(LOUD)
    document.edit_value(document.workspace.keys[10], louder, "Louder")
    assert "X901" in {f.code for f in document.workspace.findings_at(10)}
    document.undo.undo()
    assert "X901" not in {f.code for f in document.workspace.findings_at(10)}
