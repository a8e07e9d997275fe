"""Personal data and secrets in the app: marked in the cards, a filter of the table, and
masking one value or every value of a kind as one undo step."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from curator.cli.main import cli
from curator.core.api import Finding
from curator.gui.main_window import MainWindow
from datagen.synth import chat_lines
from tests.gui.conftest import wait_checked

MAIL, OTHER = "maria.garcia@gmail.com", "wei.zhang@outlook.com"
KEY = "sk-proj-" + "Ab3De5Gh7J" * 7 + "T3BlbkFJ" + "Xy9Zw8Vu7T" * 7


def _chat(*messages: dict[str, object]) -> bytes:
    return orjson.dumps({"messages": list(messages)})


ROWS = {  # line: the example
    3: _chat({"role": "user", "content": f"Mail me at {MAIL} please"},
             {"role": "assistant", "content": f"Sure, I will write to {MAIL}."}),
    6: _chat({"role": "user", "content": f"I also use {OTHER}; my key is {KEY}"},
             {"role": "assistant", "content": "Please revoke that key."}),
    9: _chat({"role": "user", "content": "Where is my order?"},
             {"role": "assistant", "content": None, "tool_calls": [{
                 "id": "c1", "type": "function", "function": {
                     "name": "find", "arguments": orjson.dumps({"email": MAIL}).decode()}}]},
             {"role": "tool", "tool_call_id": "c1",
              "content": orjson.dumps({"phone": "+44 20 7123 4567"}).decode()},
             {"role": "assistant", "content": "It is on its way."}),
}


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> MainWindow:
    lines = [line.rstrip(b"\n") for line in chat_lines(12, seed=4)]
    for line, row in ROWS.items():
        lines[line - 1] = row
    path = tmp_path / "pii.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    window.files.open(path)
    wait_checked(qtbot, window)
    return window


def _user_text(window: MainWindow, line: int) -> str:
    value = window.document.workspace.dataset.rows[line - 1].value
    assert value is not None
    return str(value["messages"][0]["content"])


def _select_finding(window: MainWindow, line: int, code: str) -> Finding:
    window.examples.select_index(line - 1)
    panel = window.problems
    for i in range(panel.row_list.count()):
        panel.row_list.setCurrentRow(i)
        finding = panel.selected_finding()
        if finding is not None and finding.code == code:
            return finding
    raise AssertionError(f"no {code} on line {line}")


def test_spans_are_marked_in_the_cards_even_in_reformatted_json(opened: MainWindow) -> None:
    opened.examples.select_index(8)
    cards = opened.conversation.cards
    assert cards[1].calls is not None
    marked = [(s, e) for s, e, _ in cards[1].calls.marks]
    assert [cards[1].calls.toPlainText()[s:e] for s, e in marked] == [MAIL]
    tool = cards[2].content
    assert [tool.toPlainText()[s:e] for s, e, _ in tool.marks] == ["+44 20 7123 4567"]
    opened.examples.select_index(2)
    first = opened.conversation.cards[0].content
    assert [first.toPlainText()[s:e] for s, e, tip in first.marks] == [MAIL]
    assert MAIL not in first.marks[0][2] and "P002" in first.marks[0][2]


def test_the_table_filters_to_rows_with_personal_data(opened: MainWindow) -> None:
    bar = opened.examples.filter_bar
    assert "personal data" in bar.check.itemText(bar.check.findData("pii"))
    bar.show_check("pii")
    model = opened.examples.model
    assert [model.dataset_index(r) + 1 for r in range(model.rowCount())] == [3, 6, 9]


def test_mask_this_is_one_undo_step(qtbot: QtBot, opened: MainWindow) -> None:
    panel = opened.problems
    _select_finding(opened, 3, "P002")
    assert panel.mask_one.isEnabled() and panel.mask_kind.isEnabled()
    steps = opened.document.undo.count()
    qtbot.mouseClick(panel.mask_one, Qt.MouseButton.LeftButton)
    assert _user_text(opened, 3) == "Mail me at [EMAIL_1] please"
    assert opened.document.undo.count() == steps + 1
    _select_finding(opened, 6, "P001")
    qtbot.mouseClick(panel.mask_one, Qt.MouseButton.LeftButton)
    assert _user_text(opened, 6) == f"I also use {OTHER}; my key is [SECRET_1]"
    opened.document.undo.undo()
    opened.document.undo.undo()
    assert _user_text(opened, 3) == f"Mail me at {MAIL} please"
    _select_finding(opened, 1 + 2, "P002")
    assert not opened.problems.row_list.currentItem().text().count(MAIL)


def test_mask_all_of_a_kind_numbers_values_once_and_undoes_in_one_step(
        qtbot: QtBot, opened: MainWindow) -> None:
    before = [row.raw for row in opened.document.workspace.dataset.rows]
    _select_finding(opened, 6, "P002")
    steps = opened.document.undo.count()
    qtbot.mouseClick(opened.problems.mask_kind, Qt.MouseButton.LeftButton)
    wait_checked(qtbot, opened)
    assert opened.document.undo.count() == steps + 1
    assert opened.document.undo.text(steps) == "Mask all email addresses (3 lines)"
    rows = opened.document.workspace.dataset.rows
    assert _user_text(opened, 3) == "Mail me at [EMAIL_1] please"
    assert _user_text(opened, 6).startswith("I also use [EMAIL_2];")
    value = rows[8].value
    assert value is not None
    arguments = value["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert orjson.loads(arguments) == {"email": "[EMAIL_1]"}
    assert not [f for f in opened.document.workspace.all_findings() if f.code == "P002"]
    opened.document.undo.undo()
    assert [row.raw for row in opened.document.workspace.dataset.rows] == before


def test_the_export_dialog_masks_as_the_cli_does(qtbot: QtBot, opened: MainWindow,
                                                  tmp_path: Path) -> None:
    source = opened.document.path
    assert source is not None
    cli_out = tmp_path / "cli.jsonl"
    result = CliRunner().invoke(cli, ["export", str(source), "--to", "openai", "-o",
                                      str(cli_out), "--mask-pii"])
    assert result.exit_code == 0, result.output
    assert "pii: masked" in result.output
    dialog = opened.export_dialog()
    dialog.mask_pii.setChecked(True)
    dialog.wait()
    gui_out = tmp_path / "gui.jsonl"
    dialog.output.setText(str(gui_out))
    dialog.write()
    dialog.wait()
    assert "Masked" in dialog.status.text()
    assert gui_out.read_bytes() == cli_out.read_bytes()
    assert b"[SECRET_1]" in gui_out.read_bytes() and KEY.encode() not in gui_out.read_bytes()
