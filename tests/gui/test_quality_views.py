"""The app's side of the quality checks: the Contamination view, the evaluation files in
Preferences and the export dialog, and a repeated piece marked in its message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from curator.core.model.resources import resource_path
from curator.gui.editor.growing_text import GrowingTextEdit
from curator.gui.main_window import MainWindow
from curator.gui.path_list import PathListEditor
from curator.gui.preferences_dialog import PreferencesDialog
from curator.gui.views.contamination_view import shared_style
from curator.gui.views.export_dialog import ExportDialog
from tests.gui.conftest import wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def evaluation_file(folder: Path) -> Path:
    """Lines 1 and 3 of the sample as evaluation items (their first turn)."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:3]]
    items = []
    for value in (rows[0], rows[2]):
        spoken = [m for m in value["messages"] if m["role"] in ("user", "assistant")]
        items.append({"messages": spoken[:2]})
    path = folder / "eval.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def against(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> MainWindow:
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(SAMPLE, path)
    window.files.open(path)
    wait_checked(qtbot, window)
    window.document.set_preferences({"against": [str(evaluation_file(tmp_path))]})
    wait_checked(qtbot, window)
    return window


def test_the_view_lists_matches_and_shows_both_sides(qtbot: QtBot, against: MainWindow
                                                     ) -> None:
    view = against.contamination
    next(d for d in against.analysis_docks if d.windowTitle() == "Contamination").raise_()
    view.refresher.now(force=True)
    shown = [view.list.item(i).text() for i in range(view.list.count())]
    assert shown[:2] == ["line 1: prompt (E001), eval.jsonl:1, 1.00",
                         "line 1: answer (E002), eval.jsonl:1, 1.00"]
    view.list.setCurrentRow(1)
    assert "Evaluation" in view.right_title.text() and "eval.jsonl line 1" in (
        view.right_title.text())
    assert "Sorry about the trouble" in view.right_text.toPlainText()
    colour = shared_style(view.palette()).split(":")[1]
    assert f"background-color:{colour}" in view.left_text.toHtml()  # the shared words
    with qtbot.waitSignal(view.go_to_line) as go:
        view.go.click()
    assert go.args == [1]


def test_deleting_a_contaminated_example_is_undoable(qtbot: QtBot, against: MainWindow
                                                     ) -> None:
    view = against.contamination
    view.refresher.now(force=True)
    workspace = against.document.workspace
    before = len(workspace)
    view.list.setCurrentRow(0)
    view.delete_current()
    assert len(workspace) == before - 1
    assert not {f.code for f in workspace.findings_at(0)} & {"E001", "E002"}
    against.document.undo.undo()
    assert len(workspace) == before
    assert {"E001", "E002"} <= {f.code for f in workspace.findings_at(0)}


def test_the_shared_colour_follows_the_palette() -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Highlight, QColor("#3060c0"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Highlight, QColor("#3060c0"))
    assert shared_style(dark) != shared_style(light)
    assert QColor(shared_style(dark).split(":")[1]).lightness() < 128


def test_preferences_choose_evaluation_files(qtbot: QtBot, against: MainWindow,
                                             tmp_path: Path) -> None:
    dialog = PreferencesDialog(against.document.settings)
    qtbot.addWidget(dialog)
    editor = dialog.editors["against"]
    assert isinstance(editor, PathListEditor)
    assert editor.paths() == [str(tmp_path / "eval.jsonl")]
    editor.add(tmp_path / "more.jsonl")
    assert dialog.preferences()["against"] == [str(tmp_path / "eval.jsonl"),
                                               str(tmp_path / "more.jsonl")]
    editor.list.setCurrentRow(0)
    editor.remove_selected()
    assert dialog.preferences()["against"] == [str(tmp_path / "more.jsonl")]


def test_the_export_dialog_can_leave_contaminated_examples_out(qtbot: QtBot,
                                                              against: MainWindow) -> None:
    dialog = ExportDialog(against.document)
    qtbot.addWidget(dialog)
    assert dialog.drop_contaminated.isEnabled()
    dialog.drop_contaminated.setChecked(True)
    dialog.preview()
    dialog.wait()
    assert dialog.prepared is not None
    reasons = set(dialog.prepared.plan.excluded.values())
    assert {"contaminated: eval.jsonl line 1", "contaminated: eval.jsonl line 2"} <= reasons


def test_a_repeated_piece_is_marked_in_its_message(qtbot: QtBot, window: MainWindow,
                                                   tmp_path: Path) -> None:
    reply = "Please restart the router. " + "Eat a banana! " * 20
    path = tmp_path / "loop.jsonl"
    path.write_text(json.dumps({"messages": [
        {"role": "user", "content": "What now?"},
        {"role": "assistant", "content": reply}]}) + "\n", encoding="utf-8")
    window.files.open(path)
    wait_checked(qtbot, window)
    window.examples.select_index(0)
    cards = window.conversation.parts["messages"]
    assert isinstance(cards, list)
    content = cards[1].content
    assert isinstance(content, GrowingTextEdit)
    ((start, end, tip),) = content.marks
    assert reply[start:end] == "Eat a banana!" and start == reply.index("Eat a banana!") + 14
    assert tip.startswith("warning R001")
    assert len(content.extraSelections()) == 1
