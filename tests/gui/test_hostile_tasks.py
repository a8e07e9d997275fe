"""Issue 15 in the app. Item 18: an unexpected exception in a background task is a failed
task with a short message and a crash report, never a traceback and a check that never ends.
Item 12: the export dialog writes only what curator-cli export would.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from curator.gui import workers
from curator.gui.document import Document
from curator.gui.main_window import MainWindow
from curator.gui.workers import Task
from tests.cli.hostile import clean
from tests.gui.conftest import wait_checked


def _crashes() -> set[Path]:
    folder = Path(os.environ["CURATOR_CACHE_DIR"]) / "crashes"
    return set(folder.iterdir()) if folder.is_dir() else set()


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise ZeroDivisionError("boom")


def test_an_unexpected_exception_fails_the_task_with_a_crash_report(
        qtbot: QtBot, capfd: pytest.CaptureFixture[str]) -> None:
    before = _crashes()
    task = Task(_boom)
    finished: list[object] = []
    task.signals.finished.connect(finished.append)
    with qtbot.waitSignal(task.signals.failed, timeout=10_000) as failed:
        task.start()
    task.wait()
    (report,) = _crashes() - before
    assert failed.args == [
        "internal error: ZeroDivisionError: boom; this is a bug in Curator: please report "
        f"it; the crash report {report} has the details"]
    assert finished == []
    assert "Traceback" not in capfd.readouterr().err
    text = report.read_text(encoding="utf-8")
    assert "curator (background task)" in text and "ZeroDivisionError: boom" in text


def test_a_check_that_crashes_ends_and_says_so(qtbot: QtBot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the exception printed a traceback and the check never ended."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(clean(20))
    monkeypatch.setattr(workers, "validate_dataset", _boom)
    monkeypatch.setattr(workers, "validate_path", _boom)
    document = Document(tmp_path / "recovery")
    with qtbot.waitSignal(document.failed, timeout=60_000) as failed:
        document.open(path)
    assert failed.args[0].startswith("internal error: ZeroDivisionError: boom; ")
    qtbot.waitUntil(lambda: not document.running and not document.loading, timeout=60_000)
    assert document.errors == failed.args
    document.cancel()


def test_the_export_dialog_guards_its_outputs_as_the_cli_does(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Issue 15, item 12 in the app: a derived name that is the source (its name, or a link
    to it), or a file that is not an earlier output, is refused before anything is written."""
    source = tmp_path / "data.train.jsonl"
    source.write_bytes(clean(30))
    window.files.open(source)
    wait_checked(qtbot, window)
    dialog = window.export_dialog()
    dialog.split.setValue(0.2)
    dialog.wait()
    before = sorted(p.name for p in tmp_path.iterdir())
    for out, refused in [("data.jsonl", "data.train.jsonl: refusing to overwrite the source"),
                         ("mine.jsonl", "mine.validation.jsonl: refusing to overwrite a file")]:
        (tmp_path / "mine.validation.jsonl").write_bytes(b"my own validation set\n")
        dialog.output.setText(str(tmp_path / out))
        dialog.write()
        dialog.wait()
        assert dialog.status.text().startswith("Choose another file: ")
        assert refused in dialog.status.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({*before,
                                                                 "mine.validation.jsonl"})
    assert (tmp_path / "mine.validation.jsonl").read_bytes() == b"my own validation set\n"
    dialog.close()
