"""The Template tab shows the selected example as TRL trains it on an open model; the
statistics and cost views show the trained tokens; the preferences take the tokenizer file
and max_length."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from curator.core.api import resource_path
from curator.gui.editor.template_tab import NOT_OPEN
from curator.gui.main_window import MainWindow
from curator.gui.preferences_dialog import PreferencesDialog
from tests.gui.conftest import wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def _open(qtbot: QtBot, window: MainWindow, tmp_path: Path, **preferences: object) -> None:
    window.document.set_preferences(dict(preferences))
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(SAMPLE, path)
    window.files.open(path)
    wait_checked(qtbot, window)


def _select(qtbot: QtBot, window: MainWindow, line: int) -> None:
    window.examples.select_index(line - 1)
    window.tabs.setCurrentWidget(window.template)
    qtbot.wait(10)


def test_the_template_tab_highlights_the_trained_tokens(qtbot: QtBot, window: MainWindow,
                                                        tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path, target="qwen2.5-7b-qlora")
    _select(qtbot, window, 3)
    tab = window.template
    view = tab.view
    assert view is not None and view.trained and view.cut is None
    text = tab.text.toPlainText()
    assert text.startswith("<|im_start|>system\n") and text == view.text
    selections = tab.text.extraSelections()
    assert len(selections) == len(view.trained)
    for (start, end), selection in zip(view.trained, selections, strict=True):
        assert (selection.cursor.selectionStart(), selection.cursor.selectionEnd()) == (
            start, end)
        assert text[start:end].endswith("<|im_end|>\n")  # the reply and its end are trained
        tint = selection.format.background().color()
        assert tint.rgb() == tab.text.palette().color(QPalette.ColorRole.Highlight).rgb()
    assert f"{view.trained_tokens:,} trained" in tab.summary.text()
    # an edit of the row shows at once
    value = dict(window.document.workspace.row(window.template.key or 0).value or {})
    value["messages"] = [*value["messages"][:-1], {"role": "assistant", "content": "Done."}]
    window.document.edit_value(tab.key or 0, value, "edit")
    qtbot.wait(10)
    assert "Done.<|im_end|>" in tab.text.toPlainText()


def test_what_max_length_cuts_is_struck_through(qtbot: QtBot, window: MainWindow,
                                                tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path, target="qwen2.5-7b-qlora", max_length=40)
    _select(qtbot, window, 3)
    view = window.template.view
    assert view is not None and view.cut is not None and view.lost > 0
    struck = window.template.text.extraSelections()[-1]
    assert struck.format.fontStrikeOut()
    assert struck.cursor.selectionEnd() == len(view.text)
    assert "max_length 40" in window.template.summary.text()


def test_without_an_open_model_the_tab_says_how_to_get_one(qtbot: QtBot, window: MainWindow,
                                                           tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path, target="gpt-4o-mini-2024-07-18")
    _select(qtbot, window, 3)
    assert window.template.summary.text() == NOT_OPEN
    assert window.template.text.toPlainText() == ""


def test_statistics_and_cost_show_the_trained_tokens(qtbot: QtBot, window: MainWindow,
                                                     tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path, target="qwen2.5-7b-qlora")
    next(d for d in window.analysis_docks if d.windowTitle() == "Statistics").raise_()
    window.stats.refresher.now(force=True)
    assert "qwen2_5_training.jinja" in window.stats.note.text()
    assert "tokens are trained" in window.stats.note.text()
    next(d for d in window.analysis_docks if d.windowTitle() == "Cost").raise_()
    cost = window.cost
    cost.target.setCurrentIndex(cost.target.findData("qwen2.5-7b-qlora"))
    cost.redraw()
    assert "assistant tokens are trained per epoch" in cost.summary.text()
    assert cost.estimates["qwen2.5-7b-qlora"].billed_tokens == int(
        window.document.workspace.metrics["total"].sum())


def test_the_preferences_take_a_tokenizer_file_and_max_length(qtbot: QtBot) -> None:
    from curator.core.api import default_settings

    dialog = PreferencesDialog(default_settings())
    qtbot.addWidget(dialog)
    assert dialog.preferences()["tokenizer"] is None
    assert dialog.preferences()["max_length"] == 1024
    dialog.editors["tokenizer"].setText("/models/llama/tokenizer.json")  # type: ignore[union-attr]
    dialog.editors["max_length"].setValue(2048)  # type: ignore[union-attr]
    chosen = dialog.preferences()
    assert chosen["tokenizer"] == "/models/llama/tokenizer.json"
    assert chosen["max_length"] == 2048


@pytest.mark.parametrize("preferences", [{"target": "llama-3-8b-lora"}])
def test_llama3_tool_calls_show_as_dropped(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                           preferences: dict[str, object]) -> None:
    _open(qtbot, window, tmp_path, **preferences)
    codes = {f.code for f in window.document.workspace.all_findings()}
    assert {"M001", "M010"} <= codes
