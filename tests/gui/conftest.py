"""GUI fixtures: an isolated settings file and recovery folder, and a main window whose
questions and file choices the test answers."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from curator.core.model.resources import resource_path
from curator.gui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the README's command sets it too

Buttons = QMessageBox.StandardButton
SAMPLE_LINES = Path(resource_path("samples/support_chats.jsonl")).read_bytes().splitlines()
SAMPLE_ROWS = len(SAMPLE_LINES)  # every line is a row of the table, blank or broken ones too


def _is_example(line: bytes) -> bool:
    import orjson

    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


SAMPLE_EXAMPLES = sum(1 for line in SAMPLE_LINES if _is_example(line))  # parsed examples


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: QApplication) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))


class Answers:
    """What the person would answer: the next replies to questions, and errors shown."""

    def __init__(self) -> None:
        self.replies: list[Buttons] = []
        self.questions: list[str] = []
        self.errors: list[str] = []
        self.save_as: Path | None = None


def make_window(qtbot: QtBot, recovery: Path, answers: Answers) -> MainWindow:
    window = MainWindow(recovery)
    qtbot.addWidget(window)

    def ask(title: str, text: str, buttons: Buttons, default: Buttons) -> Buttons:
        answers.questions.append(text)
        return answers.replies.pop(0) if answers.replies else Buttons.Discard

    window.files.ask = ask  # type: ignore[method-assign]
    window.files.show_error = answers.errors.append  # type: ignore[method-assign]
    window.files.choose_save = lambda: answers.save_as  # type: ignore[method-assign]
    return window


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, answers: Answers) -> Iterator[MainWindow]:
    window = make_window(qtbot, tmp_path / "recovery", answers)
    window.show()
    yield window
    window.document.undo.setClean()
    window.document.cancel()


def wait_checked(qtbot: QtBot, window: MainWindow, timeout: float = 60) -> None:
    document = window.document
    deadline = time.monotonic() + timeout
    while document.running or document.loading or not document.workspace.analysed:
        qtbot.wait(10)
        assert time.monotonic() < deadline, (
            f"the background check did not finish: running={document.running} "
            f"loading={document.loading} analysed={document.workspace.analysed} "
            f"errors={document.errors}")
    qtbot.wait(10)


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> MainWindow:
    """The window with a copy of the bundled sample open and checked (a test may edit it)."""
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(resource_path("samples/support_chats.jsonl"), path)
    window.files.open(path)
    wait_checked(qtbot, window)
    return window
