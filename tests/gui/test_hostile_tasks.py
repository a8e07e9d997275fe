"""Issue 15, item 18 in the app: an unexpected exception in a background task is a failed
task with a short message and a crash report, never a traceback and a check that never ends.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from curator.gui import workers
from curator.gui.document import Document
from curator.gui.workers import Task
from tests.cli.hostile import clean


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
