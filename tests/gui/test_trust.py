"""Issue 21: honest status, one undo, keys that reach the window, paths that last, weights
that are not 0 or 1, files of other formats, and workers that end with the check."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Generator
from pathlib import Path

import psutil
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from curator.core.api import default_settings
from curator.core.engine.pipeline import Analysis, Progress, finish, validate_path
from curator.core.model.resources import resource_path
from curator.gui.examples_model import STATUS
from curator.gui.main_window import MainWindow
from curator.gui.settings import recent_files
from curator.gui.views.export_dialog import ExportDialog
from curator.gui.workers import FILE_STAGE, Task
from tests.gui.conftest import SAMPLE_ROWS, Answers, wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))
Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def open_copy(qtbot: QtBot, window: MainWindow, tmp_path: Path,
              name: str = "support_chats.jsonl") -> Path:
    source = Path(resource_path(f"samples/{name}"))
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    window.files.open(path)
    wait_checked(qtbot, window)
    return path


# -- 1, 2: the status bar and the progress say what is true ----------------------------------


def test_rows_arriving_do_not_change_the_summary_timers_interval(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_copy(qtbot, window, tmp_path)
    window.document.rows_appended.emit(300, 16)  # (first row, count): not milliseconds
    assert window._summary_timer.interval() == 250


def test_the_summary_follows_the_file_to_its_checked_counts(qtbot: QtBot, window: MainWindow,
                                                            tmp_path: Path) -> None:
    open_copy(qtbot, window, tmp_path)
    qtbot.waitUntil(lambda: "errors" in window.summary.text(), timeout=3000)
    findings = finish(validate_path(SAMPLE, default_settings())).report.findings
    errors = sum(f.severity == "error" for f in findings)
    assert window.summary.text().startswith(
        f"{SAMPLE_ROWS} lines · openai-chat · {errors} errors")


def test_rows_not_yet_checked_say_so_not_clean(qtbot: QtBot, window: MainWindow,
                                               tmp_path: Path) -> None:
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(SAMPLE, path)
    window.files.open(path)  # the first rows are shown; the check has not come back yet
    model = window.examples.model
    assert model.rowCount() > 0 and not window.document.workspace.analysed
    assert model.data(model.index(0, STATUS)) == "not checked yet"
    window.examples.select_index(0)
    assert "not checked yet" in window.problems.heading.text()
    assert "error" not in window.summary.text()  # no "0 errors" before the check
    wait_checked(qtbot, window)
    assert model.data(model.index(0, STATUS)) in ("clean", "warning", "error", "info")


def test_after_the_rows_the_progress_is_busy_not_a_full_bar(window: MainWindow) -> None:
    def run() -> Generator[Progress, None, Analysis]:
        yield Progress(1, 2, "checking rows")
        yield Progress(2, 2, "checking rows")
        return None  # type: ignore[return-value]

    task = Task(lambda task: None)
    seen: list[tuple[int, int, str]] = []
    task.signals.progress.connect(lambda *step: seen.append(step))
    task.drive(run())
    assert seen == [(1, 2, "checking rows"), (2, 2, "checking rows"), (0, 0, FILE_STAGE)]
    window.document.busy.emit(True)
    window.document.progress.emit(2, 2, "checking rows")
    window.document.progress.emit(0, 0, FILE_STAGE)
    assert (window.progress.minimum(), window.progress.maximum()) == (0, 0)  # busy
    assert window.stage.text() == FILE_STAGE and not window.stage.wordWrap()
    assert "%" not in window.stage.text() and window.progress.format() == "%p%"


# -- 3: the ShareGPT sample is not four duplicates -------------------------------------------


def test_sharegpt_sample_offers_conversion_and_no_duplicates(
        qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    answers.replies.append(No)  # open it as it is
    open_copy(qtbot, window, tmp_path, "sharegpt.jsonl")
    assert "looks like sharegpt" in answers.questions[-1]
    codes = {f.code for f in window.document.workspace.all_findings()}
    assert not codes & {"D001", "N001", "D002"}
    window.duplicates.refresh()
    assert window.duplicates.groups == []  # "Keep this one" is never offered
    answers.replies.append(Yes)  # now convert it
    window.files.open(tmp_path / "sharegpt.jsonl")
    wait_checked(qtbot, window)
    workspace = window.document.workspace
    assert len(workspace) == 3 and window.document.path is None and window.document.modified
    assert "left out 1" in answers.errors[-1]  # a speaker called "robot", with its reason
    codes = {f.code for f in workspace.all_findings()}
    assert not codes & {"S000", "D001", "N001"}
    window.duplicates.refresh()
    assert window.duplicates.groups == []


def test_a_csv_is_converted_with_the_columns_chosen(qtbot: QtBot, window: MainWindow,
                                                   answers: Answers, tmp_path: Path) -> None:
    asked: list[list[str]] = []

    def columns(path: Path, names: list[str]) -> tuple[str, str, None]:
        asked.append(names)
        return "question", "answer", None

    window.files.choose_columns = columns  # type: ignore[method-assign]
    answers.replies.append(Yes)
    open_copy(qtbot, window, tmp_path, "faq.csv")
    assert asked == [["question", "answer", "notes"]]
    rows = window.document.workspace.dataset.rows
    assert [r.value["messages"][0]["content"] for r in rows if r.value] == [
        "How do I reset my password?", "Do you ship abroad?"]
    assert "left out 1" in answers.errors[-1]  # the row with an empty question
    assert not {f.code for f in window.document.workspace.all_findings()} & {"J002"}


# -- 4, 5: one undo, and the window's keys reach it from any field -----------------------------


def test_ctrl_z_in_a_field_undoes_the_documents_last_step(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    open_copy(qtbot, window, tmp_path)
    window.examples.select_index(3)
    before = window.document.workspace.dataset.rows[3].raw
    cards = window.conversation.cards
    count = len(cards)
    window.conversation._card_action("messages", count - 1, "delete")
    assert len(window.conversation.cards) == count - 1
    field = window.conversation.cards[0].content
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.conversation.cards) == count  # the document's undo, from the field
    assert window.document.workspace.dataset.rows[3].raw == before
    assert not window.document.modified


def test_typing_then_undoing_leaves_the_line_as_it_was(qtbot: QtBot, window: MainWindow,
                                                       tmp_path: Path) -> None:
    spaced = [json.dumps(json.loads(line)).encode() for line in SAMPLE.read_bytes().splitlines()
              if line.startswith(b'{"messages"') and b",]" not in line]
    path = tmp_path / "spaced.jsonl"
    path.write_bytes(b"\n".join(spaced) + b"\n")
    window.files.open(path)
    wait_checked(qtbot, window)
    window.examples.select_index(3)
    before = window.document.workspace.dataset.rows[3].raw
    assert b'", "' in before  # written with spaces: a compact rewrite would differ
    field = window.conversation.cards[0].content
    field.setFocus()
    qtbot.keyClicks(field, "x")
    assert window.document.modified
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.document.modified
    assert window.document.workspace.dataset.rows[3].raw == before
    field = window.conversation.cards[0].content
    assert field.hasFocus()  # the focus stays in the field the undo rebuilt
    qtbot.keyClicks(field, "y")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # typed and deleted: no change at all
    assert not window.document.modified and window.document.undo.count() == 0
    assert window.document.workspace.dataset.rows[3].raw == before


def test_ctrl_e_in_a_text_field_opens_export(qtbot: QtBot, window: MainWindow,
                                             tmp_path: Path) -> None:
    open_copy(qtbot, window, tmp_path)
    search = window.examples.filter_bar.text
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialogs = window.findChildren(ExportDialog)
    assert len(dialogs) == 1
    dialogs[0].tasks.cancel()
    dialogs[0].tasks.wait()
    dialogs[0].close()
    preferences = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                       if a.text() == "&Preferences…")
    assert preferences.shortcut() == QKeySequence("Ctrl+,")


# -- 8: recent files are absolute --------------------------------------------------------------


def test_open_recent_keeps_absolute_paths(qtbot: QtBot, window: MainWindow,
                                          tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    shutil.copyfile(SAMPLE, tmp_path / "here" / "chats.jsonl")
    start = Path.cwd()
    os.chdir(tmp_path / "here")
    try:
        window.files.open(Path("chats.jsonl"))
        wait_checked(qtbot, window)
    finally:
        os.chdir(start)
    assert window.document.path == tmp_path / "here" / "chats.jsonl"
    assert recent_files()[0] == (tmp_path / "here" / "chats.jsonl").resolve()


# -- 9: the keyboard moves between panes -------------------------------------------------------


def test_tab_leaves_the_table_and_f6_goes_round_the_panes(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    open_copy(qtbot, window, tmp_path)
    table = window.examples.table
    window.examples.select_index(3)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    field = window.conversation.cards[0].content
    assert field.hasFocus()  # Enter edits the selected example
    text = field.toPlainText()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert not field.hasFocus() and field.toPlainText() == text  # Tab moved on, no tab typed
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F6)
    assert window.problems.row_list.hasFocus()
    qtbot.keyClick(window.problems.row_list, Qt.Key.Key_F6)
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.problems.row_list.hasFocus()


# -- 7: a weight that is neither 0 nor 1 -------------------------------------------------------


def test_a_half_weight_shows_half_ticked_and_one_click_makes_it_one(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_copy(qtbot, window, tmp_path)
    row = next(f.line - 1 for f in finish(validate_path(SAMPLE, default_settings())).report
               .findings if f.code == "S013")  # the sample's weight 0.5
    window.examples.select_index(row)
    card = window.conversation.cards[1]
    assert card.weight is not None
    assert card.weight.checkState() == Qt.CheckState.PartiallyChecked
    finding = next(f for f in window.document.workspace.findings_at(row) if f.code == "S013")
    window.problems.jump_to.emit(finding)
    assert window.conversation.cards[1].weight.hasFocus()  # S013 is about the weight
    window.conversation.cards[1].weight.click()
    value = window.document.workspace.dataset.rows[row].value
    assert value is not None and value["messages"][1]["weight"] == 1
    codes = {f.code for f in window.document.workspace.findings_at(row)}
    assert not codes & {"S013", "C004"}


# -- 12: the workers end with the check ----------------------------------------------------


def test_worker_processes_are_gone_soon_after_the_check(qtbot: QtBot, window: MainWindow,
                                                        tmp_path: Path) -> None:
    qtbot.waitUntil(lambda: not window.document.warming_up, timeout=60_000)
    open_copy(qtbot, window, tmp_path)

    def workers() -> list[psutil.Process]:
        return [p for p in psutil.Process().children()
                if "resource_tracker" not in " ".join(p.cmdline())
                and p.status() != psutil.STATUS_ZOMBIE]

    deadline = time.monotonic() + 5
    while workers():
        assert time.monotonic() < deadline, "workers outlived the check by 5 s"
        QApplication.processEvents()
        time.sleep(0.05)
