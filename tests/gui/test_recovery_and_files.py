"""Crash recovery, saving, preferences and background checking in the app."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from curator.core.engine.pipeline import finish, validate_path
from curator.core.model.resources import resource_path
from curator.gui.main_window import MainWindow
from curator.gui.settings import load_preferences
from tests.gui.conftest import SAMPLE_ROWS, Answers, make_window, wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def sample_copy(tmp_path: Path) -> Path:
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(SAMPLE, path)
    return path


def test_a_crash_restores_unsaved_edits(qtbot: QtBot, tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    recovery = tmp_path / "recovery"
    first = MainWindow(recovery)  # not registered with qtbot: it will "crash", not close
    first.files.open(path)
    wait_checked(qtbot, first)
    first.examples.select_index(2)
    first.conversation.cards[1].content.setPlainText("Edited before the crash.")
    first.document.write_recovery()
    assert len(list(recovery.glob("*.journal"))) == 1
    first.document.cancel()
    first.hide()
    first.document.recovery.release()  # what the end of its process does
    first.deleteLater()  # gone without closeEvent: the journal stays

    answers = Answers()
    answers.replies.append(QMessageBox.StandardButton.Yes)
    second = make_window(qtbot, recovery, answers)
    second.files.offer_recovery()
    wait_checked(qtbot, second)
    assert "did not close cleanly" in answers.questions[0]
    row = second.document.workspace.dataset.rows[2]
    assert row.value is not None
    assert row.value["messages"][1]["content"] == "Edited before the crash."
    assert second.isWindowModified()
    assert path.read_bytes() == SAMPLE.read_bytes()  # the file itself was never written
    assert second.files.save()
    assert b"Edited before the crash." in path.read_bytes()
    assert not list(recovery.glob("*.journal"))


def test_save_as_writes_a_new_file_and_keeps_untouched_bytes(
        qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    window.files.open(SAMPLE)
    wait_checked(qtbot, window)
    window.examples.select_index(0)
    window.conversation.cards[1].content.setPlainText("A new question?")
    answers.save_as = tmp_path / "out.jsonl"
    assert window.files.save_as()
    old = SAMPLE.read_bytes().split(b"\n")
    new = answers.save_as.read_bytes().split(b"\n")
    assert len(old) == len(new) and old[1:] == new[1:] and old[0] != new[0]
    assert window.document.path == answers.save_as
    assert window.windowTitle().startswith("out.jsonl")


def test_preferences_persist_and_recheck_with_the_target(
        qtbot: QtBot, window: MainWindow) -> None:
    window.files.open(SAMPLE)
    wait_checked(qtbot, window)
    assert "T001" not in window.document.workspace.counts()
    chosen = {"target": "gpt-3.5-turbo-0125", "near_duplicate_threshold": 0.9,
              "lang": ["en", "de"]}
    window.files.apply_preferences(chosen)
    wait_checked(qtbot, window)
    assert load_preferences() == chosen
    settings = window.document.workspace.settings
    assert settings.core.target is not None and settings.core.target.token_limit == 16385
    assert settings.values()["lang"] == ("en", "de")
    language = [f.message for f in window.document.workspace.all_findings()
                if f.code == "L001"]
    assert language and not [m for m in language if m.startswith("written in German")]


def test_cancel_stops_the_check_but_never_the_reading(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    window.files.open(SAMPLE)
    window.cancel_button.click()
    window.document.wait()
    qtbot.waitUntil(lambda: not window.document.loading, timeout=10_000)  # reading goes on
    assert not window.document.running
    assert len(window.document.workspace) == SAMPLE_ROWS  # the whole file, or saving loses rows
    assert not window.document.workspace.analysed
    window.document.check()
    wait_checked(qtbot, window)
    assert window.document.workspace.analysed
    every = finish(validate_path(SAMPLE, window.document.settings)).report.findings
    assert window.document.workspace.all_findings() == every


def test_opening_a_missing_file_says_so(window: MainWindow, answers: Answers,
                                        tmp_path: Path) -> None:
    window.files.open(tmp_path / "nope.jsonl")
    assert "no such file" in answers.errors[0]


def test_a_dataset_started_from_nothing_is_checked_and_saved(
        qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    """No file open: Edit › New example, write it, Save As."""
    window.new_example()
    wait_checked(qtbot, window)  # the first rows of a new document get a full check
    workspace = window.document.workspace
    assert str(workspace.shape) == "openai-chat"
    assert {f.code for f in workspace.findings_at(0)} == {"S010"}  # both messages empty
    question, reply = window.conversation.cards
    question.content.setPlainText("How do I reset my router?")
    reply.content.setPlainText("Hold the reset button for ten seconds, then wait a minute.")
    assert not workspace.findings_at(0)
    qtbot.waitUntil(lambda: "openai-chat" in window.summary.text())  # counts follow shortly
    assert "checking" not in window.summary.text()
    answers.save_as = tmp_path / "new.jsonl"
    assert window.files.save_as()
    report = finish(validate_path(tmp_path / "new.jsonl")).report
    assert [f.code for f in report.findings] == ["S090"]  # only: too few examples yet
